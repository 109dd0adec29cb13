package io.brainstem.sensor;

import java.nio.file.Files;
import java.util.List;

/**
 * The one place the sensor families are registered, in the order a poll reads them. Names are stable
 * and short: {@code cpu, memory, load, diskio, filesystem, network, thermal, process, host}.
 *
 * <p>On Linux every family reads {@code /proc} and {@code /sys} directly: a full poll costs a few hundred
 * microseconds (see {@code PollCostMain}) where naive OSHI calls cost about 8 ms. A host without
 * {@code <procRoot>/stat} gets the OSHI versions.
 */
public final class Sensors {

    private Sensors() {
    }

    /** Every family reading the host through {@code settings}; each instance keeps its own previous counters. */
    public static List<Sensor> defaults(SensorSettings settings) {
        if (!Files.isReadable(settings.procRoot().resolve("stat"))) {
            return OshiSensors.create(settings);
        }
        return procfs(settings);
    }

    /** The {@code /proc} and {@code /sys} readers, whatever the host. */
    static List<Sensor> procfs(SensorSettings settings) {
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
