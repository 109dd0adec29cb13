package io.brainstem.sample;

/**
 * What one sensor family contributes to a {@link Sample}. The hierarchy is sealed so that the sample
 * assembler ({@link Sample.Builder#put(Reading)}) is checked by the compiler to place every family.
 *
 * <p>Conventions shared by every reading (immutable records, thread-safe):
 * <ul>
 *   <li>A numeric reading the host does not provide, or that cannot be computed yet (a rate on the
 *       first poll), is {@code Double.NaN}: absent, never 0. JSON and Elasticsearch documents leave
 *       absent readings out.</li>
 *   <li>Fractions are 0–1; byte counts are bytes; rates are per second.</li>
 * </ul>
 */
public sealed interface Reading
        permits HostReading, CpuReading, MemoryReading, LoadReading, DiskIoReadings, FileSystemReadings,
        NetworkReadings, ThermalReading, ProcessReading, ContainerReading, PressureReading, TopProcessesReading {

    /** A value that is absent. */
    double ABSENT = Double.NaN;

    static boolean present(double value) {
        return !Double.isNaN(value);
    }
}
