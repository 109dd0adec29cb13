package io.brainstem.alert;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The state machine per rule and subject, on scripted samples a fixed 5 s apart. */
class AlertEvaluatorTest {

    private static final AlertRule CPU_2M = AlertRule.of("cpu-hot", "system.cpu.total.norm.pct", null,
            Comparison.ABOVE, 0.9, Duration.ofMinutes(2), Severity.WARNING);

    @Test
    void shouldGoPendingThenFireOnlyAfterTheConditionHeldForItsDurationThenResolve() {
        Script s = new Script(CPU_2M);
        s.repeat(3, p -> p.cpu(0.5));
        assertThat(s.events).isEmpty();

        s.poll().cpu(0.95).send();
        assertThat(s.transitions()).containsExactly("cpu-hot ok->pending");
        AlertEvent pending = s.events.getFirst();
        assertThat(pending.value()).isEqualTo(0.95);
        assertThat(pending.at()).isEqualTo(Script.START.plusSeconds(15));
        assertThat(s.log.active()).singleElement().extracting(ActiveAlert::state).isEqualTo(AlertState.PENDING);

        // 2 minutes after the first breaching sample is 24 polls later; 23 more polls stay pending
        s.repeat(23, p -> p.cpu(0.97));
        assertThat(s.transitions()).containsExactly("cpu-hot ok->pending");
        s.poll().cpu(0.96).send();
        assertThat(s.transitions()).containsExactly("cpu-hot ok->pending", "cpu-hot pending->firing");
        AlertEvent firing = s.events.getLast();
        assertThat(firing.at()).isEqualTo(pending.at().plus(Duration.ofMinutes(2)));
        assertThat(firing.value()).isEqualTo(0.96);
        assertThat(firing.threshold()).isEqualTo(0.9);
        assertThat(firing.subject()).isNull();
        assertThat(firing.message()).contains("cpu-hot", "system.cpu.total.norm.pct", "0.96", "above 0.9", "2m");
        assertThat(s.log.active()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.FIRING);
            assertThat(a.since()).isEqualTo(firing.at());
        });

        s.repeat(5, p -> p.cpu(0.99));
        assertThat(s.events).hasSize(2);
        s.poll().cpu(0.4).send();
        assertThat(s.transitions()).endsWith("cpu-hot firing->resolved");
        assertThat(s.events.getLast().value()).isEqualTo(0.4);
        assertThat(s.log.active()).isEmpty();
        assertThat(s.log.recent(10)).extracting(AlertEvent::to)
                .containsExactly(AlertState.RESOLVED, AlertState.FIRING, AlertState.PENDING);

        // after resolving, a new breach starts over from pending
        s.poll().cpu(0.93).send();
        assertThat(s.transitions()).endsWith("cpu-hot ok->pending");
    }

    @Test
    void shouldReturnToOkWhenTheConditionBreaksBeforeItsDuration() {
        Script s = new Script(CPU_2M);
        s.repeat(20, p -> p.cpu(0.95));
        s.poll().cpu(0.85).send();
        s.repeat(20, p -> p.cpu(0.95));
        assertThat(s.transitions()).containsExactly("cpu-hot ok->pending", "cpu-hot pending->ok",
                "cpu-hot ok->pending");
        assertThat(s.log.active()).singleElement().extracting(ActiveAlert::state).isEqualTo(AlertState.PENDING);
    }

    @Test
    void shouldFireAtOnceWithoutDuration() {
        AlertRule now = AlertRule.of("mem", "system.memory.actual.used.pct", null, Comparison.ABOVE, 0.5,
                Duration.ZERO, Severity.INFO);
        Script s = new Script(now);
        s.poll().memory(0.6).send();
        assertThat(s.transitions()).containsExactly("mem ok->firing");
    }

    @Test
    void shouldNotFlapAroundTheThresholdWithAClearThresholdBelowIt() {
        AlertRule disk = AlertRule.of("disk", "system.filesystem.used.pct", "/", Comparison.ABOVE, 0.90,
                Duration.ZERO, Severity.CRITICAL).withClearThreshold(0.85);
        Script s = new Script(disk);
        for (double v : new double[] {0.91, 0.89, 0.92, 0.88, 0.86, 0.90, 0.851}) {
            s.poll().mount("/", v).send();
        }
        assertThat(s.transitions()).containsExactly("disk[/] ok->firing");
        s.poll().mount("/", 0.85).send();
        assertThat(s.transitions()).containsExactly("disk[/] ok->firing", "disk[/] firing->resolved");
        // back under the threshold but above the clear threshold does not fire again by itself
        s.poll().mount("/", 0.89).send();
        assertThat(s.events).hasSize(2);
    }

    @Test
    void withoutAClearThresholdTheSameValuesWouldFlap() {
        AlertRule noHysteresis = AlertRule.of("disk", "system.filesystem.used.pct", "/", Comparison.ABOVE, 0.90,
                Duration.ZERO, Severity.CRITICAL);
        Script s = new Script(noHysteresis);
        for (double v : new double[] {0.91, 0.89, 0.92, 0.88}) {
            s.poll().mount("/", v).send();
        }
        assertThat(s.transitions()).hasSize(4);
    }

    @Test
    void belowRulesBreachUnderTheThresholdAndClearAboveTheClearThreshold() {
        AlertRule quiet = AlertRule.of("rx-quiet", "system.network.in.bytes_per_sec", "eth0", Comparison.BELOW, 100,
                Duration.ZERO, Severity.INFO).withClearThreshold(200);
        Script s = new Script(quiet);
        for (double v : new double[] {150, 50, 150, 199, 250}) {
            s.poll().nic("eth0", v).send();
        }
        assertThat(s.transitions()).containsExactly("rx-quiet[eth0] ok->firing", "rx-quiet[eth0] firing->resolved");
        assertThat(s.events.getLast().value()).isEqualTo(250);
    }

    @Test
    void shouldTrackEachSubjectOnItsOwn() {
        AlertRule disk = AlertRule.of("disk", "system.filesystem.used.pct", null, Comparison.ABOVE, 0.9,
                Duration.ofSeconds(10), Severity.CRITICAL);
        Script s = new Script(disk);
        s.repeat(4, p -> p.mount("/", 0.5).mount("/data", 0.95));
        assertThat(s.transitions()).containsExactly("disk[/data] ok->pending", "disk[/data] pending->firing");
        AlertEvent firing = s.events.getLast();
        assertThat(firing.subjectKind()).isEqualTo("mount");
        assertThat(firing.subject()).isEqualTo("/data");
        assertThat(firing.message()).contains("mount /data");
        assertThat(s.log.active()).singleElement().extracting(ActiveAlert::subject).isEqualTo("/data");

        s.repeat(3, p -> p.mount("/", 0.97).mount("/data", 0.95));
        assertThat(s.transitions()).endsWith("disk[/] ok->pending", "disk[/] pending->firing");
        assertThat(s.log.active()).extracting(ActiveAlert::subject).containsExactlyInAnyOrder("/", "/data");
    }

    @Test
    void selectorsPickSubjectsByExactNameOrGlob() {
        AlertRule exact = AlertRule.of("root", "system.filesystem.used.pct", "/", Comparison.ABOVE, 0.9,
                Duration.ZERO, Severity.CRITICAL);
        AlertRule glob = AlertRule.of("data", "system.filesystem.used.pct", "/data*", Comparison.ABOVE, 0.9,
                Duration.ZERO, Severity.CRITICAL);
        AlertRule nic = AlertRule.of("eth", "system.network.in.bytes_per_sec", "eth?", Comparison.ABOVE, 1000,
                Duration.ZERO, Severity.INFO);
        Script s = new Script(exact, glob, nic);
        s.poll().mount("/", 0.95).mount("/data", 0.95).mount("/data2", 0.95).mount("/srv/data", 0.95)
                .nic("eth0", 5000).nic("eth10", 5000).nic("lo", 5000).send();
        assertThat(s.transitions()).containsExactlyInAnyOrder("root[/] ok->firing", "data[/data] ok->firing",
                "data[/data2] ok->firing", "eth[eth0] ok->firing");
    }

    @Test
    void aMissingReadingNeitherConfirmsNorBreaksTheCondition() {
        Script s = new Script(CPU_2M);
        s.poll().cpu(0.95).send();
        s.repeat(30, p -> { }); // the CPU sensor fails for 150 s: no reading
        assertThat(s.transitions()).containsExactly("cpu-hot ok->pending");
        s.poll().cpu(0.95).send(); // held at every sample that had it, over more than 2 minutes
        assertThat(s.transitions()).containsExactly("cpu-hot ok->pending", "cpu-hot pending->firing");
        s.poll().cpu(Double.NaN).send();
        assertThat(s.events).hasSize(2);
    }

    @Test
    void aSubjectThatIsNoLongerReportedResolves() {
        AlertRule disk = AlertRule.of("disk", "system.filesystem.used.pct", null, Comparison.ABOVE, 0.9,
                Duration.ZERO, Severity.CRITICAL);
        Script s = new Script(disk);
        s.poll().mount("/", 0.5).mount("/media/usb", 0.99).send();
        s.poll().send(); // filesystem sensor failed this poll: nothing changes
        assertThat(s.transitions()).containsExactly("disk[/media/usb] ok->firing");
        s.poll().mount("/", 0.5).send(); // the stick was unmounted
        assertThat(s.transitions()).containsExactly("disk[/media/usb] ok->firing", "disk[/media/usb] firing->resolved");
        assertThat(s.events.getLast().message()).contains("no longer reported");
        assertThat(s.log.active()).isEmpty();
    }

    @Test
    void aFailingSinkIsCountedAndTheOthersStillHearOfTheTransition() {
        Script s = new Script(AlertRule.of("mem", "system.memory.actual.used.pct", null, Comparison.ABOVE, 0.5,
                Duration.ZERO, Severity.INFO));
        List<AlertEvent> after = new ArrayList<>();
        s.evaluator.addSink(e -> {
            throw new IllegalStateException("broken sink");
        });
        s.evaluator.addSink(after::add);
        s.poll().memory(0.9).send();
        assertThat(s.evaluator.sinkErrors()).isEqualTo(1);
        assertThat(after).hasSize(1);
        assertThat(s.events).hasSize(1);
        assertThat(s.evaluator.evaluations()).isEqualTo(1);
    }

    @Test
    void healthReadingsThatThrowAreCountedAndSkipped() {
        AlertLog log = new AlertLog(10);
        AlertEvaluator evaluator = new AlertEvaluator(BuiltInRules.all(BuiltInRules.Budgets.DEFAULT), () -> {
            throw new IllegalStateException("daemon state unavailable");
        }, log);
        evaluator.onSample(io.brainstem.sample.Sample.builder(1, Script.START).build());
        assertThat(evaluator.healthErrors()).isEqualTo(1);
        assertThat(log.total()).isZero();
    }

    @Test
    void theLogLineIsKeyValueWithQuotedText() {
        Script s = new Script(AlertRule.of("disk", "system.filesystem.used.pct", null, Comparison.ABOVE, 0.9,
                Duration.ZERO, Severity.CRITICAL));
        s.poll().mount("/var/lib/my data", 0.934).send();
        String line = AlertEvaluator.line(s.events.getFirst());
        assertThat(line).startsWith("alert rule=disk from=ok to=firing severity=critical field=system.filesystem.used.pct")
                .contains(" mount=\"/var/lib/my data\"", " value=0.934", " threshold=0.9",
                        " at=2026-11-30T12:00:00Z", " message=\"disk: system.filesystem.used.pct of mount /var/lib/my data is 0.934, above 0.9\"");
    }

    @Test
    void disabledRulesAreNotEvaluated() {
        Script s = new Script(CPU_2M.withEnabled(false));
        s.repeat(40, p -> p.cpu(1.0));
        assertThat(s.events).isEmpty();
        assertThat(s.evaluator.rules()).isEmpty();
    }

    @Test
    void labelsAndSeverityTravelWithEveryEvent() {
        AlertRule labelled = new AlertRule("mem", "system.memory.actual.used.pct", null, Comparison.ABOVE, 0.5,
                Duration.ZERO, 0.5, Severity.CRITICAL, Map.of("team", "infra", "page", "yes"), true);
        Script s = new Script(labelled);
        s.poll().memory(0.7).send();
        s.poll().memory(0.2).send();
        assertThat(s.events).allSatisfy(e -> {
            assertThat(e.labels()).containsEntry("team", "infra").containsEntry("page", "yes");
            assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
        });
    }
}
