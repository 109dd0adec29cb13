package io.brainstem.sample;

import java.util.List;

/**
 * Hardware sensors. On a virtual machine, or a host that exposes none, every value is absent and
 * {@code fanRpm} is empty: a temperature of 0 is never reported.
 */
public record ThermalReading(double cpuTemperatureCelsius, List<Double> fanRpm, double cpuVoltage)
        implements Reading {
    public ThermalReading {
        fanRpm = List.copyOf(fanRpm);
    }
}
