package io.brainstem.boot;

import io.brainstem.component.Component;
import io.brainstem.component.ComponentHealthReadings;
import io.brainstem.component.ComponentPoll;
import io.brainstem.component.ComponentRegistry;
import io.brainstem.component.ComponentStats;
import io.brainstem.component.QueueRegistry;
import io.brainstem.component.QueueStats;
import io.brainstem.daemon.MetricsDaemon;
import io.brainstem.observation.BrainstemObservationHandler;
import io.brainstem.web.ComponentsController;
import io.brainstem.web.StatusSection;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The application's components and queues: the {@link ComponentRegistry}, the {@link QueueRegistry} bean
 * the application injects to register its queues, the per-poll step ({@link ComponentPoll}, a sample
 * listener ordered ahead of the alert evaluator), the alert readings, brainstem's Micrometer
 * {@link BrainstemObservationHandler} (an {@code ObservationHandler} bean: Spring Boot registers it with
 * the application's {@code ObservationRegistry} beside its own meter and tracing handlers), COMPONENT
 * documents, meters, the status section and {@code /api/v1/components}.
 */
@Configuration(proxyBeanMethods = false)
class ComponentsConfiguration {

    @Bean
    ComponentRegistry brainstemComponents(BrainstemProperties properties, InstantSource brainstemClock) {
        return new ComponentRegistry(properties.observations().maxComponents(), properties.bufferSize(),
                properties::budgetOf, brainstemClock);
    }

    /** Inject this to register the application's queues: {@code queues.register("work", 100, queue::size)}. */
    @Bean
    QueueRegistry brainstemQueues(BrainstemProperties properties, InstantSource brainstemClock) {
        return new QueueRegistry(properties.observations().maxQueues(), properties.bufferSize(), brainstemClock);
    }

    /** First of the daemon's listeners, so that the alert rules see this poll's figures. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ComponentPoll brainstemComponentPoll(BrainstemProperties properties, ComponentRegistry brainstemComponents,
                                         QueueRegistry brainstemQueues,
                                         ObjectProvider<BrainstemObservationHandler> handler) {
        BrainstemProperties.Observations o = properties.observations();
        return new ComponentPoll(brainstemComponents, brainstemQueues,
                () -> handler.ifAvailable(BrainstemObservationHandler::countInFlight), properties.componentWindow(),
                o.minCount(), properties.componentBaseline(), o.bottleneckLogInterval());
    }

    @Bean
    ComponentHealthReadings brainstemComponentHealthReadings(BrainstemProperties properties,
                                                             ComponentPoll brainstemComponentPoll) {
        return new ComponentHealthReadings(brainstemComponentPoll, properties.observations().minCount());
    }

    /** COMPONENT documents go into the spool like everything else. */
    @Bean
    SmartInitializingSingleton brainstemComponentDocuments(ComponentPoll brainstemComponentPoll,
                                                          ObjectProvider<DocumentSpooler> spooler) {
        return () -> spooler.ifAvailable(brainstemComponentPoll::addSink);
    }

    record ComponentsStatus(int tracked, int maxComponents, long overflow, List<String> refusedNames,
                            long intervals, long retainedBytes, BrainstemObservationHandler.Status observations,
                            QueueRegistry.Status queues, java.time.Instant baselineAt, long bottleneckLines) {
    }

    @Bean
    StatusSection brainstemComponentsStatus(ComponentRegistry brainstemComponents, QueueRegistry brainstemQueues,
                                            ComponentPoll brainstemComponentPoll,
                                            ObjectProvider<BrainstemObservationHandler> handler) {
        return new StatusSection() {
            @Override
            public String name() {
                return "components";
            }

            @Override
            public Object state() {
                BrainstemObservationHandler h = handler.getIfAvailable();
                var baseline = brainstemComponents.baseline();
                return new ComponentsStatus(brainstemComponents.size(), brainstemComponents.maxComponents(),
                        brainstemComponents.overflow(), brainstemComponents.refusedNames(),
                        brainstemComponents.intervals(), brainstemComponents.retainedBytes(),
                        h == null ? null : h.status(), brainstemQueues.status(),
                        baseline == null ? null : baseline.takenAt(), brainstemComponentPoll.bottleneckLines());
            }
        };
    }

    /** brainstem's handler, picked up by Spring Boot's observation auto-configuration with the others. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.observation.ObservationHandler")
    @ConditionalOnProperty(prefix = "brainstem.observations", name = "enabled", matchIfMissing = true)
    static class Handler {
        @Bean
        BrainstemObservationHandler brainstemObservationHandler(ComponentRegistry brainstemComponents) {
            return new BrainstemObservationHandler(brainstemComponents);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Web {
        @Bean
        ComponentsController brainstemComponentsController(ComponentRegistry brainstemComponents,
                                                           QueueRegistry brainstemQueues,
                                                           BrainstemProperties properties) {
            return new ComponentsController(brainstemComponents, brainstemQueues,
                    properties.pollInterval().multipliedBy(properties.bufferSize()));
        }
    }

    /**
     * Meters Micrometer's own observation handler does not already give: per component
     * ({@code component} tag) {@code brainstem.component.cpu} and {@code .allocated} (totals of the measured
     * operations), {@code .timeouts}, {@code .ttft} (a function timer), {@code .duration.p95} (recent
     * window) and {@code .budget}; {@code brainstem.component.overflow}; per queue ({@code queue} tag)
     * {@code brainstem.queue.depth}, {@code .capacity}, {@code .utilization}, {@code .oldest.age} and
     * {@code .overflows}. Registered after the poll that first sees a component or queue.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Meters {
        @Bean
        SmartInitializingSingleton brainstemComponentMeters(ObjectProvider<MeterRegistry> registries,
                                                            ObjectProvider<MetricsDaemon> daemon,
                                                            ComponentRegistry brainstemComponents,
                                                            QueueRegistry brainstemQueues,
                                                            ComponentPoll brainstemComponentPoll) {
            return () -> registries.ifAvailable(registry -> {
                FunctionCounter.builder("brainstem.component.overflow", brainstemComponents,
                                ComponentRegistry::overflow)
                        .description("Observations counted as 'other' because max-components names were taken")
                        .register(registry);
                Set<String> seen = ConcurrentHashMap.newKeySet();
                daemon.getObject().addListener(sample -> {
                    for (Component c : brainstemComponents.components()) {
                        if (seen.add("c:" + c.name())) {
                            componentMeters(registry, c, brainstemComponentPoll);
                        }
                    }
                    for (QueueStats q : brainstemComponentPoll.recent().queues()) {
                        if (seen.add("q:" + q.name())) {
                            queueMeters(registry, q.name(), brainstemComponentPoll);
                        }
                    }
                });
            });
        }

        private static void componentMeters(MeterRegistry registry, Component c, ComponentPoll poll) {
            String n = c.name();
            FunctionCounter.builder("brainstem.component.cpu", c, x -> x.totals().cpuNanos() / 1e9)
                    .tag("component", n).baseUnit("seconds")
                    .description("Thread CPU time of the component's measured operations").register(registry);
            FunctionCounter.builder("brainstem.component.allocated", c, x -> x.totals().allocBytes())
                    .tag("component", n).baseUnit("bytes")
                    .description("Heap allocated by the threads of the component's operations").register(registry);
            FunctionCounter.builder("brainstem.component.timeouts", c, x -> x.totals().timeouts())
                    .tag("component", n).description("Operations longer than the component's time-out")
                    .register(registry);
            FunctionTimer.builder("brainstem.component.ttft", c, x -> x.totals().ttftCount(),
                            x -> x.totals().ttftNanos(), TimeUnit.NANOSECONDS)
                    .tag("component", n).description("Time to first token of streaming operations")
                    .register(registry);
            Gauge.builder("brainstem.component.duration.p95", poll, p -> p95(p, n))
                    .tag("component", n).baseUnit("seconds")
                    .description("95th percentile duration over brainstem.observations.window").register(registry);
            if (c.budget() != null) {
                Gauge.builder("brainstem.component.budget", c, x -> x.budget().expected().toNanos() / 1e9)
                        .tag("component", n).baseUnit("seconds")
                        .description("The latency the component's p95 should stay under").register(registry);
            }
        }

        private static double p95(ComponentPoll poll, String name) {
            for (ComponentStats s : poll.recent().components()) {
                if (s.name().equals(name)) {
                    return s.p95Ms() / 1000;
                }
            }
            return Double.NaN;
        }

        private static void queueMeters(MeterRegistry registry, String name, ComponentPoll poll) {
            queueGauge(registry, "brainstem.queue.depth", name, poll, q -> q.depth() == null ? Double.NaN : q.depth(),
                    null, "Items in the queue at the last poll");
            queueGauge(registry, "brainstem.queue.capacity", name, poll,
                    q -> q.capacity() == null ? Double.NaN : q.capacity(), null, "Items the queue holds at most");
            queueGauge(registry, "brainstem.queue.utilization", name, poll, QueueStats::utilization, null,
                    "Depth divided by capacity at the last poll");
            queueGauge(registry, "brainstem.queue.oldest.age", name, poll, q -> q.oldestAgeMs() / 1000, "seconds",
                    "How long the oldest item had waited at the last poll");
            FunctionCounter.builder("brainstem.queue.overflows", poll, p -> {
                QueueStats q = queue(p, name);
                return q == null ? 0 : q.overflowsTotal();
            }).tag("queue", name).description("Offers the queue rejected").register(registry);
        }

        private static void queueGauge(MeterRegistry registry, String meter, String name, ComponentPoll poll,
                                       java.util.function.ToDoubleFunction<QueueStats> f, String unit,
                                       String description) {
            Gauge.Builder<ComponentPoll> b = Gauge.builder(meter, poll, p -> {
                QueueStats q = queue(p, name);
                return q == null ? Double.NaN : f.applyAsDouble(q);
            }).tag("queue", name).description(description);
            if (unit != null) {
                b.baseUnit(unit);
            }
            b.register(registry);
        }

        private static QueueStats queue(ComponentPoll poll, String name) {
            for (QueueStats q : poll.recent().queues()) {
                if (q.name().equals(name)) {
                    return q;
                }
            }
            return null;
        }
    }
}
