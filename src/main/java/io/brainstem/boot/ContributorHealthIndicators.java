package io.brainstem.boot;

import io.brainstem.daemon.MetricsDaemon;
import io.brainstem.spool.Spool;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * brainstem's health components on Spring Boot 4's health API ({@code org.springframework.boot.health.contributor},
 * in spring-boot-health): {@code brainstemDaemon} and {@code brainstemElasticsearch}, as
 * {@link ActuateHealthIndicators} has them for Boot 3. Compiled against spring-boot-health 4 but loaded only
 * where the application has it (see the pom and docs/adr/0009).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = BootCompatibility.CONTRIBUTOR_HEALTH)
class ContributorHealthIndicators {

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
