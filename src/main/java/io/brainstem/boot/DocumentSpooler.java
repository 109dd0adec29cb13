package io.brainstem.boot;

import io.brainstem.alert.AlertDocument;
import io.brainstem.alert.AlertEvent;
import io.brainstem.alert.AlertSink;
import io.brainstem.component.ComponentSink;
import io.brainstem.component.ComponentStats;
import io.brainstem.component.QueueStats;
import io.brainstem.daemon.SampleListener;
import io.brainstem.emit.ComponentDocument;
import io.brainstem.emit.Origin;
import io.brainstem.emit.RequestSummaryDocument;
import io.brainstem.emit.SensorPollDocument;
import io.brainstem.monitor.RequestSummary;
import io.brainstem.sample.Sample;
import io.brainstem.spool.Spool;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns what brainstem observes into documents in the durable spool, whether or not Elasticsearch is
 * configured: a SENSOR_POLL document per sample (on the daemon thread, right after the poll), an ALERT
 * document per alert transition, a REQUEST_SUMMARY document per monitored request, and after each poll a
 * COMPONENT document per component with operations in the interval and per sampled queue.
 *
 * <p>Request summaries arrive on request threads; they are queued (bounded) and written by one virtual
 * thread, so a request never waits for the disk. A full queue drops the summary and counts it. A
 * failing spool (disk full) is counted and logged; it never fails a poll or a request.
 */
final class DocumentSpooler implements SampleListener, AlertSink, RequestSummarySink, ComponentSink, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DocumentSpooler.class.getName());
    private static final int QUEUE = 10_000;
    private static final Duration DRAIN_INTERVAL = Duration.ofMillis(100);
    private static final Duration BUSY_DRAIN_INTERVAL = Duration.ofMillis(20);
    /** A batch this large (100 requests a second or more at the idle pace) means the service is busy. */
    private static final int BUSY_BATCH = 10;

    private final Spool spool;
    private final Origin origin;
    private final SensorPollDocument polls;
    private final RequestSummaryDocument requests;
    private final ComponentDocument components;
    private final BlockingQueue<RequestSummary> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private final AtomicLong requestsDropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;

    DocumentSpooler(Spool spool, Origin origin, Duration pollInterval) {
        this.spool = spool;
        this.origin = origin;
        this.polls = new SensorPollDocument(origin, pollInterval);
        this.requests = new RequestSummaryDocument(origin);
        this.components = new ComponentDocument(origin, pollInterval);
        this.writer = Thread.ofVirtual().name("brainstem-request-spooler").start(this::drainRequests);
    }

    /** Counts for the API and the meters. */
    record Stats(long written, long writeErrors, long requestsDropped, int requestsQueued) {
    }

    Stats stats() {
        return new Stats(written.get(), writeErrors.get(), requestsDropped.get(), queue.size());
    }

    @Override
    public void onSample(Sample sample) {
        append(sample.timestamp(), polls.dataStream(), polls.id(sample), () -> polls.toJson(sample));
    }

    @Override
    public void accept(AlertEvent event) {
        append(event.at(), AlertDocument.dataStream(origin.namespace()), AlertDocument.id(event, origin.hostName()),
                () -> AlertDocument.toJson(event, origin.hostName(), origin.namespace()));
    }

    @Override
    public void onInterval(java.time.Instant end, List<ComponentStats> used, List<QueueStats> queues) {
        for (ComponentStats c : used) {
            append(end, components.dataStream(), components.id(ComponentDocument.KIND_OBSERVATION, c.name(), end),
                    () -> components.toJson(c, end));
        }
        for (QueueStats q : queues) {
            append(end, components.dataStream(), components.id(ComponentDocument.KIND_QUEUE, q.name(), end),
                    () -> components.toJson(q, end));
        }
    }

    @Override
    public void accept(RequestSummary summary) {
        if (closing || !queue.offer(summary)) {
            long n = requestsDropped.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.log(System.Logger.Level.WARNING, "request summaries dropped before the spool: {0} so far", n);
            }
        }
    }

    /**
     * Wakes every 100 ms (every 20 ms while requests keep coming) and writes what has queued up, rather
     * than being woken by every request: a wake-up per request (a futex call on the request thread and a
     * carrier hand-off) cost more than the summary itself under load.
     */
    private void drainRequests() {
        List<RequestSummary> batch = new ArrayList<>(1024);
        while (true) {
            boolean last = closing;
            int drained = queue.drainTo(batch);
            appendRequests(batch);
            batch.clear();
            if (last) {
                return;
            }
            try {
                // under load, drain more often: fewer summaries wait in memory (and outlive young
                // collections) between two writes
                Thread.sleep(drained >= BUSY_BATCH ? BUSY_DRAIN_INTERVAL : DRAIN_INTERVAL);
            } catch (InterruptedException e) {
                // closing: one more round writes what is left
            }
        }
    }

    /**
     * The summaries' documents, with one spool write per segment rather than one per document (a system
     * call each cost about as much as the document's JSON).
     */
    private void appendRequests(List<RequestSummary> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Spool.Document> documents = new ArrayList<>(batch.size());
        String target = requests.dataStream();
        for (RequestSummary s : batch) {
            try {
                documents.add(new Spool.Document(s.end(), target, requests.id(s), requests.toJson(s)));
            } catch (RuntimeException e) {
                failed(1, e);
            }
        }
        try {
            spool.append(documents);
            written.addAndGet(documents.size());
        } catch (IOException | RuntimeException e) {
            // which of them reached the spool before the failure is not known here: count them all
            failed(documents.size(), e);
        }
    }

    @FunctionalInterface
    private interface Json {
        byte[] bytes();
    }

    private void append(java.time.Instant at, String target, String id, Json json) {
        try {
            spool.append(at, target, id, json.bytes());
            written.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            failed(1, e);
        }
    }

    private void failed(int documents, Exception e) {
        long before = writeErrors.getAndAdd(documents);
        // logged at the 1st, 2nd, 4th, 8th ... failed document
        if (Long.highestOneBit(before) != Long.highestOneBit(before + documents) || before == 0) {
            LOG.log(System.Logger.Level.ERROR, "writing a document to the spool failed (" + (before + documents)
                    + " so far)", e);
        }
    }

    /** Writes what is queued, then stops the writer thread. */
    @Override
    public void close() {
        closing = true;
        writer.interrupt();
        try {
            writer.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
