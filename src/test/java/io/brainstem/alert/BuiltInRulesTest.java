package io.brainstem.alert;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The built-in rules on scripted samples and health readings, and overriding them by name. */
class BuiltInRulesTest {

    private static final List<AlertRule> BUILT_IN = BuiltInRules.all(BuiltInRules.Budgets.DEFAULT);

    @Test
    void everyBuiltInRuleIsValidAndNamedOnce() {
        assertThat(BUILT_IN).extracting(AlertRule::name).doesNotHaveDuplicates().contains(
                BuiltInRules.DISK_SPACE, BuiltInRules.MEMORY_PRESSURE, BuiltInRules.CPU_SATURATION,
                BuiltInRules.POLL_OVERRUNS, BuiltInRules.SENSOR_FAILING, BuiltInRules.SPOOL_BACKLOG,
                BuiltInRules.EMITTER_CIRCUIT_OPEN, BuiltInRules.POLL_LATENCY, BuiltInRules.SENSOR_LATENCY,
                BuiltInRules.EMITTER_LATENCY);
        assertThat(BuiltInRules.effective(BUILT_IN, List.of())).isEqualTo(BUILT_IN);
    }

    @Test
    void diskSpaceFiresOnAnyMountAfterFiveMinutesAboveNinetyPercentAndClearsUnderEightyFive() {
        Script s = new Script(BUILT_IN);
        // 5 minutes = 60 polls after the first breaching one
        s.repeat(60, p -> p.mount("/", 0.40).mount("/data", 0.93));
        assertThat(s.transitions()).containsExactly("disk-space[/data] ok->pending");
        s.poll().mount("/", 0.40).mount("/data", 0.94).send();
        assertThat(s.transitions()).endsWith("disk-space[/data] pending->firing");
        AlertEvent firing = s.events.getLast();
        assertThat(firing.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(firing.message()).contains("mount /data", "0.94", "above 0.9", "5m");

        s.repeat(10, p -> p.mount("/", 0.40).mount("/data", 0.87));
        assertThat(s.transitions()).endsWith("disk-space[/data] pending->firing");
        s.poll().mount("/", 0.40).mount("/data", 0.84).send();
        assertThat(s.transitions()).endsWith("disk-space[/data] firing->resolved");
        assertThat(s.events).noneMatch(e -> "/".equals(e.subject()));
    }

    @Test
    void memoryPressureAndCpuSaturationNeedTheirOwnDurations() {
        Script s = new Script(BUILT_IN);
        s.repeat(61, p -> p.memory(0.95).cpu(0.99));
        assertThat(s.transitions()).containsExactly("memory-pressure ok->pending", "cpu-saturation ok->pending",
                "memory-pressure pending->firing");
        s.repeat(60, p -> p.memory(0.95).cpu(0.99));
        assertThat(s.transitions()).endsWith("cpu-saturation pending->firing");
        assertThat(s.events.getLast().at()).isEqualTo(Script.START.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aConfiguredRuleOfTheSameNameReplacesTheBuiltInAndKeepsWhatItDoesNotSay() {
        RuleSpec stricter = new RuleSpec(BuiltInRules.DISK_SPACE, null, "/data*", null, 0.95, Duration.ofMinutes(1),
                0.92, null, Map.of("team", "storage"), null);
        List<AlertRule> rules = BuiltInRules.effective(BUILT_IN, List.of(stricter));
        AlertRule disk = rules.stream().filter(r -> r.name().equals(BuiltInRules.DISK_SPACE)).findFirst().orElseThrow();
        assertThat(disk.field()).isEqualTo("system.filesystem.used.pct");
        assertThat(disk.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(disk.threshold()).isEqualTo(0.95);
        assertThat(rules).hasSameSizeAs(BUILT_IN);

        Script s = new Script(rules);
        s.repeat(30, p -> p.mount("/", 0.99).mount("/data", 0.93));
        assertThat(s.events).noneMatch(e -> e.rule().equals(BuiltInRules.DISK_SPACE));
        s.repeat(13, p -> p.mount("/", 0.99).mount("/data", 0.96));
        assertThat(s.transitions()).containsExactly("disk-space[/data] ok->pending", "disk-space[/data] pending->firing");
        assertThat(s.events.getLast().labels()).containsEntry("team", "storage");
    }

    @Test
    void anOverrideThatOnlyMovesTheThresholdClearsAtTheNewThreshold() {
        RuleSpec moved = new RuleSpec(BuiltInRules.DISK_SPACE, null, null, null, 0.80, null, null, null, null, null);
        AlertRule disk = BuiltInRules.effective(BUILT_IN, List.of(moved)).getFirst();
        assertThat(disk.threshold()).isEqualTo(0.80);
        assertThat(disk.clearThreshold()).isEqualTo(0.80);
        assertThat(disk.forDuration()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void enabledFalseDisablesABuiltIn() {
        RuleSpec off = new RuleSpec(BuiltInRules.MEMORY_PRESSURE, null, null, null, null, null, null, null, null, false);
        List<AlertRule> rules = BuiltInRules.effective(BUILT_IN, List.of(off));
        assertThat(rules).extracting(AlertRule::name).doesNotContain(BuiltInRules.MEMORY_PRESSURE)
                .hasSize(BUILT_IN.size() - 1);
        Script s = new Script(rules);
        s.repeat(100, p -> p.memory(0.99));
        assertThat(s.events).isEmpty();
    }

    @Test
    void newConfiguredRulesComeAfterTheBuiltIns() {
        RuleSpec load = new RuleSpec("load", "system.load.norm.1", null, "above", 2.0, Duration.ofMinutes(2), null,
                "info", null, null);
        List<AlertRule> rules = BuiltInRules.effective(BUILT_IN, List.of(load));
        assertThat(rules.getLast().name()).isEqualTo("load");
        assertThat(rules.getLast().severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void aSensorFailingRepeatedlyFiresForThatSensorOnly() {
        Script s = new Script(BUILT_IN);
        s.poll().health("brainstem.sensor.cpu.consecutive_failures", 0)
                .health("brainstem.sensor.filesystem.consecutive_failures", 1).send();
        s.poll().health("brainstem.sensor.filesystem.consecutive_failures", 2).send();
        assertThat(s.events).isEmpty();
        s.poll().health("brainstem.sensor.filesystem.consecutive_failures", 3).send();
        assertThat(s.transitions()).containsExactly("sensor-failing[filesystem] ok->firing");
        assertThat(s.events.getLast().subjectKind()).isEqualTo("sensor");
        assertThat(s.events.getLast().message()).contains("sensor filesystem");
        s.poll().health("brainstem.sensor.filesystem.consecutive_failures", 0).send();
        assertThat(s.transitions()).endsWith("sensor-failing[filesystem] firing->resolved");
    }

    @Test
    void aSlowSensorIsABottleneckNamedWithItsPercentiles() {
        Script s = new Script(BUILT_IN);
        s.repeat(61, p -> p.health("brainstem.sensor.network.duration.p50.ms", 120)
                .health("brainstem.sensor.network.duration.p95.ms", 640)
                .health("brainstem.sensor.network.duration.p99.ms", 910)
                .health("brainstem.sensor.cpu.duration.p95.ms", 3));
        assertThat(s.transitions()).containsExactly("sensor-latency[network] ok->pending",
                "sensor-latency[network] pending->firing");
        AlertEvent e = s.events.getLast();
        assertThat(e.threshold()).isEqualTo(500);
        assertThat(e.details()).containsExactly(Map.entry("p50", 120.0), Map.entry("p95", 640.0),
                Map.entry("p99", 910.0));
        assertThat(e.message()).contains("sensor network", "640", "above 500", "p50 120", "p95 640", "p99 910");
    }

    @Test
    void aSlowPollAndASlowEmitterAreBottlenecksToo() {
        Script s = new Script(BUILT_IN);
        s.repeat(61, p -> p.health("brainstem.poll.duration.p50.ms", 900)
                .health("brainstem.poll.duration.p95.ms", 2600)
                .health("brainstem.poll.duration.p99.ms", 4100)
                .health("brainstem.emitter.duration.p95.ms", 7000));
        assertThat(s.transitions()).containsExactlyInAnyOrder("poll-latency ok->pending", "emitter-latency ok->pending",
                "poll-latency pending->firing", "emitter-latency pending->firing");
        AlertEvent poll = s.events.stream().filter(e -> e.rule().equals(BuiltInRules.POLL_LATENCY)).toList().getLast();
        assertThat(poll.details()).containsEntry("p50", 900.0).containsEntry("p99", 4100.0);
        assertThat(poll.message()).contains("brainstem.poll.duration.p95.ms", "above 2500", "p99 4100");
    }

    @Test
    void spoolBacklogOverrunsAndAnOpenCircuitFire() {
        Script s = new Script(BUILT_IN);
        s.repeat(61, p -> p.health("brainstem.spool.oldest_age.seconds", 1200)
                .health("brainstem.emitter.circuit_open", 1)
                .health("brainstem.daemon.overruns.rate", 3));
        assertThat(s.transitions()).contains("spool-backlog pending->firing", "emitter-circuit-open pending->firing",
                "poll-overruns pending->firing");
        s.poll().health("brainstem.spool.oldest_age.seconds", 600).health("brainstem.emitter.circuit_open", 0)
                .health("brainstem.daemon.overruns.rate", 0).send();
        // the spool is still older than its clear threshold (300 s): only the other two resolve
        assertThat(s.transitions()).contains("emitter-circuit-open firing->resolved", "poll-overruns firing->resolved")
                .doesNotContain("spool-backlog firing->resolved");
        s.poll().health("brainstem.spool.oldest_age.seconds", 10).send();
        assertThat(s.transitions()).endsWith("spool-backlog firing->resolved");
    }

    @Test
    void budgetsSetTheBottleneckThresholds() {
        List<AlertRule> rules = BuiltInRules.all(new BuiltInRules.Budgets(Duration.ofMillis(100), Duration.ofMillis(40),
                Duration.ofSeconds(2)));
        assertThat(rules).filteredOn(r -> r.name().endsWith("-latency")).extracting(AlertRule::threshold)
                .containsExactly(100.0, 40.0, 2000.0);
    }

    @Test
    void aNameConfiguredTwiceIsRejectedWithItsPosition() {
        RuleSpec a = new RuleSpec("x", "system.load.1", null, null, 1.0, null, null, null, null, null);
        assertThatThrownBy(() -> BuiltInRules.effective(BUILT_IN, List.of(a, a)))
                .isInstanceOfSatisfying(InvalidRuleException.class, e -> {
                    assertThat(e.index()).isEqualTo(1);
                    assertThat(e.property()).isEqualTo("name");
                    assertThat(e.getMessage()).contains("'x'", "configured twice");
                });
    }
}
