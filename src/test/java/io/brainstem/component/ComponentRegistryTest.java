package io.brainstem.component;

import io.brainstem.monitor.StepClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ComponentRegistryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration POLL = Duration.ofSeconds(5);

    private final StepClock clock = new StepClock(T0);

    private ComponentRegistry registry(int max, int slots) {
        return new ComponentRegistry(max, slots, name -> name.startsWith("gen_ai.") ? Budget.of(Tier.TIER_2) : null,
                clock);
    }

    private void poll(ComponentRegistry r) {
        clock.step(POLL);
        r.close(clock.instant());
    }

    private static void ops(Component c, int n, long nanos) {
        for (int i = 0; i < n; i++) {
            c.record(nanos, false, -1, -1, -1, -1, -1);
        }
    }

    @Test
    void windowsAreAnsweredFromThePollIntervalsTheyCover() {
        ComponentRegistry r = registry(10, 720);
        Component c = r.component("agent.plan");
        ops(c, 10, 2_000_000);           // interval 0
        poll(r);
        ops(c, 5, 40_000_000);           // interval 1
        poll(r);
        poll(r);                         // interval 2: nothing
        c.record(100_000_000, true, -1, -1, -1, -1, -1); // live interval

        ComponentStats last5s = r.window("agent.plan", Duration.ofSeconds(5));
        ComponentStats last10s = r.window("agent.plan", Duration.ofSeconds(10));
        ComponentStats last15s = r.window("agent.plan", Duration.ofSeconds(15));

        assertThat(last5s.count()).isEqualTo(1);     // only the live interval
        assertThat(last10s.count()).isEqualTo(6);    // + interval 1
        assertThat(last15s.count()).isEqualTo(16);   // + interval 0
        assertThat(last15s.errors()).isEqualTo(1);
        assertThat(last15s.maxMs()).isEqualTo(100.0);
        assertThat(last15s.avgMs()).isCloseTo((10 * 2 + 5 * 40 + 100) / 16.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(last10s.p50Ms()).isBetween(40 * 0.9375, 40 * 1.0625);
        assertThat(r.window(Duration.ofSeconds(5))).extracting(ComponentStats::name).containsExactly("agent.plan");
    }

    @Test
    void intervalsOlderThanTheBufferSpanAreForgotten() {
        ComponentRegistry r = registry(10, 3);
        Component c = r.component("agent.plan");
        ops(c, 7, 1_000_000);
        for (int i = 0; i < 4; i++) {
            poll(r);
        }
        assertThat(r.window("agent.plan", Duration.ofHours(1)).count()).isZero();
        assertThat(r.window(Duration.ofHours(1))).isEmpty();
    }

    @Test
    void oneNamePerUrlCannotGrowTheRegistry() {
        ComponentRegistry r = registry(10, 720);
        for (int i = 0; i < 10_000; i++) {
            r.component("GET /items/" + i).record(1_000_000, false, -1, -1, -1, -1, -1);
        }
        assertThat(r.size()).isEqualTo(10);
        assertThat(r.components()).hasSize(11); // and "other"
        assertThat(r.overflow()).isEqualTo(9_990);
        assertThat(r.refusedNames()).hasSize(ComponentRegistry.REFUSED_KEPT).allMatch(ComponentNames::valid)
                .contains("GET__items_9999");
        assertThat(r.other().totals().count()).isEqualTo(9_990);
        assertThat(r.find("GET__items_0")).isNotNull();
    }

    @Test
    void budgetsComeFromTheFunctionAndTimeOutsAreCounted() {
        ComponentRegistry r = registry(10, 720);
        Component chat = r.component("gen_ai.chat.gpt-4o");
        chat.record(Duration.ofSeconds(31).toNanos(), false, -1, -1, -1, -1, -1);
        chat.record(Duration.ofSeconds(6).toNanos(), false, -1, -1, 100, 400, Duration.ofMillis(300).toNanos());
        ComponentStats s = r.window("gen_ai.chat.gpt-4o", Duration.ofMinutes(1));

        assertThat(s.tier()).isEqualTo(2);
        assertThat(s.expectedMs()).isEqualTo(5000.0);
        assertThat(s.timeouts()).isEqualTo(1);
        assertThat(s.budgetRatio()).isGreaterThan(1);
        assertThat(s.tokensIn()).isEqualTo(100);
        assertThat(s.tokensOut()).isEqualTo(400);
        assertThat(s.ttftAvgMs()).isEqualTo(300.0);
        assertThat(r.window("agent.free", Duration.ofMinutes(1))).isNull();
        assertThat(r.component("agent.free").budget()).isNull();
    }

    @Test
    void theBaselineIsTheWindowItWasTakenFromAndTheRatioComparesWithIt() {
        ComponentRegistry r = registry(10, 720);
        Component c = r.component("tool.search");
        ops(c, 20, 10_000_000);
        poll(r);
        Baseline b = r.takeBaseline(Duration.ofMinutes(1));
        poll(r);
        clock.step(Duration.ofMinutes(2));
        r.close(clock.instant());
        ops(c, 20, 30_000_000);

        ComponentStats now = r.window("tool.search", Duration.ofSeconds(30));
        assertThat(b.components()).containsKey("tool.search");
        assertThat(now.baselineP95Ms()).isBetween(10 * 0.9375, 10 * 1.0625);
        assertThat(now.baselineRatio()).isBetween(2.7, 3.3);
    }

    @Test
    void inFlightFiguresAreSetForEveryComponent() {
        ComponentRegistry r = registry(10, 720);
        Component a = r.component("a");
        Component b = r.component("b");
        r.inFlight(Map.of(a, new int[] {3, 1}));
        assertThat(a.inFlight()).isEqualTo(3);
        assertThat(a.overdue()).isEqualTo(1);
        assertThat(b.inFlight()).isZero();
        assertThat(r.window(Duration.ofMinutes(1))).extracting(ComponentStats::name).containsExactly("a");
    }

    @Test
    void anActiveComponentHoldsTensOfKilobytesForAFullHour() {
        ComponentRegistry r = registry(100, 720);
        Component c = r.component("gen_ai.chat.gpt-4o");
        java.util.Random rnd = new java.util.Random(1);
        long idle = r.retainedBytes();
        for (int i = 0; i < 720; i++) {
            for (int k = 0; k < 20; k++) { // 20 operations per poll, latencies spread over 0.2-5 s
                c.record(200_000_000L + (long) (rnd.nextDouble() * 4_800_000_000L), k == 0, 3_000_000, 1 << 20,
                        100, 300, 150_000_000);
            }
            poll(r);
        }
        long perComponent = r.retainedBytes() - idle;
        assertThat(perComponent).isBetween(20_000L, 120_000L);
    }

    @Test
    void namesAreValidatedAndSanitised() {
        assertThat(ComponentNames.problem("gen_ai.chat.gpt-4o")).isNull();
        assertThat(ComponentNames.problem("llama3.1:8b")).isNull();
        assertThat(ComponentNames.problem("bad name")).contains("' '");
        assertThat(ComponentNames.problem(".hidden")).contains("start with a letter or a digit");
        assertThat(ComponentNames.problem("x".repeat(65))).contains("at most 64");
        assertThat(ComponentNames.sanitize("models/gemini 1.5")).isEqualTo("models_gemini_1.5");
        assertThat(ComponentNames.sanitize("/x")).isEqualTo("x_x");
        assertThat(ComponentNames.sanitize("y".repeat(100))).hasSize(64);
        assertThat(Tier.parse("tier-3")).isEqualTo(Tier.TIER_3);
        assertThat(Budget.of(Duration.ofMillis(300), null, Tier.TIER_2).timeout()).isEqualTo(Duration.ofSeconds(30));
    }
}
