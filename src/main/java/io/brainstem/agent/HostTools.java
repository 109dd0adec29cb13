package io.brainstem.agent;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.sample.CpuReading;
import io.brainstem.sample.LoadReading;
import io.brainstem.sample.MemoryReading;
import io.brainstem.sample.Sample;
import org.springframework.ai.tool.annotation.Tool;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The agent's one tool: the host's latest readings, from brainstem's own buffer (never a fresh poll, so
 * the tool is as cheap as a buffer read). A reading the host lacks is null, not 0. Thread-safe.
 */
public final class HostTools {

    /**
     * What the model is told.
     *
     * @param sampledAt          when the poll was taken
     * @param ageSeconds         how old the poll is
     * @param cpuBusyPercent     host CPU busy, 0-100
     * @param memoryUsedPercent  physical memory in use, 0-100
     * @param load1              one-minute load average
     * @param load1PerCore       one-minute load average divided by the logical cores
     */
    public record HostStatus(Instant sampledAt, Long ageSeconds, Double cpuBusyPercent, Double memoryUsedPercent,
                             Double load1, Double load1PerCore, String note) {
    }

    private final RingBuffer<Sample> buffer;
    private final InstantSource clock;

    public HostTools(RingBuffer<Sample> buffer, InstantSource clock) {
        this.buffer = buffer;
        this.clock = clock;
    }

    @Tool(name = "host_status", description = "The current CPU use, memory use and load average of the host this "
            + "agent runs on, from the monitoring daemon's latest poll (taken every few seconds).")
    public HostStatus hostStatus() {
        Optional<Sample> latest = buffer.latest();
        if (latest.isEmpty()) {
            return new HostStatus(null, null, null, null, null, null, "no poll has been taken yet");
        }
        Sample s = latest.get();
        CpuReading cpu = s.cpu();
        MemoryReading memory = s.memory();
        LoadReading load = s.load();
        return new HostStatus(s.timestamp(), Math.max(0, Duration.between(s.timestamp(), clock.instant()).toSeconds()),
                cpu == null ? null : percent(cpu.total()),
                memory == null ? null : percent(memory.usedFraction()),
                load == null ? null : present(load.load1()),
                load == null ? null : present(load.norm1()),
                null);
    }

    private static Double percent(double fraction) {
        return Double.isNaN(fraction) ? null : Math.round(fraction * 1000) / 10.0;
    }

    private static Double present(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 100) / 100.0;
    }
}
