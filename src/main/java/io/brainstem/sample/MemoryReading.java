package io.brainstem.sample;

/**
 * Physical memory and swap. {@code used} is what applications hold: total minus available (the
 * kernel's MemAvailable), which is what Metricbeat calls {@code actual.used}.
 */
public record MemoryReading(double totalBytes, double availableBytes, double usedBytes, double usedFraction,
                            double swapTotalBytes, double swapUsedBytes) implements Reading {
}
