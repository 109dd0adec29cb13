package io.brainstem.sample;

/** Load averages, raw and divided by the number of logical cores ({@code norm}). */
public record LoadReading(double load1, double load5, double load15,
                          double norm1, double norm5, double norm15) implements Reading {
}
