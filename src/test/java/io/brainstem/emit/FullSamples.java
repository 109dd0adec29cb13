package io.brainstem.emit;

import io.brainstem.sample.CpuReading;
import io.brainstem.sample.DiskIoReadings;
import io.brainstem.sample.FileSystemReadings;
import io.brainstem.sample.HostReading;
import io.brainstem.sample.LoadReading;
import io.brainstem.sample.MemoryReading;
import io.brainstem.sample.NetworkReadings;
import io.brainstem.sample.ProcessReading;
import io.brainstem.sample.Sample;
import io.brainstem.sample.ThermalReading;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.brainstem.sample.Reading.ABSENT;

/** Samples for the document tests, built from records: every reading present, or only what a first poll has. */
final class FullSamples {

    static final Origin ORIGIN = new Origin("host-a", "instance-1", "0.1.0-test", "agent-svc", "default");
    static final Duration PERIOD = Duration.ofSeconds(5);
    /** One process enumeration shared by the samples built here (it runs on its own cadence). */
    static final Instant TOP_TAKEN_AT = Instant.parse("2026-03-01T09:59:58Z");

    private FullSamples() {
    }

    /** A sample with every reading the catalog knows, all derived from {@code v} (0 < v < 1). */
    static Sample full(long sequence, Instant at, double v) {
        return Sample.builder(sequence, at)
                .pollNanos(3_500_000)
                .put(new HostReading("Host-A", "linux", "Debian GNU/Linux", "12 (bookworm)", "6.1.0-18-amd64", "amd64",
                        at.minus(Duration.ofDays(3)), 3 * 86400.0))
                .put(new CpuReading(v, v * 0.6, v * 0.3, 0.02, 0.01, List.of(v, v / 2), 2, 1))
                .put(new MemoryReading(8e9, 8e9 * (1 - v), 8e9 * v, v, 2e9, 1e8))
                .put(new LoadReading(v * 4, v * 3, v * 2, v * 2, v * 1.5, v))
                .put(new DiskIoReadings(List.of(
                        new DiskIoReadings.Device("sda", v * 1e6, v * 5e5, v * 100, v * 50, v / 3),
                        new DiskIoReadings.Device("nvme0n1", v * 2e6, v * 1e6, v * 200, v * 80, v / 2))))
                .put(new FileSystemReadings(List.of(
                        new FileSystemReadings.Mount("/", "/dev/sda1", "ext4", 1e11, 4e10, 6e10, 0.4),
                        new FileSystemReadings.Mount("/data", "/dev/nvme0n1p1", "xfs", 5e11, 1e11, 4e11, 0.2)),
                        List.of("/mnt/nfs")))
                .put(new NetworkReadings(List.of(
                        new NetworkReadings.Interface("eth0", v * 3e5, v * 1e5, v * 300, v * 100, 0.0, 0.0, 0.1, 0.0),
                        new NetworkReadings.Interface("lo", v * 1e3, v * 1e3, 10, 10, 0.0, 0.0, 0.0, 0.0))))
                .put(new ThermalReading(55.5, List.of(1200.0, 900.0), 1.1))
                .put(new ProcessReading(4242, v / 10, 2.5e8, 40, 120, 1_048_576, 6e7, 1.2e8, 2.5e8, 12, 340))
                .put(new io.brainstem.sample.ContainerReading("v2", "/system.slice/agent.service", 2.0, v * 2, v,
                        v * 3, v / 4, v * 10, 4e9, 4e9 * v, v, 3, 1))
                .put(new io.brainstem.sample.PressureReading(pressure(v), pressure(v / 2)))
                .put(new io.brainstem.sample.TopProcessesReading(TOP_TAKEN_AT, 4.5, 130, true,
                        List.of(new io.brainstem.sample.TopProcessesReading.Proc(4242, "java", "java -jar brainstem.jar",
                                "agent", 1.5 * v, 0.75 * v, 2.5e8)),
                        List.of(new io.brainstem.sample.TopProcessesReading.Proc(77, "postgres", "postgres: writer",
                                "postgres", 0.1, 0.05, 9e8))))
                .failed("gpu")
                .build();
    }

    private static io.brainstem.sample.PressureReading.Resources pressure(double v) {
        io.brainstem.sample.PressureReading.Stall stall = new io.brainstem.sample.PressureReading.Stall(v / 10, v / 20, v / 30, v / 5);
        io.brainstem.sample.PressureReading.Resource r = new io.brainstem.sample.PressureReading.Resource(stall, stall);
        return new io.brainstem.sample.PressureReading.Resources(r, r, r);
    }

    /** What a first poll has: identity and levels, but no rate yet (every rate NaN), no thermal sensor. */
    static Sample firstPoll(long sequence, Instant at) {
        return Sample.builder(sequence, at)
                .pollNanos(9_000_000)
                .put(new HostReading("host-a", "linux", "Debian GNU/Linux", "12", "6.1.0", "amd64", null, 100.0))
                .put(new CpuReading(ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, List.of(), 2, 1))
                .put(new MemoryReading(8e9, 4e9, 4e9, 0.5, 0.0, 0.0))
                .put(new DiskIoReadings(List.of(new DiskIoReadings.Device("sda", ABSENT, ABSENT, ABSENT, ABSENT, ABSENT))))
                .put(new NetworkReadings(List.of(new NetworkReadings.Interface("eth0", ABSENT, ABSENT, ABSENT, ABSENT,
                        ABSENT, ABSENT, ABSENT, ABSENT))))
                .put(new ThermalReading(ABSENT, List.of(), ABSENT))
                .failed("load")
                .failed("filesystem")
                .failed("process")
                .build();
    }
}
