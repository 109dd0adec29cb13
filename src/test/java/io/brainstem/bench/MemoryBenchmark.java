package io.brainstem.bench;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.daemon.MetricsDaemon;
import io.brainstem.sample.Sample;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;

/**
 * Part 6 (heap): fills a buffer with real samples from {@code pollOnce()} and divides the heap it
 * then retains (used heap after full collections, before and after) by the number of samples. The
 * buffer's own slot array is allocated before the first measurement, so it is not counted.
 */
final class MemoryBenchmark {

    record Result(int slots, long heapBefore, long heapAfter, double bytesPerSample, String gc) {
    }

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private MemoryBenchmark() {
    }

    static Result run(int slots) throws Exception {
        return run(slots, ServiceSensors.create());
    }

    static Result run(int slots, java.util.List<io.brainstem.sensor.Sensor> sensors) throws Exception {
        RingBuffer<Sample> buffer = new RingBuffer<>(slots, Sample::timestamp);
        MetricsDaemon daemon = new MetricsDaemon(sensors, buffer, new io.brainstem.daemon.DaemonSettings(
                java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(1)), java.time.InstantSource.system());
        for (int i = 0; i < 3; i++) {
            daemon.pollOnce(); // first-poll discovery and the daemon's own bookkeeping allocated up front
        }
        long before = settledHeap();
        int held = buffer.size();
        while (buffer.size() < slots) {
            daemon.pollOnce();
        }
        long after = settledHeap();
        int added = buffer.size() - held;
        Reference.reachabilityFence(buffer);
        Reference.reachabilityFence(daemon);
        String gc = ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName())
                .reduce((a, b) -> a + ", " + b).orElse("?");
        return new Result(slots, before, after, (after - before) / (double) added, gc);
    }

    private static long settledHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
