package io.brainstem.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Defaults brainstem brings into an application that embeds it, at the lowest precedence so that any
 * setting of the application wins.
 *
 * <p>brainstem's Elasticsearch client puts Elasticsearch's REST client on the class path, and with it
 * Spring Boot's own Elasticsearch health check, which probes {@code localhost:9200} unless the
 * application set {@code spring.elasticsearch.uris}. For an application that does not use Elasticsearch
 * itself, that check would report the whole application DOWN for a cluster it never asked for; so it
 * is off unless the application configured Boot's Elasticsearch client. brainstem reports its own
 * Elasticsearch connection separately (and never as DOWN, since the spool keeps every document).
 */
public final class BrainstemEnvironmentDefaults implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE = "brainstemDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.elasticsearch.uris")
                || environment.containsProperty("management.health.elasticsearch.enabled")) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE,
                Map.of("management.health.elasticsearch.enabled", "false")));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
