package io.brainstem.boot;

import io.brainstem.daemon.MetricsDaemon;
import io.brainstem.daemon.SensorState;
import io.brainstem.sample.Sample;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The daemon's own meters, by Micrometer's conventions: {@code brainstem.poll.duration} and
 * {@code brainstem.sensor.duration} (tag {@code sensor}) timers with percentile histograms,
 * {@code brainstem.daemon.polls / overruns / skipped.ticks / listener.errors} counters, per-sensor
 * {@code brainstem.sensor.errors / timeouts / skipped} counters, and {@code brainstem.buffer.size /
 * capacity} gauges. Counters read the daemon's own counts, so nothing is counted twice.
 */
final class DaemonMeters {

    private final MeterRegistry registry;
    private final Timer pollTimer;
    private final Map<String, Timer> sensorTimers = new ConcurrentHashMap<>();

    DaemonMeters(MeterRegistry registry, MetricsDaemon daemon) {
        this.registry = registry;
        this.pollTimer = Timer.builder("brainstem.poll.duration")
                .description("Duration of a whole poll of every sensor")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        counter("brainstem.daemon.polls", "Polls completed", daemon, s -> s.state().polls());
        counter("brainstem.daemon.overruns", "Polls that ended after the next tick was due", daemon, s -> s.state().overruns());
        counter("brainstem.daemon.skipped.ticks", "Ticks skipped after overruns", daemon, s -> s.state().skippedTicks());
        counter("brainstem.daemon.listener.errors", "Sample listeners that threw", daemon, s -> s.state().listenerErrors());
        Gauge.builder("brainstem.buffer.size", daemon, s -> s.state().bufferSize())
                .description("Samples held in the ring buffer").register(registry);
        Gauge.builder("brainstem.buffer.capacity", daemon, s -> s.state().bufferCapacity())
                .description("Samples the ring buffer can hold").register(registry);
        for (SensorState sensor : daemon.state().sensors()) {
            String name = sensor.name();
            sensorCounter("brainstem.sensor.errors", "Sensor reads that threw", daemon, name, SensorState::errors);
            sensorCounter("brainstem.sensor.timeouts", "Sensor reads past the poll's budget", daemon, name, SensorState::timeouts);
            sensorCounter("brainstem.sensor.skipped", "Polls that skipped a sensor still in flight", daemon, name, SensorState::skipped);
        }
        daemon.setReadObserver((sensor, nanos, ok) -> sensorTimers
                .computeIfAbsent(sensor, n -> Timer.builder("brainstem.sensor.duration")
                        .description("Duration of one sensor read")
                        .tag("sensor", n)
                        .publishPercentileHistogram()
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS));
    }

    /** Sample listener: records the poll's duration. */
    void onSample(Sample sample) {
        pollTimer.record(sample.pollNanos(), TimeUnit.NANOSECONDS);
    }

    private void counter(String name, String description, MetricsDaemon daemon, ToDoubleFunction<MetricsDaemon> f) {
        FunctionCounter.builder(name, daemon, f).description(description).register(registry);
    }

    private void sensorCounter(String name, String description, MetricsDaemon daemon, String sensor,
                               ToDoubleFunction<SensorState> f) {
        FunctionCounter.builder(name, daemon, d -> d.state().sensors().stream()
                        .filter(s -> s.name().equals(sensor)).mapToDouble(f).findFirst().orElse(0))
                .tag("sensor", sensor).description(description).register(registry);
    }
}
