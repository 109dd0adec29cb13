package io.brainstem.sensor;

import io.brainstem.sample.ContainerReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ContainerSensorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(10);
    private static final String V1_HOST_CGROUP = "sys/fs/cgroup/memory/process_api/3eca41f9e15107b8c0a919fd3aca0137/";

    @TempDir
    Path dir;

    @Test
    void cgroupV2LimitsAreTheSmallestAlongThePathAndUsageLeavesOutInactiveFileCache() {
        HostPlusFixture host = HostPlusFixture.of(dir, "cgroup-v2-limits");
        ContainerReading r = new ContainerSensor(host.proc(), host.sys()).read(T0);

        assertThat(r.cgroupVersion()).isEqualTo("v2");
        assertThat(r.cgroupPath()).isEqualTo("/kubepods.slice/pod-a");
        assertThat(r.cpuLimitCores()).isEqualTo(1.5);             // pod 150000/100000 below the slice's 4 cores
        assertThat(r.memoryLimitBytes()).isEqualTo(1073741824.0); // the slice's 1 GiB below the pod's 2 GiB
        assertThat(r.memoryUsageBytes()).isEqualTo(734003200.0 - 209715200.0);
        assertThat(r.memoryUsageFraction()).isEqualTo((734003200.0 - 209715200.0) / 1073741824.0);
        assertThat(r.oomKills()).isEqualTo(2.0);
        // rates need two polls
        assertThat(r.cpuUsageCores()).isNaN();
        assertThat(r.cpuUsageFraction()).isNaN();
        assertThat(r.throttledPeriodsPerSecond()).isNaN();
        assertThat(r.throttledFraction()).isNaN();
        assertThat(r.oomKillsNew()).isNaN();
    }

    @Test
    void cgroupV2RatesAcrossTwoPolls() {
        HostPlusFixture host = HostPlusFixture.of(dir, "cgroup-v2-limits");
        ContainerSensor sensor = new ContainerSensor(host.proc(), host.sys());
        sensor.read(T0);
        host.overlay("cgroup-v2-limits-t1");
        ContainerReading r = sensor.read(T1);

        assertThat(r.cpuUsageCores()).isCloseTo(12.0 / 10, within(1e-9));   // 12 s of CPU in 10 s
        assertThat(r.cpuUsageFraction()).isCloseTo(1.2 / 1.5, within(1e-9));
        assertThat(r.throttledPeriodsPerSecond()).isCloseTo(40.0 / 10, within(1e-9));
        assertThat(r.throttledFraction()).isCloseTo(40.0 / 100, within(1e-9));
        assertThat(r.throttledMillisPerSecond()).isCloseTo(2000.0 / 10, within(1e-9));
        assertThat(r.oomKills()).isEqualTo(3.0);
        assertThat(r.oomKillsNew()).isEqualTo(1.0);
    }

    @Test
    void ownLimitsAreReadEveryPollAndAncestorsOnTheRediscoverySchedule() throws Exception {
        HostPlusFixture host = HostPlusFixture.of(dir, "cgroup-v2-limits");
        Path slice = host.sys().resolve("fs/cgroup/kubepods.slice");
        ContainerSensor sensor = new ContainerSensor(host.proc(), host.sys());
        assertThat(sensor.read(T0).cpuLimitCores()).isEqualTo(1.5);

        Files.writeString(slice.resolve("pod-a/cpu.max"), "100000 100000\n"); // resized in place
        assertThat(sensor.read(T0.plusSeconds(5)).cpuLimitCores()).isEqualTo(1.0);

        Files.writeString(slice.resolve("cpu.max"), "50000 100000\n");
        assertThat(sensor.read(T0.plusSeconds(10)).cpuLimitCores()).isEqualTo(1.0);
        Instant rediscovery = T0.plus(ContainerSensor.REDISCOVER_INTERVAL);
        assertThat(sensor.read(rediscovery).cpuLimitCores()).isEqualTo(0.5);
    }

    @Test
    void cgroupV2WithoutLimitsHasAbsentLimitsButPresentUsage() {
        // no mountinfo in this recording: the conventional layout under sys/fs/cgroup is used
        HostPlusFixture host = HostPlusFixture.of(dir, "cgroup-v2-nolimits");
        ContainerSensor sensor = new ContainerSensor(host.proc(), host.sys());
        sensor.read(T0);
        ContainerReading r = sensor.read(T1);

        assertThat(r.cgroupVersion()).isEqualTo("v2");
        assertThat(r.cgroupPath()).isEqualTo("/user.slice/user-1000.slice/session-3.scope");
        assertThat(r.cpuLimitCores()).isNaN();
        assertThat(r.cpuUsageFraction()).isNaN();
        assertThat(r.memoryLimitBytes()).isNaN();
        assertThat(r.memoryUsageFraction()).isNaN();
        assertThat(r.memoryUsageBytes()).isEqualTo(268435456.0 - 67108864.0);
        assertThat(r.cpuUsageCores()).isEqualTo(0.0);  // counters did not move: idle, which is a value
        assertThat(r.throttledFraction()).isNaN();     // no quota, no enforcement periods
        assertThat(r.oomKillsNew()).isEqualTo(0.0);
    }

    @Test
    void cgroupV1LimitsInADockerContainerWithoutCgroupNamespace() {
        HostPlusFixture host = HostPlusFixture.of(dir, "cgroup-v1-limits");
        ContainerSensor sensor = new ContainerSensor(host.proc(), host.sys());
        ContainerReading first = sensor.read(T0);
        host.overlay("cgroup-v1-limits-t1");
        ContainerReading r = sensor.read(T1);

        assertThat(first.cgroupVersion()).isEqualTo("v1");
        assertThat(first.cgroupPath()).isEqualTo("/docker/4f1c2a9e");
        assertThat(r.cpuLimitCores()).isEqualTo(2.0);
        assertThat(r.memoryLimitBytes()).isEqualTo(536870912.0);
        assertThat(r.memoryUsageBytes()).isEqualTo(419430400.0 - 104857600.0);
        assertThat(r.memoryUsageFraction()).isEqualTo((419430400.0 - 104857600.0) / 536870912.0);
        assertThat(r.cpuUsageCores()).isCloseTo(5.0 / 10, within(1e-9));  // cpuacct.usage +5e9 ns
        assertThat(r.cpuUsageFraction()).isCloseTo(0.5 / 2.0, within(1e-9));
        assertThat(r.throttledPeriodsPerSecond()).isCloseTo(10.0 / 10, within(1e-9));
        assertThat(r.throttledFraction()).isCloseTo(10.0 / 50, within(1e-9));
        assertThat(r.throttledMillisPerSecond()).isCloseTo(500.0 / 10, within(1e-9));
        assertThat(r.oomKills()).isEqualTo(1.0);
        assertThat(r.oomKillsNew()).isEqualTo(0.0);
    }

    @Test
    void cgroupV1WithoutLimitsRecordedOnAHybridHost() {
        HostPlusFixture host = HostPlusFixture.of(dir, "cgroup-v1-nolimits");
        ContainerReading r = new ContainerSensor(host.proc(), host.sys()).read(T0);

        assertThat(r.cgroupVersion()).isEqualTo("v1");
        assertThat(r.cgroupPath()).isEqualTo("/process_api/3eca41f9e15107b8c0a919fd3aca0137");
        assertThat(r.cpuLimitCores()).isNaN();     // cfs_quota_us -1
        assertThat(r.memoryLimitBytes()).isNaN();  // the kernel's page-rounded Long.MAX_VALUE
        assertThat(r.memoryUsageFraction()).isNaN();
        long usage = Long.parseLong(HostPlusFixture.recorded("cgroup-v1-nolimits",
                V1_HOST_CGROUP + "memory.usage_in_bytes").strip());
        long inactive = ContainerSensor.KeyValues.parse(HostPlusFixture.recorded("cgroup-v1-nolimits",
                V1_HOST_CGROUP + "memory.stat")).get("total_inactive_file");
        assertThat(r.memoryUsageBytes()).isEqualTo((double) Math.max(0, usage - inactive));
    }

    @Test
    void noCgroupAtAllIsEveryValueAbsent() throws Exception {
        Files.createDirectories(dir.resolve("proc"));
        ContainerReading r = new ContainerSensor(dir.resolve("proc"), dir.resolve("sys")).read(T0);
        assertThat(r).isEqualTo(ContainerReading.none());
        assertThat(r.cgroupVersion()).isNull();
        assertThat(r.cpuLimitCores()).isNaN();
    }

    @Test
    void countersGoingBackwardsGiveAbsentRatesNotNegativeOnes() {
        ContainerSensor.Snapshot before = new ContainerSensor.Snapshot(2, 9_000_000_000L, 100, 10, 5_000_000, 1e9,
                5e8, 1e8, 4);
        ContainerSensor.Snapshot after = new ContainerSensor.Snapshot(2, 1_000_000_000L, 5, 1, 1_000, 1e9, 5e8, 1e8, 0);
        ContainerReading r = ContainerSensor.reading("v2", "/x", before, after, 5);
        assertThat(r.cpuUsageCores()).isNaN();
        assertThat(r.throttledPeriodsPerSecond()).isNaN();
        assertThat(r.throttledFraction()).isNaN();
        assertThat(r.throttledMillisPerSecond()).isNaN();
        assertThat(r.oomKillsNew()).isNaN();
        assertThat(r.memoryUsageBytes()).isEqualTo(4e8);
    }

    @Test
    void limitFileFormats() {
        assertThat(ContainerSensor.parseCpuMax("max 100000")).isNaN();
        assertThat(ContainerSensor.parseCpuMax("50000 100000")).isEqualTo(0.5);
        assertThat(ContainerSensor.parseMemoryMax("max")).isNaN();
        assertThat(ContainerSensor.parseMemoryMax("1048576")).isEqualTo(1048576.0);
        assertThat(ContainerSensor.v1Cores(-1L, 100000L)).isNaN();
        assertThat(ContainerSensor.v1Limit(9223372036854771712L)).isNaN();      // 4 KiB pages
        assertThat(ContainerSensor.v1Limit(9223372036854710272L)).isNaN();      // 64 KiB pages
        assertThat(ContainerSensor.v1Limit(4294967296L)).isEqualTo(4294967296.0);
    }

    /** This host: whatever cgroup the test JVM is in, the limits equal what its files say. */
    @Test
    void realHostLimitsEqualTheCgroupFiles() throws Exception {
        Path proc = Path.of("/proc");
        Path sys = Path.of("/sys");
        ContainerSensor sensor = new ContainerSensor(proc, sys);
        ContainerReading first = sensor.read(Instant.now());
        Thread.sleep(50);
        ContainerReading r = sensor.read(Instant.now());
        CgroupLayout layout = CgroupLayout.discover(new ProcText(), proc, sys);
        if (!Files.exists(proc.resolve("self/cgroup"))) {
            assertThat(r).isEqualTo(ContainerReading.none());
            return;
        }
        assertThat(r.cgroupVersion()).isEqualTo(layout.version()).isNotNull();
        assertThat(first.cpuUsageCores()).isNaN();
        assertThat(r.cpuUsageCores()).isGreaterThanOrEqualTo(0.0);
        assertThat(r.memoryUsageBytes()).isGreaterThan(0.0);
        if (layout.version().equals("v1")) {
            // memory: the smaller of the cgroup's own limit and its hierarchical one; v1's "unlimited" is huge
            long own = Long.parseLong(Files.readString(layout.memory().resolve("memory.limit_in_bytes")).strip());
            long hierarchical = ContainerSensor.KeyValues.parse(
                    Files.readString(layout.memory().resolve("memory.stat"))).get("hierarchical_memory_limit");
            long effective = hierarchical < 0 ? own : Math.min(own, hierarchical);
            assertThat(Double.valueOf(r.memoryLimitBytes())).isEqualTo(Double.valueOf(
                    effective >= ContainerSensor.V1_UNLIMITED ? Double.NaN : (double) effective));
            double cores = Double.NaN;
            for (Path p : CgroupLayout.upTo(layout.cpu(), layout.cpuRoot())) {
                long quota = Long.parseLong(Files.readString(p.resolve("cpu.cfs_quota_us")).strip());
                long period = Long.parseLong(Files.readString(p.resolve("cpu.cfs_period_us")).strip());
                if (quota > 0) {
                    cores = Double.isNaN(cores) ? (double) quota / period : Math.min(cores, (double) quota / period);
                }
            }
            assertThat(Double.valueOf(r.cpuLimitCores())).isEqualTo(Double.valueOf(cores));
        } else {
            double memory = Double.NaN;
            double cores = Double.NaN;
            for (Path p : CgroupLayout.upTo(layout.unified(), layout.unifiedRoot())) {
                if (Files.exists(p.resolve("memory.max"))) {
                    String max = Files.readString(p.resolve("memory.max")).strip();
                    if (!max.equals("max")) {
                        memory = Double.isNaN(memory) ? Double.parseDouble(max) : Math.min(memory, Double.parseDouble(max));
                    }
                }
                if (Files.exists(p.resolve("cpu.max"))) {
                    String[] f = Files.readString(p.resolve("cpu.max")).strip().split(" ");
                    if (!f[0].equals("max")) {
                        double c = Double.parseDouble(f[0]) / Double.parseDouble(f[1]);
                        cores = Double.isNaN(cores) ? c : Math.min(cores, c);
                    }
                }
            }
            assertThat(Double.valueOf(r.memoryLimitBytes())).isEqualTo(Double.valueOf(memory));
            assertThat(Double.valueOf(r.cpuLimitCores())).isEqualTo(Double.valueOf(cores));
        }
        if (Double.isNaN(r.memoryLimitBytes())) {
            assertThat(r.memoryUsageFraction()).isNaN();
        } else {
            assertThat(r.memoryUsageFraction()).isBetween(0.0, 1.0);
        }
    }
}
