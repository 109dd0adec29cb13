package io.brainstem.bench;

import io.brainstem.sensor.HostPlusSensors;
import io.brainstem.sensor.Sensor;
import io.brainstem.sensor.SensorSettings;
import io.brainstem.sensor.Sensors;

import java.util.ArrayList;
import java.util.List;

/**
 * The sensors the standalone service polls with its default settings: the base families
 * ({@link Sensors#defaults}) and the container, pressure and top-process sensors
 * ({@link HostPlusSensors#create()}), as the auto-configuration assembles them.
 */
final class ServiceSensors {

    private ServiceSensors() {
    }

    static List<Sensor> create() {
        List<Sensor> sensors = new ArrayList<>(Sensors.defaults(SensorSettings.defaults()));
        sensors.addAll(HostPlusSensors.create());
        return sensors;
    }
}
