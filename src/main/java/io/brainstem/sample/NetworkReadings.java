package io.brainstem.sample;

import java.util.List;

/** Per-interface traffic rates since the previous poll (absent on the interface's first poll). */
public record NetworkReadings(List<Interface> interfaces) implements Reading {
    public NetworkReadings {
        interfaces = List.copyOf(interfaces);
    }

    public record Interface(String name, double rxBytesPerSecond, double txBytesPerSecond,
                            double rxPacketsPerSecond, double txPacketsPerSecond,
                            double rxErrorsPerSecond, double txErrorsPerSecond,
                            double rxDropsPerSecond, double txDropsPerSecond) {
    }
}
