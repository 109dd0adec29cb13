package io.brainstem.boot;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.monitor.RequestLog;
import io.brainstem.monitor.RequestMonitor;
import io.brainstem.sample.Sample;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.InstantSource;

/**
 * Everything brainstem is, for the standalone service and for an application that embeds it: this
 * class only turns {@link BrainstemProperties} into constructor arguments of the framework-free core
 * (sensors, buffer, daemon, monitor, alerts, emitter). {@code brainstem.enabled=false} turns it off.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "brainstem", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(BrainstemProperties.class)
@Import({BrainstemWebConfiguration.class, PageConfiguration.class})
public class BrainstemAutoConfiguration {

    private final BrainstemProperties properties;

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
}
