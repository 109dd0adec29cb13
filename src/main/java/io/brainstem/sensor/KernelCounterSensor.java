package io.brainstem.sensor;

/**
 * A sensor that only reads kernel counters ({@code /proc}, {@code /sys}, cgroup files), which the
 * kernel answers from memory: it never waits on a device, a filesystem or another process, so the
 * daemon reads it on its own thread, without a hand-off ({@link #mayBlock()} is false).
 */
public interface KernelCounterSensor extends Sensor {

    @Override
    default boolean mayBlock() {
        return false;
    }
}
