package io.brainstem.emit;

import io.brainstem.emit.ElasticsearchTransport.Request;
import io.brainstem.emit.ElasticsearchTransport.Response;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ships the {@link Backlog} to Elasticsearch: every emit interval, on {@link #flushNow()} and once more at
 * {@link #close()}, it sends everything not yet acknowledged, oldest first, in bulk requests bounded by
 * count and bytes, back to back until the backlog is empty, with up to
 * {@link ElasticsearchSettings#maxBulksInFlight()} bulks in flight at once, and settles each document as
 * its outcome is known:
 * <ul>
 *   <li>created, or already there (409, from an earlier send whose answer was lost): delivered;</li>
 *   <li>rejected for good (status 400: mapping conflict, unparsable document, illegal argument): written to
 *       the {@link DeadLetterFile}, so it never blocks the documents behind it;</li>
 *   <li>429, 5xx or other statuses a configuration change may fix: sent again, alone with the other
 *       unfinished ones of its bulk, after an exponential backoff with jitter; still unfinished after
 *       {@link ShippingPolicy#maxAttempts()} sends, they wait in the backlog for the next round, ahead of
 *       anything newer, and the round stops sending new bulks.</li>
 * </ul>
 * A request that fails as a whole (connection refused or reset, no answer within the request timeout,
 * 429/5xx) is retried the same way: deterministic ids make sending a document twice create it once. A
 * circuit breaker around the bulk call stops sending to a cluster that keeps failing (connections, time-outs,
 * 5xx; not 429, which only asks for the backoff) and lets one probe through after
 * {@link ShippingPolicy#openDuration()}.
 *
 * <p><b>Order.</b> Bulks are cut from the backlog in offset order and acknowledged in that order: a bulk's
 * delivered and dead-lettered documents are acknowledged once it is finished (delivered, or given up on
 * for this round) and every bulk before it is too, so a bulk that overtakes a slower one waits for it.
 * A bulk given up on stops the round from cutting new ones; the bulks in flight beside it finish and are
 * acknowledged, and its documents lead the next round, as documents left over inside one bulk always
 * did (the spool's durable position stays at the first of them). While the circuit is open or half-open
 * only one bulk is in flight, the oldest, so the probe is the bulk that must go first. What the backlog
 * sees is therefore what it sees with one bulk at a time; only Elasticsearch may index two bulks in
 * flight interleaved (one bulk at a time keeps its indexing order too).
 *
 * <p>The rounds run on one virtual thread of its own, each bulk on a virtual thread of the round; callers
 * never wait for Elasticsearch ({@link #flushNow()} answers with a future). Thread-safe: {@link #state()},
 * {@link #flushNow()} and {@link #close()} may be called from any thread.
 */
public final class ElasticsearchEmitter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchEmitter.class);
    private static final String NDJSON = "application/x-ndjson";

    private final ElasticsearchSettings settings;
    private final ShippingPolicy policy;
    private final ElasticsearchTransport client;
    private final boolean ownsClient;
    private final Backlog backlog;
    private final DeadLetterFile deadLetters;
    private final InstantSource clock;
    private final CircuitBreaker circuit;
    private final Retry retry;
    private final LinkedBlockingQueue<CompletableFuture<FlushResult>> flushRequests = new LinkedBlockingQueue<>();
    private final LatencyWindow latency = new LatencyWindow(1024);

    private final Object lifecycle = new Object();
    private Thread thread;
    private volatile boolean closing;
    /** Set when close() gave up waiting: the round in progress stops at its next step. */
    private volatile boolean abandoned;

    // Counted by the bulks' threads; read by state().
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong alreadyPresent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong bulkRequests = new AtomicLong();
    private final AtomicLong failedRequests = new AtomicLong();
    private volatile Boolean reachable;
    private volatile Instant lastSuccessAt;
    private volatile Instant lastFailureAt;
    private volatile String lastError;
    private volatile Double lastBulkMillis;
    /** Whether the last bulk outcome was a failure: an outage is logged once, at its start and its end. Guarded by this. */
    private boolean failing;
    /** The highest offset ever sent; offsets only grow, so anything at or below it is a re-send. */
    private final AtomicLong highestSentOffset = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param client      the transport ({@link ElasticsearchTransport#create}); the caller keeps owning it
     * @param deadLetters where documents rejected for good are kept
     * @param clock       stamps the state and the dead letters, and ages the backlog
     */
    public ElasticsearchEmitter(ElasticsearchSettings settings, ShippingPolicy policy, ElasticsearchTransport client,
                                Backlog backlog, DeadLetterFile deadLetters, InstantSource clock) {
        this(settings, policy, client, false, backlog, deadLetters, clock);
    }

    private ElasticsearchEmitter(ElasticsearchSettings settings, ShippingPolicy policy, ElasticsearchTransport client,
                                 boolean ownsClient, Backlog backlog, DeadLetterFile deadLetters, InstantSource clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.backlog = Objects.requireNonNull(backlog, "backlog");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.circuit = CircuitBreaker.of("elasticsearch", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(policy.slidingWindow())
                .minimumNumberOfCalls(policy.minimumCalls())
                .failureRateThreshold(policy.failureRateThreshold())
                .waitDurationInOpenState(policy.openDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                // A sick or unreachable cluster opens the circuit; 429 is the cluster pacing us, which the
                // retry's backoff answers, and a refusal (401, 403, ...) is not sickness: neither counts.
                .recordException(e -> e instanceof TransientFailure t && !t.backpressure)
                .ignoreException(e -> e instanceof PermanentFailure || e instanceof Stopped
                        || (e instanceof TransientFailure t && t.backpressure))
                .recordResult(ElasticsearchEmitter::allServerErrors)
                .build());
        this.circuit.getEventPublisher().onStateTransition(e ->
                log.info("Elasticsearch circuit {} ({})", e.getStateTransition().getToState(),
                        settings.displayUrls()));
        this.retry = Retry.of("elasticsearch-bulk", RetryConfig.<Batch>custom()
                .maxAttempts(policy.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(), 2.0, 0.5,
                        policy.maxBackoff()))
                .retryOnException(e -> e instanceof TransientFailure)
                .retryOnResult(batch -> !batch.pending.isEmpty() && !abandoned)
                .failAfterMaxAttempts(false)
                .build());
    }

    /** An emitter with its own transport built from the settings; {@link #close()} closes it too. */
    public static ElasticsearchEmitter create(ElasticsearchSettings settings, ShippingPolicy policy, Backlog backlog,
                                              DeadLetterFile deadLetters, InstantSource clock) {
        return new ElasticsearchEmitter(settings, policy, ElasticsearchTransport.create(settings), true, backlog,
                deadLetters, clock);
    }
    /** Starts the shipping thread; the first round runs one emit interval from now (or on {@link #flushNow()}). */
    public void start() {
        synchronized (lifecycle) {
            if (closing) {
                throw new IllegalStateException("emitter is closed");
            }
            if (thread != null) {
                throw new IllegalStateException("emitter already started");
            }
            thread = Thread.ofVirtual().name("brainstem-emitter").start(this::run);
        }
    }

    /**
     * Asks for a shipping round now. Returns at once; the future completes when the round has ended
     * (requests made before a round begins share it). Before {@link #start()} the request waits for the
     * thread; after {@link #close()} the future fails.
     */
    public CompletableFuture<FlushResult> flushNow() {
        CompletableFuture<FlushResult> done = new CompletableFuture<>();
        synchronized (lifecycle) {
            if (closing) {
                done.completeExceptionally(new IllegalStateException("emitter is closed"));
            } else {
                flushRequests.add(done);
            }
        }
        return done;
    }

    /**
     * Runs a last round to ship what is waiting, for at most {@link ShippingPolicy#shutdownTimeout()}, then
     * stops the thread. What is not delivered stays in the backlog. Idempotent.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (lifecycle) {
            if (closing) {
                return;
            }
            closing = true;
            t = thread;
        }
        try {
            if (t != null) {
                flushRequests.add(new CompletableFuture<>());
                if (!t.join(policy.shutdownTimeout())) {
                    log.warn("Elasticsearch emitter still shipping after {}; stopping it, {} documents stay in the backlog",
                            policy.shutdownTimeout(), backlog.size().records());
                    abandoned = true;
                    t.interrupt();
                    t.join(Duration.ofSeconds(5));
                }
            }
        } catch (InterruptedException e) {
            abandoned = true;
            Thread.currentThread().interrupt();
        } finally {
            CompletableFuture<FlushResult> left;
            while ((left = flushRequests.poll()) != null) {
                left.completeExceptionally(new IllegalStateException("emitter closed"));
            }
            if (ownsClient) {
                client.close();
            }
        }
    }

    public EmitterState state() {
        Backlog.Size size = backlog.size();
        double[] p = latency.percentilesMillis();
        Duration oldestAge = null;
        if (size.oldest() != null) {
            oldestAge = Duration.between(size.oldest(), clock.instant());
            oldestAge = oldestAge.isNegative() ? Duration.ZERO : oldestAge;
        }
        Thread t;
        synchronized (lifecycle) {
            t = thread;
        }
        return new EmitterState(settings.displayUrls(), t != null && t.isAlive(), reachable,
                circuit.getState().name(), lastSuccessAt, lastFailureAt, lastError, delivered.get(),
                alreadyPresent.get(), retried.get(), failed.get(), deadLettered.get(), bulkRequests.get(),
                failedRequests.get(), lastBulkMillis, p[0], p[1], p[2], size.records(), size.bytes(), oldestAge);
    }

    /** The loop: waits for the interval or a flush request, runs a round, answers the requests. */
    private void run() {
        long interval = settings.emitInterval().toNanos();
        long next = System.nanoTime() + interval;
        while (true) {
            List<CompletableFuture<FlushResult>> waiting = new ArrayList<>();
            try {
                long wait = next - System.nanoTime();
                CompletableFuture<FlushResult> first = wait > 0 ? flushRequests.poll(wait, TimeUnit.NANOSECONDS) : null;
                if (first != null) {
                    waiting.add(first);
                }
            } catch (InterruptedException e) {
                if (!closing) {
                    log.warn("Elasticsearch emitter interrupted; it stops");
                }
                break;
            }
            flushRequests.drainTo(waiting);
            boolean last = closing;
            FlushResult result;
            try {
                result = ship();
            } catch (RuntimeException e) {
                log.error("Elasticsearch emitter round failed; the next round will try again", e);
                result = new FlushResult(0, 0, 0, false, e.toString());
            }
            for (CompletableFuture<FlushResult> f : waiting) {
                f.complete(result);
            }
            if (last || abandoned) {
                break;
            }
            long now = System.nanoTime();
            while (next - now <= 0) {
                next += interval;
            }
        }
    }

    /**
     * One round: bulks cut from the backlog oldest first, up to {@link ElasticsearchSettings#maxBulksInFlight()}
     * at a time, until the backlog is empty or a bulk could not be finished (what is left of it waits for the
     * next round, so the order holds; the bulks already in flight finish). Runs on the shipping thread, which
     * alone reads the backlog and acknowledges in it.
     */
    FlushResult ship() {
        Round round = new Round();
        ArrayDeque<Batch> window = new ArrayDeque<>();
        LinkedBlockingQueue<Batch> finished = new LinkedBlockingQueue<>();
        int inFlight = settings.maxBulksInFlight();
        int running = 0;
        long from = Long.MIN_VALUE;
        long sentBefore = highestSentOffset.get();
        boolean empty = false;
        boolean stop = false;
        long start = System.nanoTime();
        try {
            while (true) {
                // A bulk that overtook a slower one waits in the window for it; the window is bounded too.
                // While the circuit is not closed, one bulk at a time: the oldest is the probe.
                int limit = circuit.getState() == CircuitBreaker.State.CLOSED ? inFlight : 1;
                while (!stop && !abandoned && running < limit && window.size() < 2 * inFlight) {
                    List<BacklogEntry> entries;
                    try {
                        entries = backlog.peek(from, settings.bulkMaxDocs(), settings.bulkMaxBytes());
                    } catch (IOException e) {
                        log.error("Cannot read the backlog: {}", e.toString());
                        round.error = "backlog: " + e.getMessage();
                        stop = true;
                        break;
                    }
                    empty = entries.isEmpty();
                    if (empty) {
                        break;
                    }
                    from = entries.getLast().offset() + 1;
                    Batch batch = new Batch(entries, sentBefore);
                    window.add(batch);
                    running++;
                    batch.thread = Thread.ofVirtual().name("brainstem-bulk").start(() -> {
                        deliver(batch);
                        finished.add(batch);
                    });
                }
                if (running == 0) {
                    break;
                }
                Batch done = finished.take();
                running--;
                done.finished = true;
                // A bulk given up on stops the round: nothing newer is cut before it is sent again.
                stop |= !done.pending.isEmpty();
                while (!window.isEmpty() && window.peekFirst().finished) {
                    round.acknowledge(window.removeFirst());
                }
            }
        } catch (InterruptedException e) {
            abandoned = true;
            for (Batch b : window) {
                if (b.thread != null) {
                    b.thread.interrupt();
                }
            }
            Thread.currentThread().interrupt();
            round.error = "stopped";
        }
        if (round.error == null && (abandoned || stop || !empty)) {
            round.error = "stopped";
        }
        if (round.error == null && round.requests > 1) {
            double seconds = (System.nanoTime() - start) / 1e9;
            log.info("Shipped {} documents in {} bulk requests, {} docs/s", round.shipped, round.requests,
                    Math.round(round.shipped / Math.max(seconds, 1e-9)));
        }
        return new FlushResult(round.requests, round.shipped, round.rejected, round.error == null, round.error);
    }

    /** What a round did, from its bulks in offset order; shipping thread only. */
    private final class Round {
        int requests;
        long shipped;
        long rejected;
        String error;

        /** Acknowledges a finished bulk's settled documents (every bulk before it was settled already). */
        void acknowledge(Batch batch) {
            if (!batch.done.isEmpty()) {
                batch.done.sort(Comparator.comparingLong(BacklogEntry::offset));
                try {
                    backlog.acknowledge(batch.done);
                } catch (IOException e) {
                    log.error("Cannot acknowledge in the backlog: {}; the documents will be sent again", e.toString());
                    batch.error = "backlog: " + e.getMessage();
                    if (error == null) {
                        error = batch.error;
                    }
                }
            }
            requests += batch.requests;
            shipped += batch.delivered;
            rejected += batch.deadLettered;
            if (!batch.pending.isEmpty() && error == null) {
                error = batch.error != null ? batch.error : lastError;
            }
        }
    }

    /** Sends one bulk, with its retries, until it is settled or given up on for the round; on the bulk's thread. */
    private void deliver(Batch batch) {
        try {
            retry.executeCheckedSupplier(() -> attempt(batch));
        } catch (CallNotPermittedException e) {
            batch.error = "circuit open: not sending to a failing cluster for now";
        } catch (TransientFailure | PermanentFailure e) {
            batch.error = e.getMessage();
        } catch (Stopped e) {
            batch.error = "stopped";
        } catch (Throwable e) {
            batch.error = e.toString();
            log.error("Elasticsearch emitter: unexpected failure shipping a bulk", e);
        }
    }

    /** One send of what is left of a batch, through the circuit breaker; the retry calls this again as needed. */
    private Batch attempt(Batch batch) throws Exception {
        if (abandoned) {
            throw new Stopped();
        }
        List<BulkItem> items;
        try {
            items = circuit.executeCheckedSupplier(() -> {
                batch.requests++;
                return send(batch);
            });
        } catch (TransientFailure | PermanentFailure e) {
            failedRequests.incrementAndGet();
            failed.addAndGet(batch.pending.size());
            noteFailure(e.getMessage());
            throw e;
        } catch (Throwable e) {
            if (e instanceof Exception ex) {
                throw ex;
            }
            throw (Error) e;
        }
        settle(batch, items);
        return batch;
    }

    /**
     * Sorts one answer's items: delivered and dead-lettered documents join the batch's settled ones (the
     * round acknowledges them in order), the rest stay its pending.
     */
    private void settle(Batch batch, List<BulkItem> items) {
        Instant now = clock.instant();
        List<BacklogEntry> done = new ArrayList<>(batch.pending.size());
        List<BacklogEntry> again = new ArrayList<>();
        List<DeadLetterFile.Letter> letters = new ArrayList<>();
        BulkItem firstFailure = null;
        int duplicates = 0;
        for (int i = 0; i < items.size(); i++) {
            BacklogEntry entry = batch.pending.get(i);
            BulkItem item = items.get(i);
            switch (item.verdict()) {
                case DELIVERED -> {
                    done.add(entry);
                    if (item.status() == 409) {
                        duplicates++;
                    }
                }
                case REJECTED -> letters.add(new DeadLetterFile.Letter(now, entry, item));
                case RETRY -> {
                    again.add(entry);
                    if (firstFailure == null) {
                        firstFailure = item;
                    }
                }
            }
        }
        int deliveredNow = done.size();
        String deadLetterError = null;
        if (!letters.isEmpty()) {
            try {
                synchronized (deadLetters) {
                    deadLetters.append(letters);
                }
                for (DeadLetterFile.Letter l : letters) {
                    done.add(l.entry());
                    log.warn("Elasticsearch rejected document {} for {} ({} {}: {}); kept in {}", l.entry().id(),
                            l.entry().target(), l.item().status(), l.item().type(), l.item().reason(),
                            deadLetters.file());
                }
            } catch (IOException e) {
                log.error("Cannot write the dead-letter file {} ({}); {} rejected documents stay in the backlog",
                        deadLetters.file(), e.toString(), letters.size());
                deadLetterError = "dead-letter file " + deadLetters.file() + " not writable: " + e.getMessage();
                letters.forEach(l -> again.add(l.entry()));
                again.sort(Comparator.comparingLong(BacklogEntry::offset));
                letters.clear();
            }
        }
        batch.done.addAll(done);
        delivered.addAndGet(deliveredNow);
        alreadyPresent.addAndGet(duplicates);
        deadLettered.addAndGet(letters.size());
        batch.delivered += deliveredNow;
        batch.deadLettered += letters.size();
        failed.addAndGet(again.size());
        batch.pending = again;
        if (deadLetterError != null) {
            batch.error = deadLetterError;
            noteFailure(batch.error);
        } else if (firstFailure != null) {
            batch.error = again.size() + " documents not accepted yet, e.g. " + firstFailure.status() + " "
                    + firstFailure.type() + ": " + firstFailure.reason();
            noteFailure(batch.error);
        } else {
            noteSuccess();
        }
    }

    /** One bulk request; throws when there is no per-document answer. */
    private List<BulkItem> send(Batch batch) throws TransientFailure, PermanentFailure {
        List<BacklogEntry> entries = batch.pending;
        Request request = Request.of("POST", "/_bulk").withParameter("filter_path", BulkResponses.FILTER_PATH)
                .withBody(BulkBody.of(entries), NDJSON);
        bulkRequests.incrementAndGet();
        retried.addAndGet(batch.requests == 1 ? batch.sentBefore(entries) : entries.size());
        highestSentOffset.accumulateAndGet(entries.getLast().offset(), Math::max);
        long started = System.nanoTime();
        CompletableFuture<Response> answer = client.send(request);
        Response response;
        try {
            response = answer.get(settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            reachable = false;
            throw new TransientFailure("no answer to a bulk of " + entries.size() + " within "
                    + settings.requestTimeout() + "; outcome unknown, sending again");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new Stopped();
        } catch (ExecutionException e) {
            reachable = false;
            throw new TransientFailure("bulk request failed: " + e.getCause().getMessage());
        }
        answered(started);
        int status = response.status();
        if (!response.successful()) {
            String what = "bulk request answered " + response.statusLine();
            if (status == 429) {
                throw new TransientFailure(what, true);
            }
            if (status >= 500) {
                throw new TransientFailure(what);
            }
            throw new PermanentFailure(what);
        }
        try (InputStream body = response.stream()) {
            return BulkResponses.read(body, entries.size());
        } catch (IOException e) {
            throw new TransientFailure("unreadable bulk response: " + e.getMessage());
        }
    }

    private void answered(long startedNanos) {
        long took = System.nanoTime() - startedNanos;
        latency.record(took);
        lastBulkMillis = LatencyWindow.millis(took);
        reachable = true;
    }

    private synchronized void noteSuccess() {
        lastSuccessAt = clock.instant();
        if (failing) {
            failing = false;
            log.info("Elasticsearch accepts documents again ({}); {} waiting", settings.displayUrls(),
                    backlog.size().records());
        }
    }

    private synchronized void noteFailure(String error) {
        lastFailureAt = clock.instant();
        lastError = error;
        if (!failing) {
            failing = true;
            log.warn("Elasticsearch is not accepting documents ({}): {}; they wait in the backlog and are retried",
                    settings.displayUrls(), error);
        } else {
            log.debug("Elasticsearch still failing: {}", error);
        }
    }

    /** A bulk answered with a server error for every document counts as a failure for the circuit. */
    private static boolean allServerErrors(Object result) {
        if (!(result instanceof List<?> items) || items.isEmpty()) {
            return false;
        }
        for (Object o : items) {
            if (!(o instanceof BulkItem item) || item.status() < 500) {
                return false;
            }
        }
        return true;
    }

    /**
     * One bulk of a round: what is left of it to send, and what it settled. Its fields are written by the
     * bulk's thread until it is finished, then read by the shipping thread (the hand-over through the
     * round's queue orders the two).
     */
    private static final class Batch {
        /** The highest offset sent before the round began: entries at or below it were sent in an earlier one. */
        final long sentBeforeRound;
        final List<BacklogEntry> done = new ArrayList<>();
        List<BacklogEntry> pending;
        int requests;
        long delivered;
        long deadLettered;
        String error;
        Thread thread;
        /** Set by the shipping thread when the bulk's thread handed it back. */
        boolean finished;

        Batch(List<BacklogEntry> pending, long sentBeforeRound) {
            this.pending = pending;
            this.sentBeforeRound = sentBeforeRound;
        }

        long sentBefore(List<BacklogEntry> entries) {
            long again = 0;
            for (BacklogEntry e : entries) {
                if (e.offset() <= sentBeforeRound) {
                    again++;
                }
            }
            return again;
        }
    }

    /** A bulk request without per-document answers that may well work if sent again. */
    static final class TransientFailure extends Exception {
        /** Whether the cluster said 429: it is pacing us, not failing. */
        final boolean backpressure;

        TransientFailure(String message) {
            this(message, false);
        }

        TransientFailure(String message, boolean backpressure) {
            super(message, null, false, false);
            this.backpressure = backpressure;
        }
    }

    /** A bulk request refused as a whole for a reason sending again soon will not fix (401, 403, 413, ...). */
    static final class PermanentFailure extends Exception {
        PermanentFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** The round was stopped by {@link #close()}. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }
}
