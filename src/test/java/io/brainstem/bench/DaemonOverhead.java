package io.brainstem.bench;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.daemon.DaemonSettings;
import io.brainstem.daemon.MetricsDaemon;
import io.brainstem.sample.Sample;
import io.brainstem.sensor.Sensor;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Part 2: the real daemon on its own virtual thread at a given interval for a fixed time; its cost is
 * this process's CPU over that time minus the CPU of an idle stretch (no daemon) of the same length.
 */
final class DaemonOverhead {

    /** @param pollP50Millis and {@code pollP99Millis}: the poll durations the daemon timed itself */
    record Run(Duration interval, Duration over, long polls, double netCpuNanos, double coreFraction,
               long carrierCpuNanos, double carrierCoreFraction, double pollP50Millis, double pollP99Millis) {
    }

    record Result(Duration idleOver, double idleCpuNanos, List<Run> runs) {
    }

    private DaemonOverhead() {
    }

    /** {@code plan}: interval → how long to run it. Sensors are reused warm from the poll benchmark. */
    static Result run(List<Sensor> sensors, List<Duration[]> plan) throws Exception {
        Duration longest = plan.stream().map(p -> p[1]).max(Duration::compareTo).orElseThrow();
        // One throwaway start and stop first: the first start initialises logging and the daemon's own
        // code paths, a one-off cost that would otherwise land on the first (5 s) run's dozen polls.
        MetricsDaemon warm = new MetricsDaemon(sensors, new RingBuffer<>(720, Sample::timestamp),
                new DaemonSettings(Duration.ofMillis(50), Duration.ofMillis(25)), InstantSource.system());
        warm.start();
        Thread.sleep(500);
        warm.stop(Duration.ofSeconds(5));
        System.gc();
        Thread.sleep(500);
        long c0 = Cpu.self();
        long t0 = System.nanoTime();
        Thread.sleep(longest);
        double idleNanos = Cpu.self() - c0;
        double idlePerNano = idleNanos / (System.nanoTime() - t0);

        List<Run> runs = new ArrayList<>();
        for (Duration[] p : plan) {
            Duration interval = p[0];
            Duration over = p[1];
            Duration timeout = interval.dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0
                    ? interval.dividedBy(2) : Duration.ofSeconds(1);
            MetricsDaemon daemon = new MetricsDaemon(sensors, new RingBuffer<>(720, Sample::timestamp),
                    new DaemonSettings(interval, timeout), InstantSource.system());
            long start = System.nanoTime();
            long before = Cpu.self();
            long carriersBefore = Cpu.daemonThreads();
            daemon.start();
            Thread.sleep(over);
            daemon.stop(Duration.ofSeconds(5));
            long cpu = Cpu.self() - before;
            long carriers = Cpu.daemonThreads() - carriersBefore;
            long elapsed = System.nanoTime() - start;
            double net = cpu - idlePerNano * elapsed;
            io.brainstem.daemon.Durations polls = daemon.state().pollDurations();
            runs.add(new Run(interval, over, daemon.state().polls(), net, net / elapsed, carriers,
                    carriers / (double) elapsed, polls.p50(), polls.p99()));
            System.out.printf("bench: daemon at %s for %s: %d polls, net CPU %.1f ms, %.4f%% of a core; "
                            + "carriers %.1f ms, %.4f%%%n", interval, over, daemon.state().polls(), net / 1e6,
                    100 * net / elapsed, carriers / 1e6, 100.0 * carriers / elapsed);
        }
        return new Result(longest, idleNanos, runs);
    }
}
