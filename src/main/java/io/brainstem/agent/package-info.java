/**
 * The standalone service's example agent: a small agent on Spring AI's {@code ChatClient} that answers
 * questions about the host it runs on, with one tool (the host's latest readings from brainstem's own
 * buffer) and an admission queue in front of the model (at most N model calls at once, a bounded wait
 * line behind them). It exists to show, and to test, what brainstem measures in an agent service: the
 * model calls, their tokens and time to first token, the tool call and the queue, all through
 * Micrometer observations that brainstem attributes to the request.
 *
 * <p>Spring-aware and optional: it is registered only by the standalone application, and builds its
 * Spring AI parts only when {@code agent.model.url} names a model server. An application that embeds
 * brainstem has agents of its own.
 */
package io.brainstem.agent;
