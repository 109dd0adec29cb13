package io.brainstem.sensor;

import java.util.List;

/**
 * The one place the sensor families are registered, in the order a poll reads them. Names are stable
 * and short: {@code cpu, memory, load, diskio, filesystem, network, thermal, process, host}.
 */
public final class Sensors {

    private Sensors() {
    }

    /** Every family reading the host through {@code settings}; each instance keeps its own previous counters. */
    public static List<Sensor> defaults(SensorSettings settings) {
        return List.of(
                new CpuSensor(settings),
                new MemorySensor(settings),
                new LoadSensor(settings),
                new DiskIoSensor(settings),
                new FileSystemSensor(settings),
                new NetworkSensor(settings),
                new ThermalSensor(settings),
                new ProcessSensor(settings),
                new HostSensor(settings));
    }
}
