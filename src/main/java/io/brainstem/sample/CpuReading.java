package io.brainstem.sample;

import java.util.List;

/**
 * Host CPU utilisation over the interval since the previous poll, as fractions 0–1 of all logical
 * cores (Metricbeat's {@code norm.pct}). On the first poll every utilisation is absent (NaN).
 *
 * @param total    busy fraction (everything but idle and iowait)
 * @param user     user + nice
 * @param system   system + irq + softirq
 * @param iowait   idle waiting for I/O
 * @param steal    stolen by the hypervisor
 * @param perCore  busy fraction per logical core, in core order; empty on the first poll
 * @param logicalCores  logical processors
 * @param physicalCores physical cores, or 0 when unknown
 */
public record CpuReading(double total, double user, double system, double iowait, double steal,
                         List<Double> perCore, int logicalCores, int physicalCores) implements Reading {
    public CpuReading {
        perCore = List.copyOf(perCore);
    }
}
