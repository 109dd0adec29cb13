package io.brainstem.boot;

import io.brainstem.alert.AlertEvaluator;
import io.brainstem.emit.DeadLetterFile;
import io.brainstem.emit.ElasticsearchEmitter;
import io.brainstem.emit.ElasticsearchSettings;
import io.brainstem.emit.EmitterState;
import io.brainstem.emit.Origin;
import io.brainstem.emit.ShippingPolicy;
import io.brainstem.emit.SpoolBacklog;
import io.brainstem.spool.Spool;
import io.brainstem.spool.SpoolStats;
import io.brainstem.web.StatusSection;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * The path of documents out of the process: the durable spool (always, so that nothing is lost while
 * Elasticsearch is absent or down), the spooler that writes SENSOR_POLL, REQUEST_SUMMARY and ALERT
 * documents into it, and, when {@code brainstem.elasticsearch.url} is set, the emitter that ships it.
 */
@Configuration(proxyBeanMethods = false)
class EmitterConfiguration {

    /** This run's identity: the daemon's instance id and every document's {@code agent.id}. */
    record BrainstemInstance(String id, String hostName, String version, String serviceName) {
    }

    @Bean
    BrainstemInstance brainstemInstance(Environment environment) {
        String version = BrainstemInstance.class.getPackage().getImplementationVersion();
        return new BrainstemInstance(UUID.randomUUID().toString(), hostName(),
                version == null ? "0.1.0-SNAPSHOT" : version,
                environment.getProperty("spring.application.name", "brainstem"));
    }

    @Bean(destroyMethod = "close")
    Spool brainstemSpool(BrainstemProperties properties) throws IOException {
        return Spool.open(properties.spool().directory(), properties.spool().maxBytes().toBytes());
    }

    @Bean(destroyMethod = "close")
    DocumentSpooler brainstemDocumentSpooler(Spool brainstemSpool, BrainstemInstance instance,
                                             BrainstemProperties properties) {
        Origin origin = new Origin(instance.hostName(), instance.id(), instance.version(), instance.serviceName(),
                properties.elasticsearch().namespace());
        return new DocumentSpooler(brainstemSpool, origin, properties.pollInterval());
    }

    /** ALERT transitions go into the spool like everything else. */
    @Bean
    SmartInitializingSingleton brainstemAlertDocuments(ObjectProvider<AlertEvaluator> evaluator,
                                                        DocumentSpooler brainstemDocumentSpooler) {
        return () -> evaluator.ifAvailable(e -> e.addSink(brainstemDocumentSpooler));
    }

    @Bean
    ElasticsearchConnection brainstemElasticsearch(BrainstemProperties properties, Spool brainstemSpool,
                                                   InstantSource brainstemClock) {
        ElasticsearchSettings settings = properties.elasticsearchSettings();
        Path deadLetters = properties.spool().directory().resolve("dead-letter.ndjson");
        return new ElasticsearchConnection(brainstemSpool, settings, client -> new ElasticsearchEmitter(settings,
                ShippingPolicy.DEFAULTS, client, new SpoolBacklog(brainstemSpool), new DeadLetterFile(deadLetters),
                brainstemClock), brainstemClock);
    }

    @Bean
    StatusSection brainstemEmitterStatus(ElasticsearchConnection brainstemElasticsearch) {
        return new StatusSection() {
            @Override
            public String name() {
                return "emitter";
            }

            @Override
            public Object state() {
                return brainstemElasticsearch.status();
            }
        };
    }

    @Bean
    StatusSection brainstemSpoolStatus(Spool brainstemSpool, DocumentSpooler brainstemDocumentSpooler) {
        return new StatusSection() {
            @Override
            public String name() {
                return "spool";
            }

            @Override
            public Object state() {
                return new SpoolStatus(brainstemSpool.directory().toString(), brainstemSpool.stats(),
                        brainstemDocumentSpooler.stats());
            }
        };
    }

    record SpoolStatus(String directory, SpoolStats stats, DocumentSpooler.Stats writer) {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Meters {
        /** Spool depth and age, emitter counts and circuit state, under {@code brainstem.spool.*} / {@code brainstem.emitter.*}. */
        @Bean
        SmartInitializingSingleton brainstemEmitterMeters(ObjectProvider<MeterRegistry> registries, Spool brainstemSpool,
                                                          ElasticsearchConnection brainstemElasticsearch,
                                                          DocumentSpooler brainstemDocumentSpooler,
                                                          InstantSource brainstemClock) {
            return () -> registries.ifAvailable(registry -> {
                Gauge.builder("brainstem.spool.records", brainstemSpool, s -> s.stats().records())
                        .description("Documents waiting for Elasticsearch").register(registry);
                Gauge.builder("brainstem.spool.bytes", brainstemSpool, s -> s.stats().bytes())
                        .baseUnit("bytes").description("Bytes waiting for Elasticsearch").register(registry);
                Gauge.builder("brainstem.spool.oldest.age", brainstemSpool, s -> s.stats().oldestTimestamp() == null ? 0
                                : Duration.between(s.stats().oldestTimestamp(), brainstemClock.instant()).toMillis() / 1000.0)
                        .baseUnit("seconds").description("Age of the oldest document not yet acknowledged").register(registry);
                FunctionCounter.builder("brainstem.spool.dropped", brainstemSpool, s -> s.stats().dropped())
                        .description("Documents dropped because the spool was over its budget").register(registry);
                FunctionCounter.builder("brainstem.spool.write.errors", brainstemDocumentSpooler, d -> d.stats().writeErrors())
                        .description("Documents that could not be written to the spool").register(registry);
                emitterCounter(registry, brainstemElasticsearch, "brainstem.emitter.delivered", "Documents acknowledged by Elasticsearch", EmitterState::delivered);
                emitterCounter(registry, brainstemElasticsearch, "brainstem.emitter.retried", "Document sends that repeated an earlier send", EmitterState::retried);
                emitterCounter(registry, brainstemElasticsearch, "brainstem.emitter.failed", "Document sends that did not deliver", EmitterState::failed);
                emitterCounter(registry, brainstemElasticsearch, "brainstem.emitter.dead.lettered", "Documents rejected for good", EmitterState::deadLettered);
                Gauge.builder("brainstem.emitter.circuit.open", brainstemElasticsearch, c -> {
                            ElasticsearchEmitter e = c.emitter();
                            return e == null ? Double.NaN : e.state().circuit().equals("CLOSED") ? 0 : 1;
                        })
                        .description("1 while the circuit breaker in front of Elasticsearch is open or half-open").register(registry);
            });
        }

        private static void emitterCounter(MeterRegistry registry, ElasticsearchConnection connection, String name,
                                           String description, ToDoubleFunction<EmitterState> f) {
            FunctionCounter.builder(name, connection, c -> {
                ElasticsearchEmitter e = c.emitter();
                return e == null ? 0 : f.applyAsDouble(e.state());
            }).description(description).register(registry);
        }
    }

    private static String hostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String name = Files.readString(kernel).strip();
                if (!name.isEmpty()) {
                    return name.toLowerCase(Locale.ROOT);
                }
            }
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "localhost";
        }
    }
}
