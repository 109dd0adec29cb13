package io.brainstem.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules every brainstem has unless configuration overrides them by name: the host's classic
 * trouble (disk, memory, CPU) and brainstem's own health (overruns, failing sensors, spool backlog,
 * circuit breaker, and latency bottlenecks of a sensor, the poll and the emitter against their budgets),
 * and the application's components and queues (p95 over budget, errors, time-outs, p95 against the
 * baseline, queue utilisation and overflows).
 */
public final class BuiltInRules {

    public static final String DISK_SPACE = "disk-space";
    public static final String MEMORY_PRESSURE = "memory-pressure";
    public static final String CPU_SATURATION = "cpu-saturation";
    public static final String POLL_OVERRUNS = "poll-overruns";
    public static final String SENSOR_FAILING = "sensor-failing";
    public static final String SPOOL_BACKLOG = "spool-backlog";
    public static final String EMITTER_CIRCUIT_OPEN = "emitter-circuit-open";
    public static final String POLL_LATENCY = "poll-latency";
    public static final String SENSOR_LATENCY = "sensor-latency";
    public static final String EMITTER_LATENCY = "emitter-latency";
    public static final String COMPONENT_BUDGET = "component-budget";
    public static final String COMPONENT_ERRORS = "component-errors";
    public static final String COMPONENT_TIMEOUTS = "component-timeouts";
    public static final String COMPONENT_BASELINE = "component-baseline";
    public static final String QUEUE_UTILIZATION = "queue-utilization";
    public static final String QUEUE_OVERFLOW = "queue-overflow";

    /**
     * Latency budgets the bottleneck rules compare p95s against.
     *
     * @param poll    a whole poll (e.g. half the poll interval, so that p95 above it means overruns are near)
     * @param sensor  one sensor's read (e.g. half the sensor time budget)
     * @param emitter one bulk request to Elasticsearch (e.g. half its request timeout)
     */
    public record Budgets(Duration poll, Duration sensor, Duration emitter) {
        /** The budgets derived from brainstem's defaults: 5 s polls, 1 s sensor timeout, 10 s requests. */
        public static final Budgets DEFAULT = new Budgets(Duration.ofMillis(2500), Duration.ofMillis(500),
                Duration.ofSeconds(5));
    }

    private BuiltInRules() {
    }

    /** The built-in rules, in a fixed order. */
    public static List<AlertRule> all(Budgets budgets) {
        List<AlertRule> out = new ArrayList<>();
        out.add(AlertRule.of(DISK_SPACE, "system.filesystem.used.pct", null, Comparison.ABOVE, 0.90,
                Duration.ofMinutes(5), Severity.CRITICAL).withClearThreshold(0.85));
        out.add(AlertRule.of(MEMORY_PRESSURE, "system.memory.actual.used.pct", null, Comparison.ABOVE, 0.90,
                Duration.ofMinutes(5), Severity.WARNING).withClearThreshold(0.85));
        out.add(AlertRule.of(CPU_SATURATION, "system.cpu.total.norm.pct", null, Comparison.ABOVE, 0.95,
                Duration.ofMinutes(10), Severity.WARNING).withClearThreshold(0.90));
        out.add(AlertRule.of(POLL_OVERRUNS, "brainstem.daemon.overruns.rate", null, Comparison.ABOVE, 1.0,
                Duration.ofMinutes(5), Severity.WARNING).withClearThreshold(0.0));
        out.add(AlertRule.of(SENSOR_FAILING, "brainstem.sensor.consecutive_failures", null, Comparison.ABOVE, 2,
                Duration.ZERO, Severity.WARNING).withClearThreshold(0.0));
        out.add(AlertRule.of(SPOOL_BACKLOG, "brainstem.spool.oldest_age.seconds", null, Comparison.ABOVE, 900,
                Duration.ofMinutes(1), Severity.WARNING).withClearThreshold(300));
        out.add(AlertRule.of(EMITTER_CIRCUIT_OPEN, "brainstem.emitter.circuit_open", null, Comparison.ABOVE, 0.5,
                Duration.ofMinutes(1), Severity.WARNING));
        out.add(AlertRule.of(POLL_LATENCY, "brainstem.poll.duration.p95.ms", null, Comparison.ABOVE,
                millis(budgets.poll()), Duration.ofMinutes(5), Severity.WARNING));
        out.add(AlertRule.of(SENSOR_LATENCY, "brainstem.sensor.duration.p95.ms", null, Comparison.ABOVE,
                millis(budgets.sensor()), Duration.ofMinutes(5), Severity.WARNING));
        out.add(AlertRule.of(EMITTER_LATENCY, "brainstem.emitter.duration.p95.ms", null, Comparison.ABOVE,
                millis(budgets.emitter()), Duration.ofMinutes(5), Severity.WARNING));
        out.add(AlertRule.of(COMPONENT_BUDGET, "brainstem.component.budget_ratio", null, Comparison.ABOVE, 1.0,
                Duration.ofMinutes(2), Severity.WARNING));
        out.add(AlertRule.of(COMPONENT_ERRORS, "brainstem.component.error.rate", null, Comparison.ABOVE, 0.05,
                Duration.ofMinutes(2), Severity.WARNING).withClearThreshold(0.02));
        out.add(AlertRule.of(COMPONENT_TIMEOUTS, "brainstem.component.timeouts", null, Comparison.ABOVE, 0,
                Duration.ZERO, Severity.WARNING));
        out.add(AlertRule.of(COMPONENT_BASELINE, "brainstem.component.baseline_ratio", null, Comparison.ABOVE, 2.0,
                Duration.ofMinutes(5), Severity.INFO).withClearThreshold(1.5));
        out.add(AlertRule.of(QUEUE_UTILIZATION, "brainstem.queue.utilization.pct", null, Comparison.ABOVE, 0.9,
                Duration.ofMinutes(1), Severity.WARNING).withClearThreshold(0.8));
        out.add(AlertRule.of(QUEUE_OVERFLOW, "brainstem.queue.overflows", null, Comparison.ABOVE, 0,
                Duration.ZERO, Severity.WARNING));
        return List.copyOf(out);
    }

    /**
     * The rules in force: the built-ins, each replaced by a configured entry of the same name (whose
     * missing parts come from the built-in), then the configured rules of new names in their order;
     * disabled rules are left out.
     *
     * @throws InvalidRuleException naming the rule, its position in {@code configured} and the problem;
     *                              also for a name configured twice
     */
    public static List<AlertRule> effective(List<AlertRule> builtIns, List<RuleSpec> configured) {
        Map<String, AlertRule> byName = new LinkedHashMap<>();
        builtIns.forEach(r -> byName.put(r.name(), r));
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < configured.size(); i++) {
            RuleSpec spec = configured.get(i);
            try {
                String name = spec.name() == null ? null : spec.name().strip();
                if (name != null && seen.putIfAbsent(name, i) != null) {
                    throw new InvalidRuleException(name, "name", name, "is configured twice (entries "
                            + seen.get(name) + " and " + i + ")");
                }
                AlertRule base = name == null ? null : findBuiltIn(builtIns, name);
                byName.put(name, spec.toRule(base));
            } catch (InvalidRuleException e) {
                throw e.at(i);
            }
        }
        return byName.values().stream().filter(AlertRule::enabled).toList();
    }

    private static AlertRule findBuiltIn(List<AlertRule> builtIns, String name) {
        for (AlertRule r : builtIns) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }
}
