package io.brainstem.boot;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.daemon.DaemonSettings;
import io.brainstem.daemon.MetricsDaemon;
import io.brainstem.daemon.SampleListener;
import io.brainstem.daemon.WarmUp;
import io.brainstem.sensor.HostPlusSensors;
import io.brainstem.sensor.Sensor;
import io.brainstem.sensor.SensorSettings;
import io.brainstem.sensor.Sensors;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import io.brainstem.monitor.RequestLog;
import io.brainstem.monitor.RequestMonitor;
import io.brainstem.sample.Sample;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.time.InstantSource;

/**
 * Everything brainstem is, for the standalone service and for an application that embeds it: this
 * class only turns {@link BrainstemProperties} into constructor arguments of the framework-free core
 * (sensors, buffer, daemon, monitor, alerts, emitter). {@code brainstem.enabled=false} turns it off.
 * It runs on Spring Boot 3.5 and 4 alike ({@link BootCompatibility} refuses anything else; docs/adr/0009).
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "brainstem", name = "enabled", matchIfMissing = true)
@Conditional(BootCompatibility.class)
@EnableConfigurationProperties(BrainstemProperties.class)
@Import({BrainstemWebConfiguration.class, AlertsConfiguration.class, EmitterConfiguration.class,
        PageConfiguration.class, ComponentsConfiguration.class, ActuateHealthIndicators.class,
        ContributorHealthIndicators.class})
public class BrainstemAutoConfiguration {

    private final BrainstemProperties properties;
    /** The default sensor set when this configuration made it (no application bean replaced it). */
    private volatile BrainstemSensors defaults;

    /** Validates the configuration before any part is built: a bad value stops start-up naming its key. */
    BrainstemAutoConfiguration(BrainstemProperties properties) {
        this.properties = properties.validate();
    }

    @Bean
    @ConditionalOnMissingBean(name = "brainstemClock")
    InstantSource brainstemClock() {
        return InstantSource.system();
    }

    @Bean
    RingBuffer<Sample> brainstemBuffer() {
        return new RingBuffer<>(properties.bufferSize(), Sample::timestamp);
    }

    @Bean
    RequestMonitor brainstemRequestMonitor(RingBuffer<Sample> buffer, InstantSource brainstemClock) {
        return new RequestMonitor(buffer, brainstemClock, properties.pollInterval());
    }

    @Bean
    RequestLog brainstemRequestLog(InstantSource brainstemClock) {
        BrainstemProperties.Requests r = properties.requests();
        return new RequestLog(r.history(), r.maxRoutes(), r.latencyWindow(), brainstemClock);
    }

    /** The host sensors; an application (or a test) may supply its own set. */
    @Bean
    @ConditionalOnMissingBean
    BrainstemSensors brainstemSensors() {
        defaults = new BrainstemSensors(defaultSensors());
        return defaults;
    }

    /** A new set of the default host sensors. */
    private List<Sensor> defaultSensors() {
        // A mount's statfs must give up well inside the sensor's own budget, or a dead NFS mount would
        // time out the whole filesystem sensor instead of showing up as one unresponsive mount.
        Duration mountTimeout = properties.mountTimeout();
        Duration half = properties.effectiveSensorTimeout().dividedBy(2);
        if (mountTimeout.compareTo(half) > 0) {
            mountTimeout = half;
        }
        List<Sensor> sensors = new ArrayList<>(Sensors.defaults(new SensorSettings(Path.of("/proc"), Path.of("/sys"),
                properties.rediscoverInterval(), mountTimeout)));
        BrainstemProperties.TopProcesses top = properties.sensors().topProcesses();
        sensors.addAll(HostPlusSensors.create(Path.of("/proc"), Path.of("/sys"), top.count(), top.interval(),
                top.budget()));
        return sensors;
    }

    /**
     * Polls throw-away default sensors at start-up so the daemon's polls run compiled code from the first
     * minutes ({@code brainstem.warm-up-polls}); only when the daemon polls the default sensors.
     */
    @Bean(destroyMethod = "stop")
    WarmUp brainstemWarmUp(BrainstemSensors sensors) {
        return new WarmUp(this::defaultSensors, sensors == defaults ? properties.warmUpPolls() : 0,
                Duration.ofMillis(1), new DaemonSettings(properties.pollInterval(), properties.effectiveSensorTimeout()));
    }

    /** Once the application is ready: never before the daemon's first poll or the web server's start. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> brainstemWarmUpStart(WarmUp warmUp) {
        return ready -> warmUp.start();
    }

    /** The daemon, told of every {@link SampleListener} bean (spool, alerts, live stream). */
    @Bean
    MetricsDaemon brainstemDaemon(BrainstemSensors sensors, RingBuffer<Sample> buffer, InstantSource brainstemClock,
                                  EmitterConfiguration.BrainstemInstance instance,
                                  ObjectProvider<SampleListener> listeners) {
        MetricsDaemon daemon = new MetricsDaemon(sensors.sensors(), buffer,
                new DaemonSettings(properties.pollInterval(), properties.effectiveSensorTimeout()), brainstemClock,
                io.brainstem.daemon.Sleeper.system(), instance.id());
        listeners.orderedStream().forEach(daemon::addListener);
        return daemon;
    }

    @Bean
    DaemonLifecycle brainstemDaemonLifecycle(MetricsDaemon daemon) {
        return new DaemonLifecycle(daemon);
    }

    /** Micrometer meters, when the application has a registry (actuator): daemon meters and host gauges. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class MetersConfiguration {
        @Bean
        SmartInitializingSingleton brainstemMeters(ObjectProvider<MeterRegistry> registries, MetricsDaemon daemon) {
            return () -> registries.ifAvailable(registry -> {
                DaemonMeters daemonMeters = new DaemonMeters(registry, daemon);
                SampleMeters sampleMeters = new SampleMeters(registry);
                daemon.addListener(daemonMeters::onSample);
                daemon.addListener(sampleMeters::update);
            });
        }
    }
}
