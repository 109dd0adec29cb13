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
 *
 * <p>Spring Boot's own Elasticsearch client and health check are left out: brainstem talks to
 * Elasticsearch through its emitter, which keeps documents in its spool while the cluster is away,
 * and a second client probing localhost:9200 would only report a cluster nobody configured.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration",
        "org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.elasticsearch.ElasticsearchDataAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.elasticsearch.ElasticsearchRestHealthContributorAutoConfiguration",
        // nothing here speaks WebSocket (the live page streams server-sent events): no Tomcat WebSocket
        // container, and no WebSocket filter in front of every request
        "org.springframework.boot.autoconfigure.websocket.servlet.WebSocketServletAutoConfiguration"})
public class BrainstemApplication {

    /** Defaults of the standalone service that an embedding application decides for itself. */
    static final Map<String, Object> STANDALONE_DEFAULTS = Map.of(
            "server.address", "127.0.0.1",
            // the live page and the samples history compress about 3:1
            "server.compression.enabled", "true",
            "server.compression.mime-types", "text/html,text/css,text/javascript,application/javascript,application/json",
            "spring.application.name", "brainstem",
            // a host service's API sees a few requests at a time: 2 idle request threads, not Tomcat's 10
            // (threads still grow to the usual 200 under load)
            "server.tomcat.threads.min-spare", "2");

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
