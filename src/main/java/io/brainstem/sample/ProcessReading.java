package io.brainstem.sample;

/**
 * This service's own process.
 *
 * @param cpuFraction CPU used since the previous poll as a fraction of the whole host (0–1), absent
 *                    on the first poll
 * @param gcCount     collections since the JVM started, all collectors
 * @param gcTimeMillis time spent collecting since the JVM started
 */
public record ProcessReading(long pid, double cpuFraction, double rssBytes, double threads,
                             double openFileDescriptors, double maxFileDescriptors,
                             double heapUsedBytes, double heapCommittedBytes, double heapMaxBytes,
                             double gcCount, double gcTimeMillis) implements Reading {
}
