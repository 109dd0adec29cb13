package io.brainstem.boot;

import io.brainstem.sample.CpuReading;
import io.brainstem.sample.FileSystemReadings;
import io.brainstem.sample.Reading;
import io.brainstem.sample.Sample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SampleMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SampleMeters meters = new SampleMeters(registry);

    @Test
    void presentReadingsBecomeGaugesAndAbsentOnesHaveNoSeries() {
        meters.update(Sample.builder(1, Instant.EPOCH)
                .put(new CpuReading(0.5, 0.4, 0.1, Reading.ABSENT, 0, List.of(0.2, 0.8), 2, 1))
                .put(new FileSystemReadings(List.of(
                        new FileSystemReadings.Mount("/", "/dev/sda1", "ext4", 100, 40, 60, 0.4),
                        new FileSystemReadings.Mount("/data", "/dev/sdb1", "xfs", 100, 90, 10, 0.9)), List.of()))
                .build());

        assertThat(registry.get("brainstem.system.cpu.total.norm.pct").gauge().value()).isEqualTo(0.5);
        assertThat(registry.find("brainstem.system.cpu.iowait.norm.pct").gauge()).isNull();
        assertThat(registry.find("brainstem.system.memory.actual.used.pct").gauge()).isNull();
        assertThat(registry.get("brainstem.system.filesystem.used.pct").tag("mount", "/data").gauge().value())
                .isEqualTo(0.9);
        assertThat(registry.get("brainstem.system.core.norm.pct").tag("core", "1").gauge().value()).isEqualTo(0.8);
    }

    @Test
    void aMountThatDisappearsTakesItsSeriesWithIt() {
        meters.update(Sample.builder(1, Instant.EPOCH).put(new FileSystemReadings(List.of(
                new FileSystemReadings.Mount("/mnt/usb", "/dev/sdc1", "vfat", 10, 1, 9, 0.1)), List.of())).build());
        assertThat(registry.find("brainstem.system.filesystem.used.pct").tag("mount", "/mnt/usb").gauge()).isNotNull();

        meters.update(Sample.builder(2, Instant.EPOCH.plusSeconds(5))
                .put(new FileSystemReadings(List.of(), List.of())).build());
        assertThat(registry.find("brainstem.system.filesystem.used.pct").tag("mount", "/mnt/usb").gauge()).isNull();
    }

    @Test
    void prometheusScrapeHoldsScalarAndPerSubjectGauges() {
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry prometheus =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        SampleMeters onPrometheus = new SampleMeters(prometheus);
        for (int poll = 1; poll <= 3; poll++) {
            onPrometheus.update(Sample.builder(poll, Instant.EPOCH.plusSeconds(poll))
                    .put(new CpuReading(0.5, 0.4, 0.1, Reading.ABSENT, 0, List.of(0.2, 0.8), 2, 1))
                    .put(new io.brainstem.sample.MemoryReading(8e9, 2e9, 6e9, 0.75, 1e9, 0))
                    .build());
        }
        String scrape = prometheus.scrape();
        assertThat(scrape).contains("brainstem_system_cpu_total_norm_pct 0.5")
                .contains("brainstem_system_memory_actual_used_pct 0.75")
                .contains("brainstem_system_core_norm_pct{core=\"1\"} 0.8");
    }
}
