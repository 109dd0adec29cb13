package io.brainstem.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Posts every transition into firing or resolved as JSON to one URL.
 *
 * <p>{@link #accept} only offers the event to a bounded queue and returns, so the daemon thread never
 * waits for the network; a full queue drops the event and counts it. One virtual thread of its own
 * takes events in order and posts each, retrying a failure (a connection error, a timeout or a status
 * other than 2xx) with exponential backoff up to {@code maxAttempts}; an event that fails every attempt
 * is abandoned and counted, and the next one is tried.
 *
 * <p>The body: {@code {"rule","state","previous_state","severity","field","subject_kind","subject","value",
 * "comparison","threshold","clear_threshold","details","at","message","labels","host"}} (absent values
 * left out). Thread-safe.
 */
public final class WebhookNotifier implements AlertSink, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WebhookNotifier.class.getName());
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * @param url            where to POST (http or https)
     * @param timeout        connect and response timeout of one attempt
     * @param maxQueue       events waiting at most; beyond, new events are dropped
     * @param maxAttempts    attempts per event, at least 1
     * @param initialBackoff wait after the first failed attempt; doubled after each further failure
     * @param maxBackoff     the longest wait between two attempts
     */
    public record Settings(URI url, Duration timeout, int maxQueue, int maxAttempts, Duration initialBackoff,
                           Duration maxBackoff) {
        public Settings {
            Objects.requireNonNull(url, "url");
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("webhook url must be http or https, was " + url);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("webhook timeout must be positive, was " + timeout);
            }
            if (maxQueue < 1) {
                throw new IllegalArgumentException("webhook max-queue must be at least 1, was " + maxQueue);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("webhook max-attempts must be at least 1, was " + maxAttempts);
            }
            if (initialBackoff == null || initialBackoff.isNegative()) {
                throw new IllegalArgumentException("webhook backoff must not be negative, was " + initialBackoff);
            }
            if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
                maxBackoff = initialBackoff;
            }
        }
    }

    /**
     * Counters since start.
     *
     * @param queued         events accepted into the queue
     * @param delivered      events the endpoint acknowledged with 2xx
     * @param failedAttempts attempts that failed (each retry counts)
     * @param abandoned      events given up after every attempt failed
     * @param dropped        events not queued because the queue was full (or the notifier closed)
     * @param waiting        events in the queue now
     */
    public record Stats(long queued, long delivered, long failedAttempts, long abandoned, long dropped, int waiting) {
    }

    private final Settings settings;
    private final Supplier<String> hostName;
    private final HttpClient http;
    private final BlockingQueue<AlertEvent> queue;
    private final Thread worker;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    public WebhookNotifier(Settings settings, String hostName) {
        this(settings, () -> hostName);
    }

    /** @param hostName asked once per event, on the notifier's thread; null leaves {@code host} out */
    public WebhookNotifier(Settings settings, Supplier<String> hostName) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hostName = Objects.requireNonNull(hostName, "hostName");
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.queue = new ArrayBlockingQueue<>(settings.maxQueue());
        this.worker = Thread.ofVirtual().name("brainstem-webhook").start(this::run);
    }

    /** Queues a firing or resolved event; never blocks. Other transitions are ignored. */
    @Override
    public void accept(AlertEvent event) {
        if (!event.notifiable()) {
            return;
        }
        if (!closed && queue.offer(event)) {
            queued.incrementAndGet();
            return;
        }
        long n = dropped.incrementAndGet();
        if (n == 1 || n % 100 == 0) {
            LOG.log(System.Logger.Level.WARNING, "webhook queue full (" + settings.maxQueue()
                    + "): alert events dropped=" + n);
        }
    }

    public Stats stats() {
        return new Stats(queued.get(), delivered.get(), failedAttempts.get(), abandoned.get(), dropped.get(),
                queue.size());
    }

    /** Stops the worker; events still queued are not sent. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }

    private void run() {
        while (!closed) {
            AlertEvent e;
            try {
                e = queue.take();
            } catch (InterruptedException ie) {
                return;
            }
            if (!deliver(e)) {
                return;
            }
        }
    }

    /** Posts one event with retries; false when interrupted (closing). */
    private boolean deliver(AlertEvent e) {
        HttpRequest request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "brainstem-alerts")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(e, hostName.get())))
                .build();
        Duration backoff = settings.initialBackoff();
        String lastProblem = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            try {
                HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    delivered.incrementAndGet();
                    return true;
                }
                lastProblem = "status " + r.statusCode();
            } catch (IOException ex) {
                lastProblem = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
            } catch (InterruptedException ex) {
                return false;
            }
            failedAttempts.incrementAndGet();
            if (attempt < settings.maxAttempts()) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ex) {
                    return false;
                }
                backoff = backoff.multipliedBy(2);
                if (backoff.compareTo(settings.maxBackoff()) > 0) {
                    backoff = settings.maxBackoff();
                }
            }
        }
        long n = abandoned.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "webhook gave up on alert rule=" + e.rule() + " to=" + e.to().label()
                + " after " + settings.maxAttempts() + " attempts (last: " + lastProblem + "); abandoned=" + n);
        return true;
    }

    /** The JSON body posted for one event. */
    static byte[] body(AlertEvent e, String hostName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("rule", e.rule());
            AlertDocument.writeTransition(g, e);
            g.writeStringField("at", e.at().toString());
            g.writeStringField("message", e.message());
            if (!e.labels().isEmpty()) {
                g.writeObjectFieldStart("labels");
                for (Map.Entry<String, String> l : e.labels().entrySet()) {
                    g.writeStringField(l.getKey(), l.getValue());
                }
                g.writeEndObject();
            }
            if (hostName != null) {
                g.writeStringField("host", hostName);
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }
}
