package io.brainstem.observation;

import io.brainstem.component.Component;
import io.brainstem.component.ComponentRegistry;
import io.brainstem.component.RequestComponents;
import io.brainstem.monitor.RequestMonitor;
import io.brainstem.monitor.ThreadCost;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Attributes every Micrometer observation to a component ({@link ComponentNaming}) and, when it belongs
 * to an HTTP request, to that request's summary: its duration, its error, its thread's CPU time and
 * allocation when it started and stopped on one thread, and for Spring AI model calls the tokens
 * ({@code gen_ai.usage.input_tokens} / {@code output_tokens}, counted once where Spring AI reports a
 * tool loop's usage cumulatively: {@link #conversationOf}) and the time to first token
 * ({@link AgentEvents#FIRST_TOKEN}).
 *
 * <p><b>Which request.</b> An observation started on a thread serving a request (bound by the request
 * filter, {@link RequestMonitor#current()}) belongs to it; one started elsewhere belongs to the request
 * of its parent observation, which was attributed when it started, so a chain of parents across
 * threads and executors leads back to the request. The request's own server observation
 * ({@code http.server.requests}) is not a component, but is tracked so that its children find the
 * request.
 *
 * <p><b>Cost.</b> No allocation per observation on the paths that matter: the start is kept in
 * {@link InFlight}, not in the context; component names are cached. Thread CPU time is read only for
 * components whose operations are long enough for it ({@link Component#measuresCpu()}).
 *
 * <p>Thread-safe; stateless per observation beyond {@link InFlight}.
 */
public final class BrainstemObservationHandler implements ObservationHandler<Observation.Context> {

    static final String SERVER = "http.server.requests";
    static final String INPUT_TOKENS = "gen_ai.usage.input_tokens";
    static final String OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
    static final String GEN_AI = "gen_ai.client.operation";
    static final String CHAT_CLIENT = "spring.ai.chat.client";

    /** Context key, on a conversation's observation, of the tokens its model calls reported so far. */
    private static final Class<TokensSeen> TOKENS_SEEN = TokensSeen.class;

    /** Context key of the start, when the in-flight table had no room. */
    private static final Class<Started> STARTED = Started.class;
    /** Context key of the first first-token signal's time (nanoTime). */
    private static final String FIRST_TOKEN_AT = BrainstemObservationHandler.class.getName() + ".firstToken";

    private final ComponentRegistry registry;
    private final ComponentNaming naming;
    private final ThreadCost threadCost;
    private final InFlight inFlight = new InFlight();
    private final AtomicLong observations = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private final AtomicLong unmatched = new AtomicLong();

    public BrainstemObservationHandler(ComponentRegistry registry) {
        this(registry, ThreadCost.JVM);
    }

    BrainstemObservationHandler(ComponentRegistry registry, ThreadCost threadCost) {
        this.registry = registry;
        this.naming = new ComponentNaming(registry);
        this.threadCost = threadCost;
    }

    /** The start of an observation the in-flight table had no room for. */
    private record Started(long nanos, long cpu, long alloc, long thread, Component component,
                           RequestComponents request) {
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return true;
    }

    @Override
    public void onStart(Observation.Context context) {
        RequestComponents request = requestOf(context);
        Component c = SERVER.equals(context.getName()) ? null : naming.componentOf(context);
        if (c == null && request == null) {
            return; // a server observation outside a monitored request: nothing to attribute
        }
        long thread = Thread.currentThread().threadId();
        long cpu = c != null && c.measuresCpu() ? threadCost.cpuNanos() : -1;
        long alloc = c != null ? threadCost.allocatedBytes() : -1;
        long now = System.nanoTime();
        if (inFlight.claim(context, now, cpu, alloc, thread, c, request) < 0) {
            spilled.incrementAndGet();
            context.put(STARTED, new Started(now, cpu, alloc, thread, c, request));
        }
        if (request != null && c != null && c.genAi()) {
            request.genAiStarted(context, now);
        }
    }

    /** The request on this thread, else the one the parent observation belongs to. */
    private RequestComponents requestOf(Observation.Context context) {
        RequestMonitor.Request current = RequestMonitor.current();
        if (current != null) {
            return current.components();
        }
        ObservationView parent = context.getParentObservation();
        if (parent == null) {
            return null;
        }
        Object parentContext = parent.getContextView();
        int s = inFlight.find(parentContext);
        if (s >= 0) {
            return inFlight.request(s);
        }
        Started started = parentContext instanceof Observation.Context pc ? pc.get(STARTED) : null;
        return started == null ? null : started.request();
    }

    @Override
    public void onEvent(Observation.Event event, Observation.Context context) {
        if (!AgentEvents.FIRST_TOKEN_NAME.equals(event.getName())) {
            return;
        }
        long now = System.nanoTime();
        context.computeIfAbsent(FIRST_TOKEN_AT, k -> now);
        int s = inFlight.find(context);
        RequestComponents request = s >= 0 ? inFlight.request(s) : null;
        if (s < 0) {
            Started started = context.get(STARTED);
            request = started == null ? null : started.request();
        }
        if (request != null) {
            request.firstToken(now);
        }
    }

    @Override
    public void onStop(Observation.Context context) {
        long end = System.nanoTime();
        long startNanos;
        long startCpu;
        long startAlloc;
        long thread;
        Component c;
        RequestComponents request;
        int s = inFlight.find(context);
        if (s >= 0) {
            startNanos = inFlight.startNanos(s);
            startCpu = inFlight.startCpu(s);
            startAlloc = inFlight.startAlloc(s);
            thread = inFlight.thread(s);
            c = inFlight.component(s);
            request = inFlight.request(s);
        } else {
            Started started = context.get(STARTED);
            if (started == null) {
                unmatched.incrementAndGet(); // started before this handler was registered
                return;
            }
            startNanos = started.nanos();
            startCpu = started.cpu();
            startAlloc = started.alloc();
            thread = started.thread();
            c = started.component();
            request = started.request();
        }
        if (c == null) {
            if (s >= 0) {
                inFlight.release(s);
            }
            return;
        }
        boolean sameThread = Thread.currentThread().threadId() == thread;
        long alloc = sameThread && startAlloc >= 0 ? threadCost.allocatedBytes() : -1;
        long cpu = sameThread && startCpu >= 0 ? threadCost.cpuNanos() : -1;
        cpu = cpu >= 0 ? cpu - startCpu : -1;
        alloc = alloc >= 0 ? Math.max(0, alloc - startAlloc) : -1;
        long nanos = end - startNanos;
        long ttft = -1;
        long tokensIn = -1;
        long tokensOut = -1;
        Long firstToken = context.get(FIRST_TOKEN_AT);
        if (firstToken != null) {
            ttft = Math.max(0, firstToken - startNanos);
        }
        if (c.genAi()) {
            tokensIn = tokens(context, INPUT_TOKENS);
            tokensOut = tokens(context, OUTPUT_TOKENS);
            Observation.Context conversation = conversationOf(context);
            if (conversation != null && (tokensIn >= 0 || tokensOut >= 0)) {
                TokensSeen seen = conversation.computeIfAbsent(TOKENS_SEEN, k -> new TokensSeen());
                long[] fresh = seen.advance(tokensIn, tokensOut);
                tokensIn = fresh[0];
                tokensOut = fresh[1];
            }
            if (request != null) {
                long inherited = request.genAiEnded(context);
                if (ttft < 0) {
                    ttft = inherited;
                }
            }
        }
        if (s >= 0) {
            inFlight.release(s);
        }
        boolean error = context.getError() != null;
        observations.incrementAndGet();
        c.record(nanos, error, cpu, alloc, tokensIn, tokensOut, ttft);
        if (request != null) {
            request.add(c, nanos, error, cpu, alloc, tokensIn, tokensOut, ttft);
        }
    }

    /**
     * The conversation a model call belongs to, within which Spring AI reports usage cumulatively: after
     * a tool call, the next model call's usage includes the calls before it (its {@code UsageCalculator}
     * adds the previous response's usage), and a streamed answer's outer call, whose stream carries the
     * calls nested in it, reports the total again. The conversation is the nearest chat-client
     * observation above the call, else the outermost model call of the call and those above it (a
     * stream without a chat client; a call on its own is its own conversation).
     */
    private static Observation.Context conversationOf(Observation.Context context) {
        Observation.ContextView outermostModelCall = context;
        ObservationView parent = context.getParentObservation();
        for (int depth = 0; parent != null && depth < 32; depth++) {
            Observation.ContextView view = parent.getContextView();
            if (CHAT_CLIENT.equals(view.getName())) {
                return view instanceof Observation.Context c ? c : null;
            }
            if (GEN_AI.equals(view.getName())) {
                outermostModelCall = view;
            }
            parent = view.getParentObservation();
        }
        return outermostModelCall instanceof Observation.Context c ? c : null;
    }

    /** The most input and output tokens the model calls of one conversation have reported (cumulative). */
    private static final class TokensSeen {
        private long in;
        private long out;

        /** What {@code in} and {@code out} add to what was already counted; -1 stays "not reported". */
        synchronized long[] advance(long reportedIn, long reportedOut) {
            long freshIn = reportedIn < 0 ? -1 : Math.max(0, reportedIn - in);
            long freshOut = reportedOut < 0 ? -1 : Math.max(0, reportedOut - out);
            in = Math.max(in, reportedIn);
            out = Math.max(out, reportedOut);
            return new long[]{freshIn, freshOut};
        }
    }

    private static long tokens(Observation.Context context, String key) {
        KeyValue kv = context.getHighCardinalityKeyValue(key);
        if (kv == null) {
            kv = context.getLowCardinalityKeyValue(key);
        }
        if (kv == null) {
            return -1;
        }
        String v = kv.getValue();
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch < '0' || ch > '9' || i > 17) {
                return -1;
            }
            n = n * 10 + (ch - '0');
        }
        return v.isEmpty() ? -1 : n;
    }

    /** Counts the operations in flight into the registry's components (the daemon calls it each poll). */
    public void countInFlight() {
        registry.inFlight(inFlight.running(System.nanoTime()));
    }

    /** State for {@code GET /api/v1/daemon}. */
    public record Status(long observations, int inFlight, int inFlightCapacity, long spilled, long unmatched) {
    }

    public Status status() {
        return new Status(observations.get(), inFlight.size(), InFlight.CAPACITY, spilled.get(), unmatched.get());
    }
}
