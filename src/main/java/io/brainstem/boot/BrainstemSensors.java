package io.brainstem.boot;

import io.brainstem.sensor.Sensor;

import java.util.List;

/**
 * The sensors the daemon polls. A bean of this type replaces the default set, for an application that
 * wants to add a sensor of its own or a test that needs a scripted one.
 */
public record BrainstemSensors(List<Sensor> sensors) {
    public BrainstemSensors {
        sensors = List.copyOf(sensors);
    }
}
