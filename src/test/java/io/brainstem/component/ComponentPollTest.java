package io.brainstem.component;

import io.brainstem.monitor.StepClock;
import io.brainstem.sample.Sample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ComponentPollTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final StepClock clock = new StepClock(T0);
    private final ComponentRegistry registry = new ComponentRegistry(10, 720,
            name -> name.equals("tool.search") ? new Budget(Duration.ofMillis(100), Duration.ofSeconds(1), null) : null,
            clock);
    private final QueueRegistry queues = new QueueRegistry(10, 720, clock);
    private long sequence;

    private ComponentPoll poll(Duration baseline) {
        return new ComponentPoll(registry, queues, () -> { }, Duration.ofMinutes(1), 3, baseline,
                Duration.ofMinutes(1));
    }

    private void tick(ComponentPoll p) {
        clock.step(Duration.ofSeconds(5));
        p.onSample(Sample.builder(++sequence, clock.instant()).pollNanos(1000).build());
    }

    @Test
    void readingsJudgeLatencyAgainstTheBudgetOnlyWithEnoughOperations() {
        ComponentPoll p = poll(Duration.ZERO);
        ComponentHealthReadings health = new ComponentHealthReadings(p, 3);
        Component search = registry.component("tool.search");
        search.record(250_000_000, false, -1, -1, -1, -1, -1);
        search.record(260_000_000, true, -1, -1, -1, -1, -1);
        tick(p);
        assertThat(health.current()).containsOnlyKeys("brainstem.component.tool.search.timeouts");

        search.record(2_000_000_000L, false, -1, -1, -1, -1, -1); // past the 1 s time-out
        tick(p);
        Map<String, Double> h = health.current();
        assertThat(h.get("brainstem.component.tool.search.budget_ratio")).isGreaterThan(10);
        assertThat(h.get("brainstem.component.tool.search.duration.p95.ms")).isGreaterThan(1000);
        assertThat(h.get("brainstem.component.tool.search.error.rate")).isCloseTo(1 / 3.0,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h.get("brainstem.component.tool.search.timeouts")).isEqualTo(1.0);
        assertThat(p.bottleneckLines()).isEqualTo(1);

        tick(p); // still over budget within the window, but logged less than a minute ago
        assertThat(p.bottleneckLines()).isEqualTo(1);
    }

    @Test
    void theBaselineIsTakenOnceTheFirstMinutesHavePassed() {
        ComponentPoll p = poll(Duration.ofSeconds(10));
        registry.component("tool.search").record(50_000_000, false, -1, -1, -1, -1, -1);
        tick(p);
        assertThat(registry.baseline()).isNull();
        tick(p);
        assertThat(registry.baseline()).isNotNull();
        assertThat(registry.baseline().components()).containsKey("tool.search");
    }

    @Test
    void sinksGetTheIntervalThatJustEndedAndQueueReadingsAreMade() {
        ComponentPoll p = poll(Duration.ZERO);
        List<String> got = new ArrayList<>();
        p.addSink((end, components, qs) -> got.add(end + " " + components.stream().map(c -> c.name() + "=" + c.count())
                .toList() + " " + qs.stream().map(QueueStats::name).toList()));
        p.addSink((end, components, qs) -> {
            throw new IllegalStateException("a broken sink");
        });
        queues.register("agent.work", 10, () -> 10);
        registry.component("agent.plan").record(1_000_000, false, -1, -1, -1, -1, -1);
        tick(p);
        tick(p);

        assertThat(got).containsExactly(T0.plusSeconds(5) + " [agent.plan=1] [agent.work]",
                T0.plusSeconds(10) + " [] [agent.work]");
        Map<String, Double> h = new ComponentHealthReadings(p, 3).current();
        assertThat(h).containsEntry("brainstem.queue.agent.work.utilization.pct", 1.0)
                .containsEntry("brainstem.queue.agent.work.overflows", 0.0);
    }

    @Test
    void theBottleneckLineHasTheShapeOfTheSeeds() {
        ComponentStats s = new ComponentStats("content_capture", 42, 0, 0, 150.5, 120, 200.1, 250, 300, 38.1, 0.253,
                2.5 * 1024 * 1024, 0, 0, 0, null, null, Double.NaN, Double.NaN, 100, 5000, 1, 2.001, Double.NaN,
                Double.NaN);
        assertThat(BottleneckLog.line(s, Duration.ofMinutes(1))).isEqualTo("Bottleneck in content_capture: "
                + "avg=150.5ms, p95=200.1ms, errors=0, mem=2.5MB, cpu=25.3%, budget=100.0ms, window=1m, count=42");
    }
}
