package io.brainstem.monitor;

import io.brainstem.sample.Sample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.brainstem.sample.Reading.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WindowSummaryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void shouldGiveCountMinAvgMaxOfEachHeadlineReading() {
        List<Sample> samples = List.of(
                TestSamples.at(1, t(0)).cpu(0.2).memory(0.50).load1(1.0).process(0.01, 100e6).build(),
                TestSamples.at(2, t(5)).cpu(0.4).memory(0.60).load1(2.0).process(0.03, 120e6).build(),
                TestSamples.at(3, t(10)).cpu(0.9).memory(0.55).load1(4.5).process(0.02, 110e6).build());

        WindowSummary w = WindowSummary.of(samples);

        assertThat(w.samples()).isEqualTo(3);
        assertThat(w.first()).isEqualTo(t(0));
        assertThat(w.last()).isEqualTo(t(10));
        assertThat(w.hostCpu().count()).isEqualTo(3);
        assertThat(w.hostCpu().min()).isEqualTo(0.2);
        assertThat(w.hostCpu().avg()).isCloseTo(0.5, within(1e-12));
        assertThat(w.hostCpu().max()).isEqualTo(0.9);
        assertThat(w.memoryUsedFraction().avg()).isCloseTo(0.55, within(1e-12));
        assertThat(w.load1().min()).isEqualTo(1.0);
        assertThat(w.load1().max()).isEqualTo(4.5);
        assertThat(w.processCpu().avg()).isCloseTo(0.02, within(1e-12));
        assertThat(w.processRssBytes().avg()).isCloseTo(110e6, within(1e-3));
    }

    @Test
    void shouldSkipAbsentValuesInsteadOfCountingThemAsZero() {
        List<Sample> samples = List.of(
                TestSamples.at(1, t(0)).cpu(ABSENT).build(),          // first poll: no rate yet
                TestSamples.at(2, t(5)).build(),                      // cpu sensor failed: part missing
                TestSamples.at(3, t(10)).cpu(0.6).build(),
                TestSamples.at(4, t(15)).cpu(0.8).build());

        WindowSummary w = WindowSummary.of(samples);

        assertThat(w.samples()).isEqualTo(4);
        assertThat(w.hostCpu().count()).isEqualTo(2);
        assertThat(w.hostCpu().min()).isEqualTo(0.6);
        assertThat(w.hostCpu().avg()).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void shouldLeaveAReadingNoSampleHadNull() {
        WindowSummary w = WindowSummary.of(List.of(
                TestSamples.at(1, t(0)).cpu(0.3).memory(ABSENT).build(),
                TestSamples.at(2, t(5)).cpu(0.4).build()));

        assertThat(w.hostCpu()).isNotNull();
        assertThat(w.memoryUsedFraction()).isNull();
        assertThat(w.load1()).isNull();
        assertThat(w.diskBytesPerSecond()).isNull();
        assertThat(w.processRssBytes()).isNull();
    }

    @Test
    void shouldGiveP95OnlyFromTwentyValuesOn() {
        assertThat(WindowSummary.of(cpuSeries(19)).hostCpu().p95()).isNaN();

        Stat twenty = WindowSummary.of(cpuSeries(20)).hostCpu();
        // nearest rank: ceil(0.95 * 20) = 19th smallest of 0.01 .. 0.20
        assertThat(twenty.p95()).isCloseTo(0.19, within(1e-12));
        assertThat(twenty.max()).isCloseTo(0.20, within(1e-12));

        assertThat(WindowSummary.of(cpuSeries(100)).hostCpu().p95()).isCloseTo(0.95, within(1e-12));
    }

    @Test
    void shouldCountOnlyPresentValuesTowardsTheP95Threshold() {
        List<Sample> samples = new ArrayList<>(cpuSeries(19));
        samples.add(TestSamples.at(20, t(100)).cpu(ABSENT).build());

        Stat cpu = WindowSummary.of(samples).hostCpu();

        assertThat(WindowSummary.of(samples).samples()).isEqualTo(20);
        assertThat(cpu.count()).isEqualTo(19);
        assertThat(cpu.p95()).isNaN();
    }

    @Test
    void shouldSumDiskAndNetworkThroughputOverDevicesSkippingAbsentRates() {
        Sample s = TestSamples.at(1, t(0))
                .disk(100, 50).disk(10, ABSENT)                 // sdb's write rate not known yet
                .network(1000, 200).network(ABSENT, ABSENT)     // eth1 on its first poll
                .build();

        WindowSummary w = WindowSummary.of(List.of(s));

        assertThat(w.diskBytesPerSecond().avg()).isEqualTo(160);
        assertThat(w.networkBytesPerSecond().avg()).isEqualTo(1200);
    }

    @Test
    void shouldTreatThroughputWithoutAnyDeviceValueAsAbsent() {
        Sample firstPoll = TestSamples.at(1, t(0)).disk(ABSENT, ABSENT).network(ABSENT, ABSENT).build();
        Sample noDevices = TestSamples.at(2, t(5)).noDisks().build();

        WindowSummary w = WindowSummary.of(List.of(firstPoll, noDevices));

        assertThat(w.diskBytesPerSecond()).isNull();
        assertThat(w.networkBytesPerSecond()).isNull();
        assertThat(Headline.of(noDevices).diskBytesPerSecond()).isNaN();
    }

    @Test
    void shouldSummariseAnEmptyWindowAsZeroSamplesAndNoReadings() {
        WindowSummary w = WindowSummary.of(List.of());

        assertThat(w.samples()).isZero();
        assertThat(w.first()).isNull();
        assertThat(w.last()).isNull();
        assertThat(w.hostCpu()).isNull();
        assertThat(w.processRssBytes()).isNull();
    }

    /** n samples with cpu 0.01, 0.02, … in shuffled order, so the p95 does not rely on input order. */
    private static List<Sample> cpuSeries(int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = (i * 7) % n; // 7 is coprime with the sizes used: a permutation of 0..n-1
            out.add(TestSamples.at(i + 1, t(5 * i)).cpu((k + 1) / 100.0).build());
        }
        return out;
    }
}
