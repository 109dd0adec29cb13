package io.brainstem.sensor;

import io.brainstem.sample.TopProcessesReading;
import io.brainstem.sample.TopProcessesReading.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TopProcessesSensorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration BUDGET = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private static TopProcessesSensor sensor(HostPlusFixture host, int topN, Duration budget) {
        return new TopProcessesSensor(host.proc(), host.sys(), host.passwd(), topN, INTERVAL, budget);
    }

    @Test
    void ranksTheRecordedProcessesByCpuAndByResidentMemory() throws Exception {
        HostPlusFixture host = HostPlusFixture.of(dir, "top-processes");
        TopProcessesReading r = sensor(host, 2, BUDGET).enumerate(T0);

        assertThat(r.takenAt()).isEqualTo(T0);
        assertThat(r.processCount()).isEqualTo(5.0);
        assertThat(r.complete()).isTrue();
        assertThat(r.enumerationMillis()).isPositive();
        assertThat(r.byCpu()).extracting(Proc::pid).containsExactly(4242L, 314L);
        assertThat(r.byRss()).extracting(Proc::pid).containsExactly(4242L, 314L);

        // first enumeration: CPU over each process's life on the uptime clock (1000 s)
        Proc java = r.byCpu().get(0);
        assertThat(java.cpuCores()).isCloseTo(1800.0 / (1000 - 200), within(1e-9));
        assertThat(java.cpuFraction()).isCloseTo(java.cpuCores() / 4, within(1e-9)); // online 0-3
        assertThat(java.rssBytes()).isEqualTo(1000000 * 1024.0);
        assertThat(java.user()).as("uid 1001 is not in passwd").isEqualTo("1001");
        assertThat(java.commandLine()).hasSize(TopProcessesSensor.COMMAND_LINE_MAX)
                .startsWith("/usr/lib/jvm/temurin-25/bin/java -Xmx4g -XX:+UseZGC -Dsetting.number.0=")
                .endsWith("…");
        Proc odd = r.byCpu().get(1);
        assertThat(odd.name()).isEqualTo("my (odd) name");
        assertThat(odd.user()).isEqualTo("alice");
        assertThat(odd.commandLine()).isEqualTo("./odd --flag");
        assertThat(odd.cpuCores()).isCloseTo(300.0 / (1000 - 500), within(1e-9));
        assertThat(r.byRss().get(0)).isSameAs(java);
    }

    @Test
    void kernelThreadsShowTheirNameInBracketsAndNoResidentMemory() throws Exception {
        HostPlusFixture host = HostPlusFixture.of(dir, "top-processes");
        TopProcessesReading r = sensor(host, 10, BUDGET).enumerate(T0);

        assertThat(r.byRss()).hasSize(5);
        Proc kthreadd = r.byRss().stream().filter(p -> p.pid() == 2).findFirst().orElseThrow();
        assertThat(kthreadd.commandLine()).isEqualTo("[kthreadd]");
        assertThat(kthreadd.rssBytes()).isEqualTo(0.0);
        assertThat(kthreadd.user()).isEqualTo("root");
        assertThat(r.byRss()).last().extracting(Proc::pid).isEqualTo(2L);
    }

    @Test
    void cpuIsOverTheIntervalBetweenEnumerationsAndAReusedPidStartsAfresh() throws Exception {
        HostPlusFixture host = HostPlusFixture.of(dir, "top-processes");
        TopProcessesSensor sensor = sensor(host, 4, BUDGET);
        sensor.enumerate(T0);
        host.overlay("top-processes-t1"); // uptime +10 s
        TopProcessesReading r = sensor.enumerate(T0.plusSeconds(10));

        assertThat(r.byCpu()).extracting(Proc::pid).containsExactly(314L, 4242L, 7000L, 6001L);
        assertThat(r.byCpu()).extracting(Proc::cpuCores).containsExactly(
                2000.0 / 100 / 10,   // 314: 2000 ticks in 10 s
                1000.0 / 100 / 10,   // 4242: 1000 ticks in 10 s
                50.0 / 100 / 2,      // 7000: new, started 2 s ago
                100.0 / 100 / 5);    // 6001: pid reused 5 s ago, not compared with the old process
        assertThat(r.processCount()).isEqualTo(6.0);
    }

    @Test
    void anEnumerationOverItsBudgetPublishesWhatItRankedMarkedIncomplete() throws Exception {
        HostPlusFixture host = HostPlusFixture.of(dir, "top-processes");
        TopProcessesReading r = sensor(host, 5, Duration.ofNanos(1)).enumerate(T0);
        assertThat(r.complete()).isFalse();
        assertThat(r.processCount()).isLessThan(5.0);
    }

    @Test
    void readReturnsTheLastResultAndEnumeratesOnlyOnItsOwnCadence() throws Exception {
        HostPlusFixture host = HostPlusFixture.of(dir, "top-processes");
        AtomicInteger started = new AtomicInteger();
        ThreadFactory counting = task -> {
            started.incrementAndGet();
            return Thread.ofVirtual().unstarted(task);
        };
        TopProcessesSensor sensor = new TopProcessesSensor(host.proc(), host.sys(), host.passwd(), 2, INTERVAL,
                BUDGET, counting);
        sensor.read(T0);
        sensor.awaitEnumeration();
        TopProcessesReading first = sensor.read(T0.plusSeconds(5));
        assertThat(first.takenAt()).isEqualTo(T0);
        assertThat(sensor.read(T0.plusSeconds(29))).isSameAs(first);
        assertThat(started).hasValue(1);

        sensor.read(T0.plusSeconds(30));
        sensor.awaitEnumeration();
        assertThat(started).hasValue(2);
        assertThat(sensor.read(T0.plusSeconds(35)).takenAt()).isEqualTo(T0.plusSeconds(30));
    }

    /**
     * The real host: while an enumeration is held on its thread, read returns at once with the last
     * result (twice in a row); once released, this JVM is among the processes with its resident memory.
     */
    @Test
    void realHostReadNeverWaitsForTheEnumerationAndFindsThisJvm() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        ThreadFactory gated = task -> Thread.ofVirtual().unstarted(() -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            task.run();
        });
        TopProcessesSensor sensor = new TopProcessesSensor(Path.of("/proc"), Path.of("/sys"), Path.of("/etc/passwd"),
                100_000, INTERVAL, BUDGET, gated);
        Instant now = Instant.now();

        TopProcessesReading during1 = sensor.read(now);
        entered.await();
        TopProcessesReading during2 = sensor.read(now.plusSeconds(1));
        TopProcessesReading during3 = sensor.read(now.plusSeconds(31)); // due again, but one is running
        assertThat(sensor.enumerating()).isTrue();
        assertThat(during1).isEqualTo(TopProcessesReading.pending());
        assertThat(during2).isSameAs(during1);
        assertThat(during3).isSameAs(during1);

        release.countDown();
        sensor.awaitEnumeration();
        assertThat(sensor.enumerating()).isFalse();
        // Not due yet (the enumeration that just ended started at `now`): this read only collects it. A due
        // read would start the next one and could, on a busy machine, return that one already.
        TopProcessesReading r = sensor.read(now.plusSeconds(29));
        assertThat(r.takenAt()).isEqualTo(now);
        assertThat(r.complete()).isTrue();
        long self = ProcessHandle.current().pid();
        Proc me = r.byRss().stream().filter(p -> p.pid() == self).findFirst().orElseThrow();
        assertThat(me.rssBytes()).isPositive();
        assertThat(me.name()).isNotBlank();
        assertThat(me.commandLine()).contains("java");
        assertThat(me.user()).isEqualTo(System.getProperty("user.name"));
        assertThat(r.processCount()).isGreaterThanOrEqualTo(r.byRss().size());
    }

    @Test
    void badSettingsNameTheParameter() {
        Path p = Path.of("/proc");
        assertThatThrownBy(() -> new TopProcessesSensor(p, p, p, 0, INTERVAL, BUDGET))
                .hasMessageContaining("topN");
        assertThatThrownBy(() -> new TopProcessesSensor(p, p, p, 5, Duration.ZERO, BUDGET))
                .hasMessageContaining("topInterval");
        assertThatThrownBy(() -> new TopProcessesSensor(p, p, p, 5, INTERVAL, Duration.ofSeconds(-1)))
                .hasMessageContaining("topBudget");
    }

    @Test
    void commandLinesAreJoinedAndTrimmed() {
        assertThat(TopProcessesSensor.commandLine("a\0b c\0\0", "x")).isEqualTo("a b c");
        assertThat(TopProcessesSensor.commandLine("", "kworker/0:1")).isEqualTo("[kworker/0:1]");
        assertThat(TopProcessesSensor.commandLine("x".repeat(500), "x")).hasSize(200).endsWith("…");
        assertThat(TopProcessesSensor.parseStat(7, "garbage")).isNull();
    }
}
