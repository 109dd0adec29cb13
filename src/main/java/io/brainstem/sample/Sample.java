package io.brainstem.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one poll saw. Immutable and therefore safe to share between the daemon thread that makes
 * it and any number of readers.
 *
 * <p>A part is {@code null} when its sensor failed, timed out or is not available on this host this
 * poll; the sensor's name is then in {@code failedSensors}. Numeric readings inside a part follow the
 * conventions of {@link Reading}.
 *
 * @param sequence      poll number since the daemon started, from 1; with the daemon's instance id it
 *                      identifies the sample uniquely even when two polls share a millisecond or the
 *                      clock steps back
 * @param timestamp     when the poll started
 * @param pollNanos     how long the whole poll took
 * @param failedSensors names of the sensors that contributed nothing this poll
 * @param container     this service's cgroup limits and use
 * @param pressure      pressure stall information, host-wide and for the cgroup
 * @param topProcesses  the heaviest processes, from the last (slower-cadence) enumeration
 */
public record Sample(long sequence, Instant timestamp, long pollNanos,
                     HostReading host, CpuReading cpu, MemoryReading memory, LoadReading load,
                     DiskIoReadings disks, FileSystemReadings filesystems, NetworkReadings networks,
                     ThermalReading thermal, ProcessReading process, List<String> failedSensors,
                     ContainerReading container, PressureReading pressure,
                     TopProcessesReading topProcesses) {

    public Sample {
        Objects.requireNonNull(timestamp, "timestamp");
        failedSensors = List.copyOf(failedSensors);
    }

    public static Builder builder(long sequence, Instant timestamp) {
        return new Builder(sequence, timestamp);
    }

    /** Assembles a sample from readings as sensors return them. Not thread-safe: one poll, one thread. */
    public static final class Builder {
        private final long sequence;
        private final Instant timestamp;
        private long pollNanos;
        private HostReading host;
        private CpuReading cpu;
        private MemoryReading memory;
        private LoadReading load;
        private DiskIoReadings disks;
        private FileSystemReadings filesystems;
        private NetworkReadings networks;
        private ThermalReading thermal;
        private ProcessReading process;
        private ContainerReading container;
        private PressureReading pressure;
        private TopProcessesReading topProcesses;
        private final List<String> failed = new ArrayList<>();

        private Builder(long sequence, Instant timestamp) {
            this.sequence = sequence;
            this.timestamp = timestamp;
        }

        /** Places a reading in its slot; a second reading of the same family replaces the first. */
        public Builder put(Reading reading) {
            switch (reading) {
                case HostReading r -> host = r;
                case CpuReading r -> cpu = r;
                case MemoryReading r -> memory = r;
                case LoadReading r -> load = r;
                case DiskIoReadings r -> disks = r;
                case FileSystemReadings r -> filesystems = r;
                case NetworkReadings r -> networks = r;
                case ThermalReading r -> thermal = r;
                case ProcessReading r -> process = r;
                case ContainerReading r -> container = r;
                case PressureReading r -> pressure = r;
                case TopProcessesReading r -> topProcesses = r;
            }
            return this;
        }

        public Builder failed(String sensorName) {
            failed.add(sensorName);
            return this;
        }

        public Builder pollNanos(long nanos) {
            this.pollNanos = nanos;
            return this;
        }

        public Sample build() {
            return new Sample(sequence, timestamp, pollNanos, host, cpu, memory, load, disks, filesystems,
                    networks, thermal, process, failed, container, pressure, topProcesses);
        }
    }
}
