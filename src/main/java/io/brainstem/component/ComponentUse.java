package io.brainstem.component;

/**
 * What one component cost one request: the {@code components} entries of a request summary (its body
 * and its {@code Brainstem-Request} header, where the keys are shortened). Immutable.
 *
 * @param name           the component
 * @param count          operations of the request in that component
 * @param errors         of those, the ones that ended with an error
 * @param totalMs        their summed duration (operations may overlap, so this can exceed the request's)
 * @param maxMs          the longest one
 * @param cpuMs          thread CPU time of the operations that started and ended on one thread and were
 *                       measured; null when none was
 * @param allocatedBytes heap bytes their threads allocated meanwhile; null when not measured
 * @param tokensIn       gen_ai input tokens; null when the operations reported none
 * @param tokensOut      gen_ai output tokens
 * @param ttftMs         time to first token of the first operation that had one, from that operation's start
 */
public record ComponentUse(String name, long count, long errors, double totalMs, double maxMs, Double cpuMs,
                           Long allocatedBytes, Long tokensIn, Long tokensOut, Double ttftMs) {
}
