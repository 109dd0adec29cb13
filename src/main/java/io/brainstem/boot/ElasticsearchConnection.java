package io.brainstem.boot;

import io.brainstem.alert.HealthReadings;
import io.brainstem.emit.ElasticsearchEmitter;
import io.brainstem.emit.EmitterState;
import io.brainstem.emit.IndexTemplate;
import io.brainstem.emit.IndexTemplateInstaller;
import io.brainstem.emit.ElasticsearchSettings;
import io.brainstem.emit.ElasticsearchTransport;
import io.brainstem.spool.Spool;
import io.brainstem.spool.SpoolStats;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * brainstem's link to Elasticsearch, or its absence. When {@code brainstem.elasticsearch.url} is set it
 * installs the index templates (retrying with backoff while the cluster is unreachable; nothing is
 * shipped before they are in place, so data streams are never created without their mappings) and
 * then starts the emitter, which ships the spool. Without a URL it only reports the spool, which keeps
 * every document until a URL is configured.
 *
 * <p>Its lifecycle phase is below the daemon's: it starts first and stops last, so the emitter's final
 * round at shutdown ships the last poll.
 */
final class ElasticsearchConnection implements SmartLifecycle, HealthReadings, org.springframework.core.Ordered {

    private static final System.Logger LOG = System.getLogger(ElasticsearchConnection.class.getName());

    private final Spool spool;
    private final ElasticsearchSettings settings;
    private final ElasticsearchTransport client;
    private final Function<ElasticsearchTransport, ElasticsearchEmitter> emitterFactory;
    private final InstantSource clock;
    private volatile ElasticsearchEmitter emitter;
    private volatile Thread setup;
    private volatile boolean running;
    private volatile String templates = "not installed";
    private volatile Instant templatesInstalledAt;

    /** @param settings null when no Elasticsearch is configured (the embedded default) */
    ElasticsearchConnection(Spool spool, ElasticsearchSettings settings,
                            Function<ElasticsearchTransport, ElasticsearchEmitter> emitterFactory, InstantSource clock) {
        this.spool = spool;
        this.settings = settings;
        this.client = settings == null ? null : ElasticsearchTransport.create(settings);
        this.emitterFactory = emitterFactory;
        this.clock = clock;
    }

    static final int PHASE = DaemonLifecycle.PHASE - 1;

    boolean configured() {
        return settings != null;
    }

    ElasticsearchEmitter emitter() {
        return emitter;
    }

    @Override
    public void start() {
        running = true;
        if (settings == null) {
            SpoolStats s = spool.stats();
            LOG.log(System.Logger.Level.INFO, "no brainstem.elasticsearch.url: documents are kept in the spool at {0}"
                    + " ({1} waiting) until one is configured", spool.directory(), s.records());
            return;
        }
        setup = Thread.ofVirtual().name("brainstem-es-setup").start(this::installThenShip);
    }

    private void installThenShip() {
        IndexTemplateInstaller installer = new IndexTemplateInstaller(client);
        List<IndexTemplate> bundled = IndexTemplate.bundled();
        Duration wait = Duration.ofSeconds(1);
        while (running) {
            try {
                List<IndexTemplateInstaller.Result> results = installer.installAll(bundled);
                templates = results.stream().map(r -> r.name() + " " + r.outcome()).toList().toString();
                templatesInstalledAt = clock.instant();
                LOG.log(System.Logger.Level.INFO, "Elasticsearch index templates: {0}", templates);
                break;
            } catch (IOException | RuntimeException e) {
                templates = "not installed: " + e.getMessage();
                LOG.log(System.Logger.Level.WARNING, "cannot install the index templates on {0} ({1}); retrying in {2},"
                        + " documents wait in the spool", settings.displayUrls(), e.getMessage(), wait);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    return;
                }
                wait = wait.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : wait.multipliedBy(2);
            }
        }
        synchronized (this) {
            if (running) {
                ElasticsearchEmitter e = emitterFactory.apply(client);
                e.start();
                emitter = e;
            }
        }
    }

    @Override
    public void stop() {
        Thread t;
        ElasticsearchEmitter e;
        synchronized (this) {
            running = false;
            t = setup;
            e = emitter;
        }
        if (t != null) {
            t.interrupt();
        }
        if (e != null) {
            e.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The {@code emitter} section of {@code GET /api/v1/daemon}. */
    Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("configured", configured());
        if (configured()) {
            out.put("urls", settings.displayUrls());
            out.put("namespace", settings.namespace());
            out.put("templates", templates);
            out.put("templatesInstalledAt", templatesInstalledAt);
            ElasticsearchEmitter e = emitter;
            out.put("state", e == null ? null : e.state());
        } else {
            out.put("message", "no brainstem.elasticsearch.url: documents are kept in the spool");
        }
        return out;
    }

    /** First among health readings, so that readings an application supplies itself take precedence. */
    @Override
    public int getOrder() {
        return org.springframework.core.Ordered.HIGHEST_PRECEDENCE;
    }

    /** Health readings for the alert rules on the spool and the emitter. */
    @Override
    public Map<String, Double> current() {
        Map<String, Double> out = new LinkedHashMap<>();
        SpoolStats s = spool.stats();
        out.put("brainstem.spool.oldest_age.seconds", s.oldestTimestamp() == null ? 0.0
                : Math.max(0, Duration.between(s.oldestTimestamp(), clock.instant()).toMillis() / 1000.0));
        ElasticsearchEmitter e = emitter;
        if (e != null) {
            EmitterState st = e.state();
            out.put("brainstem.emitter.circuit_open", st.circuit().equals("CLOSED") ? 0.0 : 1.0);
            if (!Double.isNaN(st.bulkP50Millis())) {
                out.put("brainstem.emitter.duration.p50.ms", st.bulkP50Millis());
                out.put("brainstem.emitter.duration.p95.ms", st.bulkP95Millis());
                out.put("brainstem.emitter.duration.p99.ms", st.bulkP99Millis());
            }
        }
        return out;
    }
}
