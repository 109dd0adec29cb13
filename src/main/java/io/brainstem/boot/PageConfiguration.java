package io.brainstem.boot;

import io.brainstem.web.ApiIndexController;
import io.brainstem.web.SampleStream;
import io.brainstem.web.StreamController;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.time.Duration;

/**
 * The live page's server side: the {@link SampleStream} the daemon tells of each sample (registered as
 * one of its listeners), {@code GET /api/v1/stream} and the API index {@code GET /api/v1} the page reads
 * to know which panels it can fill. The page itself is static ({@code static/index.html},
 * {@code brainstem.js}, {@code brainstem.css}), served by Spring Boot.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class PageConfiguration {

    /** Browsers connected at once; a dashboard is opened by a few people, not by crowds. */
    static final int MAX_STREAM_CLIENTS = 32;
    /** Samples a client may lag behind before it is dropped (and reconnects). */
    static final int STREAM_QUEUE = 64;
    /** Longest silence on a stream connection, well below the usual 60 s proxy idle time-outs. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration RECONNECT = Duration.ofSeconds(3);

    @Bean
    SampleStream brainstemSampleStream() {
        return new SampleStream(MAX_STREAM_CLIENTS, STREAM_QUEUE, HEARTBEAT);
    }

    @Bean
    StreamController brainstemStreamController(SampleStream brainstemSampleStream) {
        return new StreamController(brainstemSampleStream, RECONNECT);
    }

    /** Reads the mappings at each call, from every handler mapping (an embedding application may add its own). */
    @Bean
    ApiIndexController brainstemApiIndexController(ApplicationContext context) {
        return new ApiIndexController(() -> context.getBeansOfType(RequestMappingHandlerMapping.class).values()
                .stream().flatMap(m -> m.getHandlerMethods().keySet().stream()).toList());
    }

    /**
     * Ends the open streams when the application stops, before the web server's graceful shutdown,
     * which would otherwise wait its whole time-out for responses that never end by themselves.
     */
    @Bean
    SmartLifecycle brainstemSampleStreamLifecycle(SampleStream brainstemSampleStream) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                brainstemSampleStream.close();
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
