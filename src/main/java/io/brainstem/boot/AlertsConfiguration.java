package io.brainstem.boot;

import io.brainstem.alert.AlertEvaluator;
import io.brainstem.alert.AlertLog;
import io.brainstem.alert.DaemonHealthReadings;
import io.brainstem.alert.HealthReadings;
import io.brainstem.alert.WebhookNotifier;
import io.brainstem.buffer.RingBuffer;
import io.brainstem.daemon.MetricsDaemon;
import io.brainstem.sample.HostReading;
import io.brainstem.sample.Sample;
import io.brainstem.web.AlertsController;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import org.springframework.core.type.AnnotatedTypeMetadata;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Threshold alerts: turns {@code brainstem.alerts.*} into the rules, the {@link AlertLog}, the
 * {@link AlertEvaluator} (a sample listener the daemon calls after each poll) and, when a URL is set,
 * the {@link WebhookNotifier}; and serves {@code GET /api/v1/alerts}. Health rules read every
 * {@link HealthReadings} bean, merged: the daemon's ({@link DaemonHealthReadings}) is here; the emitter
 * adds its spool and circuit breaker readings as another bean.
 */
@Configuration(proxyBeanMethods = false)
public class AlertsConfiguration {

    @Bean
    AlertLog brainstemAlertLog(BrainstemProperties properties) {
        return new AlertLog(properties.alerts().history());
    }

    /** Rules are validated again here so that this bean never exists with a bad rule. */
    @Bean
    AlertEvaluator brainstemAlertEvaluator(BrainstemProperties properties, AlertLog brainstemAlertLog,
                                           ObjectProvider<HealthReadings> health,
                                           ObjectProvider<WebhookNotifier> webhook) {
        AlertEvaluator evaluator = new AlertEvaluator(properties.validate().alertRules(),
                HealthReadings.merged(health.orderedStream().toList()), brainstemAlertLog);
        webhook.ifAvailable(evaluator::addSink);
        return evaluator;
    }

    /**
     * The daemon's own health (overruns, poll and sensor latency, failing sensors) for the health rules. The
     * daemon is looked up at the first reading, not here: the daemon is built with its listeners, the
     * evaluator among them.
     */
    @Bean
    DaemonHealthReadings brainstemDaemonHealthReadings(ObjectProvider<MetricsDaemon> daemon,
                                                       InstantSource brainstemClock) {
        return new DaemonHealthReadings(() -> daemon.getObject().state(), brainstemClock, Duration.ofMinutes(1));
    }

    @Bean(destroyMethod = "close")
    @Conditional(WebhookConfigured.class)
    WebhookNotifier brainstemAlertWebhook(BrainstemProperties properties, RingBuffer<Sample> buffer) {
        BrainstemProperties.Webhook w = properties.alerts().webhook();
        return new WebhookNotifier(new WebhookNotifier.Settings(URI.create(w.url()), w.timeout(), w.maxQueue(),
                w.maxAttempts(), w.backoff(), Duration.ofMinutes(1)),
                () -> buffer.latest().map(Sample::host).map(HostReading::hostname).orElse(null));
    }

    /** {@code brainstem.alerts.webhook.url} has a value (the documented empty value means no webhook). */
    static final class WebhookConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("brainstem.alerts.webhook.url");
            return url != null && !url.isBlank();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Web {
        @Bean
        AlertsController brainstemAlertsController(AlertEvaluator brainstemAlertEvaluator,
                                                   ObjectProvider<WebhookNotifier> webhook) {
            return new AlertsController(brainstemAlertEvaluator, webhook.getIfAvailable());
        }
    }

    /** {@code brainstem.alerts.active} gauges by state (pending, firing) and severity, when there is a registry. */
    @Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Meters {
        @Bean
        org.springframework.beans.factory.SmartInitializingSingleton brainstemAlertMeters(
                ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registries, AlertLog brainstemAlertLog) {
            return () -> registries.ifAvailable(registry -> {
                for (io.brainstem.alert.AlertState state : java.util.List.of(io.brainstem.alert.AlertState.PENDING,
                        io.brainstem.alert.AlertState.FIRING)) {
                    for (io.brainstem.alert.Severity severity : io.brainstem.alert.Severity.values()) {
                        io.micrometer.core.instrument.Gauge.builder("brainstem.alerts.active", brainstemAlertLog,
                                        log -> log.active().stream()
                                                .filter(a -> a.state() == state && a.severity() == severity).count())
                                .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                                .tag("severity", severity.name().toLowerCase(java.util.Locale.ROOT))
                                .description("Alerts currently pending or firing")
                                .register(registry);
                    }
                }
                io.micrometer.core.instrument.FunctionCounter.builder("brainstem.alerts.transitions", brainstemAlertLog,
                        AlertLog::total).description("Alert state transitions recorded").register(registry);
            });
        }
    }
}
