package io.brainstem.sensor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the container, pressure and top-processes sensors, in the order a poll reads them, for
 * appending to {@link Sensors#defaults}. Names: {@code container, pressure, top}.
 */
public final class HostPlusSensors {

    private HostPlusSensors() {
    }

    /**
     * @param procRoot    the proc tree ({@code /proc}); the user database is {@code etc/passwd} beside it,
     *                    so {@code /proc} reads {@code /etc/passwd} and a recorded {@code <root>/proc} reads
     *                    {@code <root>/etc/passwd}
     * @param sysRoot     the sys tree ({@code /sys})
     * @param topN        processes per top list; 0 leaves the top-processes sensor out
     * @param topInterval how often the processes are enumerated (default 30 s)
     * @param topBudget   how long one enumeration may take before it stops with what it has
     */
    public static List<Sensor> create(Path procRoot, Path sysRoot, int topN, Duration topInterval, Duration topBudget) {
        if (topN < 0) {
            throw new IllegalArgumentException("topN must be 0 (off) or more, was " + topN);
        }
        List<Sensor> sensors = new ArrayList<>(3);
        sensors.add(new ContainerSensor(procRoot, sysRoot));
        sensors.add(new PressureSensor(procRoot, sysRoot));
        if (topN > 0) {
            Path root = procRoot.toAbsolutePath().getParent();
            Path passwd = root == null ? Path.of("/etc/passwd") : root.resolve("etc/passwd");
            sensors.add(new TopProcessesSensor(procRoot, sysRoot, passwd, topN, topInterval, topBudget));
        }
        return List.copyOf(sensors);
    }

    /** The real host with the defaults: top 5 every 30 s, 2 s budget. */
    public static List<Sensor> create() {
        return create(Path.of("/proc"), Path.of("/sys"), TopProcessesSensor.DEFAULT_TOP_N,
                TopProcessesSensor.DEFAULT_INTERVAL, TopProcessesSensor.DEFAULT_BUDGET);
    }
}
