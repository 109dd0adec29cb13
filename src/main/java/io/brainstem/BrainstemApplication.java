package io.brainstem;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import io.brainstem.web.ExampleAgentController;

import java.util.Map;

/**
 * The standalone service. Everything brainstem does comes from its auto-configuration
 * ({@code io.brainstem.boot}), exactly as in an application that embeds it; this class adds only the
 * standalone defaults. There is no component scan, so nothing is registered twice.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BrainstemApplication {

    /** Defaults of the standalone service that an embedding application decides for itself. */
    static final Map<String, Object> STANDALONE_DEFAULTS = Map.of(
            "server.address", "127.0.0.1",
            // the live page and the samples history compress about 3:1
            "server.compression.enabled", "true",
            "server.compression.mime-types", "text/html,text/css,text/javascript,application/javascript,application/json",
            "spring.application.name", "brainstem");

    /** The standalone service's example agent endpoint; an embedding application has its own endpoints. */
    @Bean
    ExampleAgentController exampleAgentController() {
        return new ExampleAgentController();
    }

    public static void main(String[] args) {
        application().run(args);
    }

    public static SpringApplication application() {
        SpringApplication app = new SpringApplication(BrainstemApplication.class);
        app.setDefaultProperties(STANDALONE_DEFAULTS);
        return app;
    }
}
