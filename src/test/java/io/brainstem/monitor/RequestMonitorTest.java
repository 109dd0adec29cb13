package io.brainstem.monitor;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.sample.Sample;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RequestMonitorTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration POLL = Duration.ofSeconds(5);
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final RingBuffer<Sample> buffer = new RingBuffer<>(720, Sample::timestamp);
    private final StepClock clock = new StepClock(T0);
    private final RequestMonitor monitor = new RequestMonitor(buffer, clock, POLL);

    private static Instant t(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    /** Polls at T0, T0+5s, T0+10s with distinct values 0.1, 0.2, 0.3. */
    private void threePolls() {
        for (int i = 0; i < 3; i++) {
            buffer.append(TestSamples.full(i + 1, t(5 * i), 0.1 * (i + 1)));
        }
    }

    private RequestSummary request(double startSeconds, double stopSeconds) {
        clock.set(t(startSeconds));
        RequestMonitor.Request r = monitor.start("GET", "/api/v1/x", TRACE);
        clock.set(t(stopSeconds));
        return r.stop(200);
    }

    @Test
    void shouldSummariseTheSamplesTakenDuringTheRequest() {
        threePolls();

        RequestSummary s = request(4, 11);

        assertThat(s.basis()).isEqualTo(Basis.WINDOW);
        assertThat(s.window().samples()).isEqualTo(2);
        assertThat(s.window().hostCpu().min()).isEqualTo(0.2);
        assertThat(s.window().hostCpu().max()).isCloseTo(0.3, within(1e-12));
        assertThat(s.before()).isNull();
        assertThat(s.after()).isNull();
        assertThat(s.start()).isEqualTo(t(4));
        assertThat(s.end()).isEqualTo(t(11));
        assertThat(s.traceId()).isEqualTo(TRACE);
        assertThat(s.method()).isEqualTo("GET");
        assertThat(s.route()).isEqualTo("/api/v1/x");
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.durationNanos()).isNotNegative();
    }

    @Test
    void shouldIncludeSamplesLyingExactlyOnTheWindowsBoundaries() {
        threePolls();

        RequestSummary both = request(5, 10);
        assertThat(both.basis()).isEqualTo(Basis.WINDOW);
        assertThat(both.window().samples()).isEqualTo(2);
        assertThat(both.window().first()).isEqualTo(t(5));
        assertThat(both.window().last()).isEqualTo(t(10));

        RequestSummary justAfterStart = request(5.001, 10);
        assertThat(justAfterStart.window().samples()).isEqualTo(1);

        RequestSummary zeroLength = request(10, 10);
        assertThat(zeroLength.basis()).isEqualTo(Basis.WINDOW);
        assertThat(zeroLength.window().samples()).isEqualTo(1);
    }

    @Test
    void shouldReportTheNearestSamplesWithTheirAgeForARequestBetweenTwoPolls() {
        threePolls();

        RequestSummary s = request(6, 6.04);

        assertThat(s.basis()).isEqualTo(Basis.NEAREST);
        assertThat(s.window()).isNull();
        assertThat(s.before().sequence()).isEqualTo(2);
        assertThat(s.before().timestamp()).isEqualTo(t(5));
        assertThat(s.before().ageMillis()).isEqualTo(1000);
        assertThat(s.after().sequence()).isEqualTo(3);
        assertThat(s.after().ageMillis()).isEqualTo(3960);
        // copied from the real samples, not interpolated
        assertThat(s.before().values()).isEqualTo(Headline.of(buffer.last(3).get(1)));
        assertThat(s.after().values()).isEqualTo(Headline.of(buffer.last(3).get(2)));
        assertThat(s.hostCpu()).isEqualTo(s.before().values().hostCpu());
    }

    @Test
    void shouldGiveOnlyTheSampleBeforeWhenTheNextPollHasNotHappenedYet() {
        threePolls();

        RequestSummary s = request(12, 12.02);

        assertThat(s.basis()).isEqualTo(Basis.NEAREST);
        assertThat(s.before().sequence()).isEqualTo(3);
        assertThat(s.before().ageMillis()).isEqualTo(2000);
        assertThat(s.after()).isNull();
    }

    @Test
    void shouldGiveOnlyTheSampleAfterForARequestBeforeTheFirstPoll() {
        buffer.append(TestSamples.full(1, t(5), 0.4));

        RequestSummary s = request(1, 1.5);

        assertThat(s.basis()).isEqualTo(Basis.NEAREST);
        assertThat(s.before()).isNull();
        assertThat(s.after().sequence()).isEqualTo(1);
        assertThat(s.after().ageMillis()).isEqualTo(3500);
        assertThat(s.hostCpu()).isEqualTo(0.4);
    }

    @Test
    void shouldSayNoneWhenTheBufferIsEmpty() {
        RequestSummary s = request(1, 2);

        assertThat(s.basis()).isEqualTo(Basis.NONE);
        assertThat(s.window()).isNull();
        assertThat(s.before()).isNull();
        assertThat(s.after()).isNull();
        assertThat(s.hostCpu()).isNaN();
    }

    @Test
    void shouldMeasureTheRequestThreadsCpuAndAllocation() {
        RequestMonitor.Request r = monitor.start("POST", "/api/v1/agent/ask", TRACE);
        byte[][] kept = new byte[64][];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = new byte[64 * 1024];
        }
        long spin = 0;
        for (int i = 0; i < 5_000_000; i++) {
            spin += Long.rotateLeft(spin ^ i, 7);
        }
        RequestSummary s = r.stop(200);

        assertThat(kept[63]).hasSize(64 * 1024);
        assertThat(spin).isNotEqualTo(1); // keep the loop
        assertThat(s.sameThread()).isTrue();
        assertThat(s.allocatedBytes()).isGreaterThanOrEqualTo(64L * 64 * 1024);
        assertThat(s.cpuNanos()).isPositive();
    }

    @Test
    void shouldLeaveThreadCostAbsentWhenStoppedOnAnotherThread() throws Exception {
        RequestMonitor.Request r = monitor.start("GET", "/async", TRACE);

        RequestSummary s = CompletableFuture.supplyAsync(() -> r.stop(200), runnable -> new Thread(runnable).start())
                .get();

        assertThat(s.sameThread()).isFalse();
        assertThat(s.cpuNanos()).isNull();
        assertThat(s.allocatedBytes()).isNull();
        assertThat(s.durationNanos()).isNotNegative();
    }

    @Test
    void shouldLeaveCpuAbsentOnAVirtualThreadWhereTheJvmCannotMeasureIt() throws Exception {
        AtomicReference<RequestSummary> summary = new AtomicReference<>();
        AtomicLong jvmCpu = new AtomicLong();
        Thread.ofVirtual().start(() -> {
            jvmCpu.set(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            summary.set(monitor.start("GET", "/v", TRACE).stop(200));
        }).join();

        RequestSummary s = summary.get();
        assertThat(s.sameThread()).isTrue();
        if (jvmCpu.get() < 0) { // JDK 21-25: no CPU time for virtual threads
            assertThat(s.cpuNanos()).isNull();
        } else {
            assertThat(s.cpuNanos()).isNotNegative();
        }
    }

    @Test
    void shouldTakeTheRouteFoundByDispatchAtStop() {
        RequestSummary found = monitor.start("GET", null, TRACE).stop(404, "/api/v1/samples/{id}");
        RequestSummary kept = monitor.start("GET", "/known", TRACE).stop(200, null);
        RequestSummary unknown = monitor.start("GET", null, TRACE).stop(404);

        assertThat(found.route()).isEqualTo("/api/v1/samples/{id}");
        assertThat(found.status()).isEqualTo(404);
        assertThat(kept.route()).isEqualTo("/known");
        assertThat(unknown.route()).isNull();
    }

    @Test
    void shouldRefuseASecondStop() {
        RequestMonitor.Request r = monitor.start("GET", "/x", TRACE);
        r.stop(200);

        assertThatThrownBy(() -> r.stop(500)).isInstanceOf(IllegalStateException.class).hasMessageContaining(TRACE);
    }

    @Test
    void shouldSnapshotARunningRequestWithoutEndingIt() {
        threePolls();
        clock.set(t(4));
        RequestMonitor.Request r = monitor.start("POST", "/agent", TRACE);
        clock.set(t(6));

        RequestSummary soFar = r.snapshot();
        clock.set(t(11));
        RequestSummary last = r.stop(201);

        assertThat(soFar.status()).isZero();
        assertThat(soFar.window().samples()).isEqualTo(1);
        assertThat(last.status()).isEqualTo(201);
        assertThat(last.window().samples()).isEqualTo(2);
    }

    @Test
    void shouldNotEndBeforeItStartedWhenTheWallClockStepsBack() {
        threePolls();

        RequestSummary s = request(6, 3);

        assertThat(s.end()).isEqualTo(s.start());
        assertThat(s.basis()).isEqualTo(Basis.NEAREST);
        assertThat(s.durationNanos()).isNotNegative();
    }

    @Test
    void shouldSummariseTheLastWindowOfTheBuffer() {
        threePolls();
        clock.set(t(12));

        assertThat(monitor.lastWindow(Duration.ofSeconds(7)).samples()).isEqualTo(2);   // since t=5, inclusive
        assertThat(monitor.lastWindow(Duration.ofMinutes(5)).samples()).isEqualTo(3);
        assertThat(monitor.lastWindow(Duration.ofSeconds(1)).samples()).isZero();
        assertThat(monitor.lastWindow(Duration.ofHours(1)).hostCpu().count()).isEqualTo(3);
    }

    @Test
    void shouldRejectLastWindowsTheBufferCannotAnswer() {
        assertThat(monitor.bufferSpan()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> monitor.lastWindow(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> monitor.lastWindow(Duration.ofSeconds(-5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> monitor.lastWindow(Duration.ofMinutes(61)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than the buffer");
    }

    @Test
    void shouldRejectANonPositivePollInterval() {
        assertThatThrownBy(() -> new RequestMonitor(buffer, clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pollInterval");
    }
}
