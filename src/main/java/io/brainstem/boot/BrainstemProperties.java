package io.brainstem.boot;

import io.brainstem.alert.AlertRule;
import io.brainstem.alert.BuiltInRules;
import io.brainstem.alert.InvalidRuleException;
import io.brainstem.alert.RuleSpec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every {@code brainstem.*} setting, declared once. {@code config/application.yml} shows each with its
 * default; unknown keys under {@code brainstem} are rejected at start-up so a typo is not silently
 * ignored. Relations between settings are checked by {@link #validate()}, which names the key and the
 * reason.
 *
 * @param enabled            whether brainstem runs at all (an embedding application may turn it off)
 * @param pollInterval       how often the daemon polls the sensors
 * @param bufferSize         samples kept in memory (720 at 5 s = one hour)
 * @param sensorTimeout      how long one sensor may take before its part is left out of the poll
 * @param rediscoverInterval how often disks, interfaces and mounts are enumerated again
 * @param mountTimeout       how long one filesystem space query may take before the mount counts as unresponsive
 * @param emitInterval       how often samples are shipped to Elasticsearch
 * @param apiToken           when set, the API and actuator require {@code Authorization: Bearer <token>}
 * @param requests           request monitoring
 * @param api                HTTP API limits
 * @param elasticsearch      where SENSOR_POLL documents go
 * @param spool              the on-disk queue of documents not yet acknowledged by Elasticsearch
 * @param alerts             threshold alerts: rules, history, webhook
 * @param sensors            optional sensor families (top processes)
 * @param warmUpPolls        polls of throw-away sensors at start-up, on a background thread, so that the
 *                           JIT has compiled the poll path before the daemon's own polls need it; 0: off
 * @param observations       the application's own stages through Micrometer observations, and its queues
 * @param components         budgets per component, by component name ({@code brainstem.components.<name>.*};
 *                           names with dots in brackets: {@code brainstem.components[gen_ai.chat.gpt-4o].tier})
 */
@ConfigurationProperties(prefix = "brainstem", ignoreUnknownFields = false)
public record BrainstemProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("720") int bufferSize,
        @DefaultValue("1s") Duration sensorTimeout,
        @DefaultValue("1m") Duration rediscoverInterval,
        @DefaultValue("200ms") Duration mountTimeout,
        @DefaultValue("30s") Duration emitInterval,
        String apiToken,
        @DefaultValue Requests requests,
        @DefaultValue Api api,
        @DefaultValue Elasticsearch elasticsearch,
        @DefaultValue Spool spool,
        @DefaultValue Alerts alerts,
        @DefaultValue Sensors sensors,
        @DefaultValue("3000") int warmUpPolls,
        @DefaultValue Observations observations,
        Map<String, ComponentBudget> components) {

    public BrainstemProperties {
        components = components == null ? Map.of() : Map.copyOf(components);
    }

    /**
     * @param enabled               register brainstem's observation handler with the application's
     *                              ObservationRegistry (false: no component is measured; queues still are)
     * @param maxComponents         component names with their own statistics; observations of further names
     *                              are counted together as "other"
     * @param maxQueues             queues sampled at most
     * @param window                the recent window the component and queue alert rules and the bottleneck
     *                              log look at
     * @param minCount              operations a component needs in that window before its latency and error
     *                              rate are judged
     * @param defaultTier           the tier (1-4) of components without a budget of their own; empty = none
     * @param baseline              the baseline is the first this-long after start (0s = no automatic
     *                              baseline; POST /api/v1/components/baseline takes one at any time)
     * @param bottleneckLogInterval at most one bottleneck log line per component per this
     */
    public record Observations(@DefaultValue("true") boolean enabled, @DefaultValue("100") int maxComponents,
                               @DefaultValue("50") int maxQueues, @DefaultValue("1m") Duration window,
                               @DefaultValue("5") int minCount, String defaultTier,
                               @DefaultValue("10m") Duration baseline,
                               @DefaultValue("1m") Duration bottleneckLogInterval) {
    }

    /**
     * One component's budget, {@code brainstem.components.<name>}: a tier, and/or explicit values that
     * override the tier's.
     *
     * @param expected the latency the component's p95 should stay under
     * @param timeout  an operation longer than this counts as a time-out
     * @param tier     1 (under 100ms, time-out 5s), 2 (200ms-5s, 30s), 3 (500ms-10s, 60s) or 4 (5s-30s, 60s)
     */
    public record ComponentBudget(Duration expected, Duration timeout, String tier) {
    }

    /** Sensor families beyond the poll's base set. */
    public record Sensors(@DefaultValue TopProcesses topProcesses) {
    }

    /**
     * @param count    how many of the heaviest processes by CPU and by memory are reported; 0 turns it off
     * @param interval how often processes are enumerated (costly, so slower than the poll)
     * @param budget   how long one enumeration may run before it reports what it has
     */
    public record TopProcesses(@DefaultValue("5") int count, @DefaultValue("30s") Duration interval,
                               @DefaultValue("2s") Duration budget) {
    }

    /**
     * @param enabled whether HTTP requests are measured and given Server-Timing and summary headers
     * @param history how many recent request summaries are kept in memory
     * @param maxRoutes routes with their own statistics; further routes are counted together as "other"
     * @param latencyWindow how far back the per-route latency percentiles look
     */
    public record Requests(@DefaultValue("true") boolean enabled, @DefaultValue("500") int history,
                           @DefaultValue("200") int maxRoutes, @DefaultValue("5m") Duration latencyWindow) {
    }

    /** @param maxLimit the largest {@code limit} a samples query accepts */
    public record Api(@DefaultValue("10000") int maxLimit) {
    }

    /**
     * @param url       one or more node URLs; none means the embedded default (documents stay in the spool)
     * @param username  basic-auth user
     * @param password  basic-auth password (prefer the environment: BRAINSTEM_ELASTICSEARCH_PASSWORD)
     * @param apiKey    API key, as Elasticsearch returns it encoded (prefer BRAINSTEM_ELASTICSEARCH_APIKEY)
     * @param caFile    PEM file of the CA that signed the cluster's certificate
     * @param caFingerprint SHA-256 fingerprint of the cluster's CA certificate (hex)
     * @param namespace data stream namespace: {@code metrics-brainstem.sensor_poll-<namespace>}
     * @param batchMaxDocs  documents per bulk request at most
     * @param batchMaxBytes bytes per bulk request at most
     * @param requestTimeout how long one request to Elasticsearch may take
     * @param maxBulksInFlight bulk requests sent at once at most while a backlog drains
     */
    public record Elasticsearch(List<String> url, String username, String password, String apiKey,
                                String caFile, String caFingerprint,
                                @DefaultValue("default") String namespace,
                                @DefaultValue("1000") int batchMaxDocs,
                                @DefaultValue("5MB") DataSize batchMaxBytes,
                                @DefaultValue("10s") Duration requestTimeout,
                                @DefaultValue("2") int maxBulksInFlight) {
        public Elasticsearch {
            url = url == null ? List.of() : url.stream().filter(u -> u != null && !u.isBlank()).toList();
            username = blankToNull(username);
            password = blankToNull(password);
            apiKey = blankToNull(apiKey);
            caFile = blankToNull(caFile);
            caFingerprint = blankToNull(caFingerprint);
        }

        public boolean configured() {
            return !url.isEmpty();
        }

        /** Secrets are never printed. */
        @Override
        public String toString() {
            return "Elasticsearch[url=" + url + ", username=" + username
                    + ", password=" + (password == null ? "unset" : "******")
                    + ", apiKey=" + (apiKey == null ? "unset" : "******") + ", namespace=" + namespace + "]";
        }
    }

    /**
     * @param directory where undelivered documents are kept
     * @param maxBytes  the spool's budget on disk; beyond it the oldest documents are dropped and counted
     */
    public record Spool(@DefaultValue("data/spool") Path directory, @DefaultValue("256MB") DataSize maxBytes) {
    }

    /**
     * @param enabled whether alert rules are evaluated at all (false: no rule, not even the built-ins)
     * @param history recent transitions kept in memory for {@code GET /api/v1/alerts}
     * @param rules   rules of their own, and overrides of built-in rules by name (see {@link Rule})
     * @param webhook where firing and resolved alerts are posted as JSON
     */
    public record Alerts(@DefaultValue("true") boolean enabled, @DefaultValue("500") int history, List<Rule> rules,
                         @DefaultValue Webhook webhook) {
        public Alerts {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    /**
     * One alert rule, {@code brainstem.alerts.rules[i]}. An entry whose name is a built-in rule's replaces it,
     * taking what it does not set from the built-in; {@code enabled: false} turns a rule off.
     *
     * @param name           unique name (built-ins: disk-space, memory-pressure, cpu-saturation, poll-overruns,
     *                       sensor-failing, spool-backlog, emitter-circuit-open, poll-latency, sensor-latency,
     *                       emitter-latency)
     * @param field          a documented reading, e.g. system.filesystem.used.pct or brainstem.sensor.duration.p95.ms
     * @param subject        for per-subject readings, a mount / device / interface / core / fan / sensor name or a
     *                       glob ({@code /data*}); unset = every subject
     * @param comparison     {@code above} (default) or {@code below}
     * @param threshold      the value the reading must cross (required for a new rule)
     * @param forDuration    {@code for}: how long the condition must hold before the alert fires (default 0s)
     * @param clearThreshold where a firing alert resolves (default: the threshold)
     * @param severity       {@code info}, {@code warning} (default) or {@code critical}
     * @param labels         key/value pairs copied into every alert of the rule
     * @param enabled        false turns the rule off
     */
    public record Rule(String name, String field, String subject, String comparison, Double threshold,
                       @Name("for") Duration forDuration, Double clearThreshold, String severity,
                       Map<String, String> labels, Boolean enabled) {
        RuleSpec spec() {
            return new RuleSpec(name, field, subject, comparison, threshold, forDuration, clearThreshold, severity,
                    labels, enabled);
        }
    }

    /**
     * @param url         where to POST; unset = no webhook
     * @param timeout     connect and response timeout of one attempt
     * @param maxQueue    alerts waiting to be posted at most; beyond, new ones are dropped and counted
     * @param maxAttempts attempts per alert before it is given up and counted
     * @param backoff     wait after the first failed attempt, doubled after each further one (at most 1m)
     */
    public record Webhook(String url, @DefaultValue("5s") Duration timeout, @DefaultValue("1000") int maxQueue,
                          @DefaultValue("5") int maxAttempts, @DefaultValue("1s") Duration backoff) {
        public Webhook {
            url = blankToNull(url);
        }

        public boolean configured() {
            return url != null;
        }

        /** A webhook URL often carries its secret in the path: only the scheme and host are printed. */
        @Override
        public String toString() {
            String shown = url == null ? "unset" : url.replaceFirst("^(\\w+://)(?:[^@/?#]*@)?([^/?#]*).*$", "$1$2/******");
            return "Webhook[url=" + shown + ", timeout=" + timeout + ", maxQueue=" + maxQueue + "]";
        }
    }

    /**
     * The alert rules in force: the built-ins (their latency budgets half the poll interval, half the sensor
     * time budget, half the Elasticsearch request timeout) with the configured rules applied; none when
     * {@code brainstem.alerts.enabled} is false.
     *
     * @throws InvalidConfigurationPropertyValueException naming {@code brainstem.alerts.rules[i].<property>},
     *                                                    the rule and the problem
     */
    public List<AlertRule> alertRules() {
        BuiltInRules.Budgets budgets = new BuiltInRules.Budgets(pollInterval.dividedBy(2),
                effectiveSensorTimeout().dividedBy(2), elasticsearch.requestTimeout().dividedBy(2));
        List<AlertRule> rules;
        try {
            rules = BuiltInRules.effective(BuiltInRules.all(budgets),
                    alerts.rules().stream().map(r -> r == null ? new RuleSpec(null, null, null, null, null, null,
                            null, null, null, null) : r.spec()).toList());
        } catch (InvalidRuleException e) {
            String key = "brainstem.alerts.rules" + (e.index() < 0 ? "" : "[" + e.index() + "]." + e.property());
            throw invalid(key, e.value() == null ? "(missing)" : e.value(), e.getMessage());
        }
        return alerts.enabled() ? rules : List.of();
    }

    /** An empty value in a YAML file (`password:`) means "not set", as an absent key does. */
    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The sensor time budget in force: {@code brainstem.sensor-timeout}, capped at half the poll interval
     * so that a hung sensor can never make a poll overrun (a 200ms poll interval needs no second setting).
     */
    public Duration effectiveSensorTimeout() {
        Duration half = pollInterval.dividedBy(2);
        return sensorTimeout.compareTo(half) > 0 ? half : sensorTimeout;
    }

    /** Whether an API token is required. */
    public boolean apiTokenRequired() {
        return apiToken != null && !apiToken.isBlank();
    }

    /** Checks each value and the relations between them; throws naming the key and the reason. */
    public BrainstemProperties validate() {
        requirePositive("brainstem.poll-interval", pollInterval);
        if (pollInterval.compareTo(Duration.ofMillis(10)) < 0) {
            throw invalid("brainstem.poll-interval", pollInterval, "must be at least 10ms");
        }
        if (bufferSize < 1) {
            throw invalid("brainstem.buffer-size", bufferSize, "must be at least 1");
        }
        requirePositive("brainstem.sensor-timeout", sensorTimeout);
        if (warmUpPolls < 0 || warmUpPolls > 1_000_000) {
            throw invalid("brainstem.warm-up-polls", warmUpPolls, "must be from 0 (off) to 1000000");
        }
        requirePositive("brainstem.rediscover-interval", rediscoverInterval);
        requirePositive("brainstem.mount-timeout", mountTimeout);
        TopProcesses top = sensors.topProcesses();
        if (top.count() < 0) {
            throw invalid("brainstem.sensors.top-processes.count", top.count(), "must be 0 (off) or more");
        }
        requirePositive("brainstem.sensors.top-processes.interval", top.interval());
        requirePositive("brainstem.sensors.top-processes.budget", top.budget());
        if (top.count() > 0 && top.interval().compareTo(pollInterval) < 0) {
            throw invalid("brainstem.sensors.top-processes.interval", top.interval(),
                    "must not be shorter than brainstem.poll-interval (" + pollInterval + ")");
        }
        requirePositive("brainstem.emit-interval", emitInterval);
        if (emitInterval.compareTo(pollInterval) < 0) {
            throw invalid("brainstem.emit-interval", emitInterval,
                    "must not be shorter than brainstem.poll-interval (" + pollInterval + ")");
        }
        if (apiTokenRequired() && apiToken.strip().length() < 16) {
            throw invalid("brainstem.api-token", "******", "must be at least 16 characters when set");
        }
        if (requests.history() < 1) {
            throw invalid("brainstem.requests.history", requests.history(), "must be at least 1");
        }
        if (requests.maxRoutes() < 1) {
            throw invalid("brainstem.requests.max-routes", requests.maxRoutes(), "must be at least 1");
        }
        requirePositive("brainstem.requests.latency-window", requests.latencyWindow());
        if (api.maxLimit() < 1) {
            throw invalid("brainstem.api.max-limit", api.maxLimit(), "must be at least 1");
        }
        for (String u : elasticsearch.url()) {
            if (!(u.startsWith("http://") || u.startsWith("https://"))) {
                throw invalid("brainstem.elasticsearch.url", u, "must start with http:// or https://");
            }
        }
        if (elasticsearch.namespace().isBlank() || !elasticsearch.namespace().matches("[a-z0-9_]+")
                || elasticsearch.namespace().length() > 100) {
            throw invalid("brainstem.elasticsearch.namespace", elasticsearch.namespace(),
                    "must be 1-100 characters of a-z, 0-9 and _ (a data stream namespace)");
        }
        if (elasticsearch.batchMaxDocs() < 1) {
            throw invalid("brainstem.elasticsearch.batch-max-docs", elasticsearch.batchMaxDocs(), "must be at least 1");
        }
        if (elasticsearch.batchMaxBytes().toBytes() < 1024) {
            throw invalid("brainstem.elasticsearch.batch-max-bytes", elasticsearch.batchMaxBytes(), "must be at least 1KB");
        }
        requirePositive("brainstem.elasticsearch.request-timeout", elasticsearch.requestTimeout());
        int inFlight = elasticsearch.maxBulksInFlight();
        if (inFlight < 1 || inFlight > io.brainstem.emit.ElasticsearchSettings.MOST_BULKS_IN_FLIGHT) {
            throw invalid("brainstem.elasticsearch.max-bulks-in-flight", inFlight, "must be from 1 to "
                    + io.brainstem.emit.ElasticsearchSettings.MOST_BULKS_IN_FLIGHT);
        }
        if (spool.maxBytes().toBytes() < 4L * 1024 * 1024) {
            throw invalid("brainstem.spool.max-bytes", spool.maxBytes(),
                    "must be at least 4MB so the spool can hold a few segments");
        }
        if (elasticsearch.caFile() != null && !java.nio.file.Files.isReadable(Path.of(elasticsearch.caFile()))) {
            throw invalid("brainstem.elasticsearch.ca-file", elasticsearch.caFile(), "is not a readable file");
        }
        try {
            elasticsearchSettings();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "is invalid" : e.getMessage();
            java.util.regex.Matcher key = java.util.regex.Pattern.compile("brainstem\\.[a-z.-]+").matcher(message);
            throw invalid(key.find() ? key.group() : "brainstem.elasticsearch", "******", message);
        }
        validateAlerts();
        validateComponents();
        return this;
    }

    private void validateComponents() {
        Observations o = observations;
        if (o.maxComponents() < 1) {
            throw invalid("brainstem.observations.max-components", o.maxComponents(), "must be at least 1");
        }
        if (o.maxQueues() < 1) {
            throw invalid("brainstem.observations.max-queues", o.maxQueues(), "must be at least 1");
        }
        requirePositive("brainstem.observations.window", o.window());
        if (o.window().compareTo(pollInterval) < 0) {
            throw invalid("brainstem.observations.window", o.window(), "must not be shorter than "
                    + "brainstem.poll-interval (" + pollInterval + ")");
        }
        if (o.minCount() < 1) {
            throw invalid("brainstem.observations.min-count", o.minCount(), "must be at least 1");
        }
        defaultTier();
        if (o.baseline() == null || o.baseline().isNegative()) {
            throw invalid("brainstem.observations.baseline", o.baseline(), "must be 0s (none) or a positive duration");
        }
        requirePositive("brainstem.observations.bottleneck-log-interval", o.bottleneckLogInterval());
        components.forEach((name, budget) -> budget(name, budget));
    }

    /** {@code brainstem.observations.window}, at most the buffer's span (there is no history beyond it). */
    public Duration componentWindow() {
        Duration span = pollInterval.multipliedBy(bufferSize);
        return observations.window().compareTo(span) > 0 ? span : observations.window();
    }

    /** {@code brainstem.observations.baseline}, at most the buffer's span. */
    public Duration componentBaseline() {
        Duration span = pollInterval.multipliedBy(bufferSize);
        return observations.baseline().compareTo(span) > 0 ? span : observations.baseline();
    }

    /** The tier of components without a budget of their own, or null. */
    public io.brainstem.component.Tier defaultTier() {
        String t = blankToNull(observations.defaultTier());
        try {
            return t == null ? null : io.brainstem.component.Tier.parse(t);
        } catch (IllegalArgumentException e) {
            throw invalid("brainstem.observations.default-tier", t, e.getMessage());
        }
    }

    /**
     * The budget of the component {@code name}: its own entry under {@code brainstem.components}, else the
     * default tier's, else none (null).
     */
    public io.brainstem.component.Budget budgetOf(String name) {
        ComponentBudget own = components.get(name);
        if (own != null) {
            return budget(name, own);
        }
        io.brainstem.component.Tier tier = defaultTier();
        return tier == null ? null : io.brainstem.component.Budget.of(tier);
    }

    private static io.brainstem.component.Budget budget(String name, ComponentBudget b) {
        String key = "brainstem.components[" + name + "]";
        String problem = io.brainstem.component.ComponentNames.problem(name);
        if (problem != null) {
            throw invalid(key, name, "is not a valid component name: it " + problem);
        }
        if (b == null) {
            throw invalid(key, "(empty)", "needs expected, timeout or tier");
        }
        io.brainstem.component.Tier tier = null;
        if (blankToNull(b.tier()) != null) {
            try {
                tier = io.brainstem.component.Tier.parse(b.tier());
            } catch (IllegalArgumentException e) {
                throw invalid(key + ".tier", b.tier(), e.getMessage());
            }
        }
        if (b.expected() != null) {
            requirePositive(key + ".expected", b.expected());
        }
        if (b.timeout() != null) {
            requirePositive(key + ".timeout", b.timeout());
        }
        io.brainstem.component.Budget budget = io.brainstem.component.Budget.of(b.expected(), b.timeout(), tier);
        if (budget == null) {
            throw invalid(key, "(empty)", "needs expected, timeout or tier");
        }
        if (budget.expected().compareTo(budget.timeout()) > 0) {
            throw invalid(key + ".expected", budget.expected(), "must not be longer than the time-out ("
                    + budget.timeout() + ")");
        }
        return budget;
    }

    /** The emitter's settings, or null when no Elasticsearch is configured (documents stay in the spool). */
    public io.brainstem.emit.ElasticsearchSettings elasticsearchSettings() {
        if (!elasticsearch.configured()) {
            return null;
        }
        return new io.brainstem.emit.ElasticsearchSettings(
                elasticsearch.url().stream().map(String::strip).map(java.net.URI::create).toList(),
                elasticsearch.username(), elasticsearch.password(), elasticsearch.apiKey(),
                elasticsearch.caFile() == null ? null : Path.of(elasticsearch.caFile()), elasticsearch.caFingerprint(),
                elasticsearch.namespace(), emitInterval, elasticsearch.batchMaxDocs(),
                elasticsearch.batchMaxBytes().toBytes(), elasticsearch.requestTimeout(),
                elasticsearch.maxBulksInFlight());
    }

    private void validateAlerts() {
        if (alerts.history() < 1) {
            throw invalid("brainstem.alerts.history", alerts.history(), "must be at least 1");
        }
        Webhook w = alerts.webhook();
        if (w.configured()) {
            try {
                URI uri = new URI(w.url());
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw invalid("brainstem.alerts.webhook.url", w.url(), "must be an http:// or https:// URL");
                }
            } catch (URISyntaxException e) {
                throw invalid("brainstem.alerts.webhook.url", w.url(), "is not a URL: " + e.getReason());
            }
        }
        requirePositive("brainstem.alerts.webhook.timeout", w.timeout());
        if (w.maxQueue() < 1) {
            throw invalid("brainstem.alerts.webhook.max-queue", w.maxQueue(), "must be at least 1");
        }
        if (w.maxAttempts() < 1) {
            throw invalid("brainstem.alerts.webhook.max-attempts", w.maxAttempts(), "must be at least 1");
        }
        requirePositive("brainstem.alerts.webhook.backoff", w.backoff());
        alertRules();
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(key, value, "must be a positive duration, such as 5s or 500ms");
        }
    }

    private static InvalidConfigurationPropertyValueException invalid(String key, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(key, value, reason);
    }

    /** Secrets are never printed, even by a debug log of the properties. */
    @Override
    public String toString() {
        return "BrainstemProperties[pollInterval=" + pollInterval + ", bufferSize=" + bufferSize
                + ", emitInterval=" + emitInterval + ", apiToken=" + (apiToken == null ? "unset" : "******")
                + ", elasticsearch.url=" + elasticsearch.url() + "]";
    }
}
