package io.brainstem.boot;

import io.brainstem.daemon.MetricsDaemon;
import io.brainstem.spool.Spool;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * brainstem's health components on Spring Boot 3's health API ({@code org.springframework.boot.actuate.health},
 * in spring-boot-actuator up to 3.5): {@code brainstemDaemon} and {@code brainstemElasticsearch}. Boot 4
 * moved the API; {@link ContributorHealthIndicators} is the same for it, and wins where both are present.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = BootCompatibility.ACTUATE_HEALTH)
@ConditionalOnMissingClass(BootCompatibility.CONTRIBUTOR_HEALTH)
class ActuateHealthIndicators {

    @Bean
    Indicator brainstemDaemonHealthIndicator(MetricsDaemon daemon, InstantSource brainstemClock) {
        return new Indicator("brainstem daemon health check failed", () -> BrainstemHealth.daemon(daemon, brainstemClock));
    }

    @Bean
    Indicator brainstemElasticsearchHealthIndicator(ElasticsearchConnection brainstemElasticsearch, Spool brainstemSpool) {
        return new Indicator("brainstem Elasticsearch health check failed",
                () -> BrainstemHealth.elasticsearch(brainstemElasticsearch, brainstemSpool));
    }

    /** One component: the check's status and details; a check that throws is DOWN with the error. */
    static final class Indicator extends AbstractHealthIndicator {
        private final Supplier<BrainstemHealth.Check> check;

        Indicator(String failureMessage, Supplier<BrainstemHealth.Check> check) {
            super(failureMessage);
            this.check = check;
        }

        @Override
        protected void doHealthCheck(Health.Builder builder) {
            BrainstemHealth.Check c = check.get();
            builder.status(c.up() ? Status.UP : Status.DOWN).withDetails(c.details());
        }
    }
}
