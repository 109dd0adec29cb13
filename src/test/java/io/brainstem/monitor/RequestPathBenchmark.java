package io.brainstem.monitor;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.sample.CpuReading;
import io.brainstem.sample.DiskIoReadings;
import io.brainstem.sample.LoadReading;
import io.brainstem.sample.MemoryReading;
import io.brainstem.sample.NetworkReadings;
import io.brainstem.sample.ProcessReading;
import io.brainstem.sample.Sample;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures what the request path pays: {@code start} + {@code stop} + {@link RequestLog#add}, over
 * 100,000 requests against a full buffer of 720 realistic samples, after a warm-up; then the header
 * work (traceparent, Server-Timing, compact JSON) and the same path from several threads at once.
 * Not a unit test (no speed is asserted anywhere); run it by hand:
 *
 * <pre>
 * ./mvnw -B -ntp -q test-compile
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp target/classes:target/test-classes \
 *     io.brainstem.monitor.RequestPathBenchmark
 * </pre>
 *
 * Each timing includes one {@code System.nanoTime()} pair (~20–30 ns).
 */
public final class RequestPathBenchmark {

    private static final int REQUESTS = 100_000;
    private static final int WARMUP = 200_000;
    private static final Duration POLL = Duration.ofSeconds(5);
    private static final String[] ROUTES = {"/api/v1/samples", "/api/v1/samples/latest", "/api/v1/summary",
            "/api/v1/requests", "/api/v1/agent/digest", "/api/v1/daemon"};
    private static final String INCOMING = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static volatile Object sink;

    private RequestPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "java %s, %d cpus, %d requests per run after %d warm-up%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), REQUESTS, WARMUP);

        Instant newest = Instant.now().minusSeconds(2);
        RingBuffer<Sample> buffer = fullBuffer(newest);

        // 1. The common case: requests far shorter than a poll, so stop() looks up the nearest samples.
        RequestMonitor live = new RequestMonitor(buffer, InstantSource.system(), POLL);
        RequestLog log = new RequestLog(500, 200, Duration.ofMinutes(5), InstantSource.system());
        run(live, log, WARMUP);
        report("start+stop+log, nearest (system clock)", run(live, log, REQUESTS));

        // 2. Requests that each span one poll, so stop() summarises a window of one sample.
        RequestMonitor spanning = new RequestMonitor(buffer, new SpanningClock(newest), POLL);
        run(spanning, log, WARMUP);
        report("start+stop+log, window of 1 sample", run(spanning, log, REQUESTS));

        // 3. What the edge adds per response.
        RequestSummary summary = live.start("GET", ROUTES[0], "4bf92f3577b34da6a3ce929d0e0e4736").stop(200);
        headers(summary, WARMUP);
        report("traceparent + Server-Timing + compact JSON", headers(summary, REQUESTS));
        RequestSummary windowed = spanning.start("GET", ROUTES[0], "4bf92f3577b34da6a3ce929d0e0e4736").stop(200);
        System.out.println("  compact JSON example (" + windowed.compactJson().length() + " chars): "
                + windowed.compactJson());
        System.out.println("  Server-Timing example: " + ServerTiming.of(windowed));

        // 4. Several request threads at once, one shared log.
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
        concurrent(live, new RequestLog(500, 200, Duration.ofMinutes(5), InstantSource.system()), threads, WARMUP);
        long[] all = concurrent(live, new RequestLog(500, 200, Duration.ofMinutes(5), InstantSource.system()),
                threads, REQUESTS);
        report("start+stop+log, " + threads + " threads at once (per request)", all);

        // 5. The reader side, off the request path.
        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            sink = log.routes();
        }
        System.out.printf(Locale.ROOT, "%-48s %8.1f us per call (%d routes)%n", "RequestLog.routes()",
                (System.nanoTime() - t0) / 1000 / 1e3, log.routes().size());
        t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            sink = live.lastWindow(Duration.ofHours(1));
        }
        System.out.printf(Locale.ROOT, "%-48s %8.1f us per call%n", "RequestMonitor.lastWindow(1h), 720 samples",
                (System.nanoTime() - t0) / 1000 / 1e3);
    }

    private static long[] run(RequestMonitor monitor, RequestLog log, int n) {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            RequestMonitor.Request r = monitor.start("GET", null, "4bf92f3577b34da6a3ce929d0e0e4736");
            RequestSummary s = r.stop(i % 97 == 0 ? 500 : 200, ROUTES[i % ROUTES.length]);
            log.add(s);
            nanos[i] = System.nanoTime() - t0;
        }
        return nanos;
    }

    private static long[] headers(RequestSummary summary, int n) {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            TraceParent trace = TraceParent.forRequest(INCOMING);
            String a = trace.header();
            String b = ServerTiming.of(summary);
            String c = summary.compactJson();
            nanos[i] = System.nanoTime() - t0;
            sink = a.length() + b.length() + c.length() > 0 ? a : b;
        }
        return nanos;
    }

    private static long[] concurrent(RequestMonitor monitor, RequestLog log, int threads, int total)
            throws InterruptedException {
        int each = total / threads;
        long[][] parts = new long[threads][];
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        AtomicLong wall = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            int id = t;
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                parts[id] = run(monitor, log, each);
            }));
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : started) {
            t.join();
        }
        wall.set(System.nanoTime() - t0);
        System.out.printf(Locale.ROOT, "  (%d threads: %.0f requests/s through one log)%n", threads,
                each * threads / (wall.get() / 1e9));
        long[] all = new long[each * threads];
        for (int t = 0; t < threads; t++) {
            System.arraycopy(parts[t], 0, all, t * each, each);
        }
        return all;
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-48s p50 %6.2f us  p99 %6.2f us  p99.9 %7.2f us  max %8.1f us%n", what,
                Numbers.percentileOfSorted(sorted, sorted.length, 0.50) / 1e3,
                Numbers.percentileOfSorted(sorted, sorted.length, 0.99) / 1e3,
                Numbers.percentileOfSorted(sorted, sorted.length, 0.999) / 1e3,
                sorted[sorted.length - 1] / 1e3);
    }

    /** 720 samples 5 s apart, the newest at {@code newest}, shaped like this host's: 2 cores, 2 disks, 3 interfaces. */
    private static RingBuffer<Sample> fullBuffer(Instant newest) {
        RingBuffer<Sample> buffer = new RingBuffer<>(720, Sample::timestamp);
        for (int i = 0; i < 720; i++) {
            double v = (i % 17) / 17.0;
            Sample s = Sample.builder(i + 1, newest.minus(POLL.multipliedBy(719 - i)))
                    .put(new CpuReading(v, v / 2, v / 3, 0.01, 0, List.of(v, v / 2), 2, 1))
                    .put(new MemoryReading(8e9, 4e9, 4e9, 0.5, 2e9, 1e8))
                    .put(new LoadReading(v * 2, v, v, v, v / 2, v / 2))
                    .put(new DiskIoReadings(List.of(
                            new DiskIoReadings.Device("sda", 1e5 * v, 2e5, 10, 20, 0.05),
                            new DiskIoReadings.Device("sdb", 3e3, 1e4 * v, 1, 2, 0.01))))
                    .put(new NetworkReadings(List.of(
                            new NetworkReadings.Interface("lo", 1e4, 1e4, 10, 10, 0, 0, 0, 0),
                            new NetworkReadings.Interface("eth0", 2e5 * v, 5e4, 200, 80, 0, 0, 0, 0),
                            new NetworkReadings.Interface("docker0", 0, 0, 0, 0, 0, 0, 0, 0))))
                    .put(new ProcessReading(4242, v / 10, 2.5e8, 40, 120, 65536, 1e8, 2e8, 1e9, 12, 340))
                    .pollNanos(300_000)
                    .build();
            buffer.append(s);
        }
        return buffer;
    }

    /**
     * Alternates a second before and a second after successive sample times, so that each
     * start/stop pair (one clock read each) spans exactly one sample.
     */
    private static final class SpanningClock implements InstantSource {
        private final Instant oldest;
        private long calls;

        SpanningClock(Instant newest) {
            this.oldest = newest.minus(POLL.multipliedBy(719));
        }

        @Override
        public Instant instant() {
            long call = calls++;
            Instant sample = oldest.plus(POLL.multipliedBy((call / 2) % 720));
            return call % 2 == 0 ? sample.minusSeconds(1) : sample.plusSeconds(1);
        }
    }
}
