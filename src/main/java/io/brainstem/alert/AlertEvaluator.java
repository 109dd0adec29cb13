package io.brainstem.alert;

import io.brainstem.daemon.SampleListener;
import io.brainstem.sample.Sample;
import io.brainstem.sample.SampleFields;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Evaluates every rule after every poll, per subject, as a state machine (see {@link AlertState}),
 * and reports each transition to the {@link AlertLog}, a structured log line and the registered
 * {@link AlertSink}s.
 *
 * <p><b>Time</b> is the samples' timestamps: a condition holds "for 5m" when it held in every sample
 * from one at least five minutes older than the current one. The evaluator keeps the state per rule and
 * subject between polls instead of rescanning the buffer, so one poll costs O(rules × subjects).
 *
 * <p><b>Absence.</b> A reading missing from a sample (its sensor failed, NaN) neither confirms nor
 * breaks a condition: the state is left as it is. A subject that disappears while its reading is still
 * reported for others (a mount unmounted) is dropped: pending goes back to ok, firing resolves.
 *
 * <p><b>Threads.</b> {@link #onSample} is meant for the daemon thread; it is synchronized (uncontended,
 * so free in practice) so that a second caller, such as a test or a manual evaluation, cannot corrupt the
 * per-subject state. Sinks may be added from any thread at any time.
 */
public final class AlertEvaluator implements SampleListener {

    private static final System.Logger LOG = System.getLogger(AlertEvaluator.class.getName());
    private static final String HOST_WIDE = "";

    private final List<Compiled> rules;
    private final HealthReadings health;
    private final AlertLog log;
    private final boolean needsHealth;
    private final List<AlertSink> sinks = new CopyOnWriteArrayList<>();
    private final AtomicLong evaluations = new AtomicLong();
    private final AtomicLong sinkErrors = new AtomicLong();
    private final AtomicLong healthErrors = new AtomicLong();

    public AlertEvaluator(List<AlertRule> rules, HealthReadings health, AlertLog log) {
        this.rules = rules.stream().filter(AlertRule::enabled).map(Compiled::new).toList();
        this.health = Objects.requireNonNull(health, "health");
        this.log = Objects.requireNonNull(log, "log");
        this.needsHealth = this.rules.stream().anyMatch(r -> r.healthField != null);
    }

    /** Adds a sink told of every later transition. */
    public void addSink(AlertSink sink) {
        sinks.add(Objects.requireNonNull(sink, "sink"));
    }

    /** The enabled rules, in evaluation order. */
    public List<AlertRule> rules() {
        return rules.stream().map(c -> c.rule).toList();
    }

    public AlertLog log() {
        return log;
    }

    /** Samples evaluated so far. */
    public long evaluations() {
        return evaluations.get();
    }

    /** Exceptions thrown by sinks. */
    public long sinkErrors() {
        return sinkErrors.get();
    }

    /** Times {@link HealthReadings#current()} threw (its rules then saw no readings that poll). */
    public long healthErrors() {
        return healthErrors.get();
    }

    @Override
    public synchronized void onSample(Sample sample) {
        Map<String, Double> healthNow = needsHealth ? readHealth() : Map.of();
        Instant at = sample.timestamp();
        for (Compiled r : rules) {
            if (r.scalar != null) {
                step(r, HOST_WIDE, r.scalar.valueIn(sample), at, Map.of());
            } else if (r.perSubject != null) {
                stepAll(r, r.perSubject.valuesIn(sample), at, healthNow);
            } else if (r.healthField.perSubject()) {
                stepAll(r, r.healthField.valuesIn(healthNow), at, healthNow);
            } else {
                Double v = healthNow.get(r.rule.field());
                step(r, HOST_WIDE, v == null ? Double.NaN : v, at,
                        HealthFields.percentilesBeside(r.rule.field(), healthNow));
            }
        }
        evaluations.incrementAndGet();
    }

    private Map<String, Double> readHealth() {
        try {
            Map<String, Double> m = health.current();
            return m == null ? Map.of() : m;
        } catch (RuntimeException e) {
            if (healthErrors.getAndIncrement() == 0) {
                LOG.log(System.Logger.Level.WARNING, "alert health readings failed; health rules skip this poll", e);
            }
            return Map.of();
        }
    }

    private void stepAll(Compiled r, Map<String, Double> values, Instant at, Map<String, Double> healthNow) {
        if (values.isEmpty()) {
            return; // the reading is missing altogether this poll: leave every state as it is
        }
        for (Map.Entry<String, Double> e : values.entrySet()) {
            String subject = e.getKey();
            if (r.selects(subject)) {
                Map<String, Double> details = r.healthField != null
                        ? HealthFields.percentilesBeside(r.healthField.keyFor(subject), healthNow) : Map.of();
                step(r, subject, e.getValue() == null ? Double.NaN : e.getValue(), at, details);
            }
        }
        // Subjects no longer reported: drop them.
        for (Iterator<Map.Entry<String, Track>> it = r.tracks.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Track> e = it.next();
            if (!values.containsKey(e.getKey())) {
                Track t = e.getValue();
                it.remove();
                AlertState to = t.state == AlertState.FIRING ? AlertState.RESOLVED : AlertState.OK;
                emit(r, e.getKey(), t.state, to, at, Double.NaN, Map.of(),
                        describe(r, e.getKey()) + " is no longer reported");
            }
        }
    }

    private void step(Compiled r, String subject, double value, Instant at, Map<String, Double> details) {
        if (Double.isNaN(value)) {
            return;
        }
        AlertRule rule = r.rule;
        Track t = r.tracks.get(subject);
        AlertState state = t == null ? AlertState.OK : t.state;
        boolean breach = rule.comparison().breaches(value, rule.threshold());
        switch (state) {
            case OK, RESOLVED -> {
                if (!breach) {
                    return;
                }
                if (rule.forDuration().isZero()) {
                    r.tracks.put(subject, new Track(AlertState.FIRING, at));
                    emit(r, subject, AlertState.OK, AlertState.FIRING, at, value, details, firing(r, subject, value, details));
                } else {
                    r.tracks.put(subject, new Track(AlertState.PENDING, at));
                    emit(r, subject, AlertState.OK, AlertState.PENDING, at, value, details,
                            describe(r, subject) + " is " + num(value) + ", " + rule.comparison() + " "
                                    + num(rule.threshold()) + "; fires if it stays so for " + human(rule.forDuration())
                                    + detailText(details));
                }
            }
            case PENDING -> {
                if (!breach) {
                    r.tracks.remove(subject);
                    emit(r, subject, AlertState.PENDING, AlertState.OK, at, value, details,
                            describe(r, subject) + " is back to " + num(value) + " after "
                                    + human(Duration.between(t.since, at)) + ", before " + human(rule.forDuration()));
                } else if (Duration.between(t.since, at).compareTo(rule.forDuration()) >= 0) {
                    r.tracks.put(subject, new Track(AlertState.FIRING, at));
                    emit(r, subject, AlertState.PENDING, AlertState.FIRING, at, value, details,
                            firing(r, subject, value, details));
                }
            }
            case FIRING -> {
                if (rule.comparison().clears(value, rule.clearThreshold())) {
                    r.tracks.remove(subject);
                    emit(r, subject, AlertState.FIRING, AlertState.RESOLVED, at, value, details,
                            describe(r, subject) + " is back to " + num(value) + " (clears at "
                                    + num(rule.clearThreshold()) + ") after " + human(Duration.between(t.since, at))
                                    + " firing");
                }
            }
        }
    }

    private static String firing(Compiled r, String subject, double value, Map<String, Double> details) {
        AlertRule rule = r.rule;
        return describe(r, subject) + " is " + num(value) + ", " + rule.comparison() + " " + num(rule.threshold())
                + (rule.forDuration().isZero() ? "" : " for " + human(rule.forDuration())) + detailText(details);
    }

    private void emit(Compiled r, String subject, AlertState from, AlertState to, Instant at, double value,
                      Map<String, Double> details, String message) {
        AlertRule rule = r.rule;
        AlertEvent e = new AlertEvent(rule.name(), rule.field(), r.subjectKind,
                HOST_WIDE.equals(subject) ? null : subject, from, to, at, value, rule.threshold(),
                rule.clearThreshold(), rule.comparison(), rule.severity(), rule.labels(), message, details);
        log.record(e);
        logLine(e);
        for (AlertSink sink : sinks) {
            try {
                sink.accept(e);
            } catch (RuntimeException ex) {
                long n = sinkErrors.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "alert sink " + sink.getClass().getName() + " failed (sink errors="
                        + n + "): " + ex);
            }
        }
    }

    /** One key=value line per transition; values with spaces are quoted. */
    static String line(AlertEvent e) {
        StringBuilder b = new StringBuilder(200).append("alert");
        kv(b, "rule", e.rule());
        kv(b, "from", e.from().label());
        kv(b, "to", e.to().label());
        kv(b, "severity", e.severity().label());
        kv(b, "field", e.field());
        if (e.subject() != null) {
            kv(b, e.subjectKind(), e.subject());
        }
        if (!Double.isNaN(e.value())) {
            kv(b, "value", num(e.value()));
        }
        kv(b, "threshold", num(e.threshold()));
        e.details().forEach((k, v) -> kv(b, k, num(v)));
        kv(b, "at", e.at().toString());
        kv(b, "message", e.message());
        return b.toString();
    }

    private static void logLine(AlertEvent e) {
        System.Logger.Level level = switch (e.to()) {
            case FIRING -> switch (e.severity()) {
                case CRITICAL -> System.Logger.Level.ERROR;
                case WARNING -> System.Logger.Level.WARNING;
                case INFO -> System.Logger.Level.INFO;
            };
            default -> System.Logger.Level.INFO;
        };
        if (LOG.isLoggable(level)) {
            LOG.log(level, line(e));
        }
    }

    private static void kv(StringBuilder b, String key, String value) {
        b.append(' ').append(key).append('=');
        if (value.isEmpty() || value.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=')) {
            b.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        } else {
            b.append(value);
        }
    }

    private static String describe(Compiled r, String subject) {
        String what = r.rule.name() + ": " + r.rule.field();
        return HOST_WIDE.equals(subject) ? what : what + " of " + r.subjectKind + " " + subject;
    }

    private static String detailText(Map<String, Double> details) {
        if (details.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(" (");
        details.forEach((k, v) -> b.append(b.length() > 2 ? ", " : "").append(k).append(' ').append(num(v)));
        return b.append(')').toString();
    }

    /** At most 4 significant digits, no exponent, no trailing zeros. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** Where one rule stands for one subject; absent from the map means ok. Daemon thread only. */
    private record Track(AlertState state, Instant since) {
    }

    /** A rule with its reading resolved and its subject selector compiled. */
    private static final class Compiled {
        final AlertRule rule;
        final SampleFields.Scalar scalar;
        final SampleFields.PerSubject perSubject;
        final HealthFields.Field healthField;
        final String subjectKind;
        final Pattern selector;
        final Map<String, Track> tracks = new HashMap<>();

        Compiled(AlertRule rule) {
            this.rule = rule;
            SampleFields.Field f = SampleFields.find(rule.field()).orElse(null);
            this.scalar = f instanceof SampleFields.Scalar s ? s : null;
            this.perSubject = f instanceof SampleFields.PerSubject p ? p : null;
            this.healthField = f == null ? HealthFields.find(rule.field()).orElseThrow() : null;
            this.subjectKind = AlertRule.subjectKind(rule.field());
            this.selector = rule.subject() == null ? null : glob(rule.subject());
        }

        boolean selects(String subject) {
            return selector == null || selector.matcher(subject).matches();
        }

        /** {@code *} any run of characters, {@code ?} one character, everything else literal. */
        static Pattern glob(String glob) {
            StringBuilder re = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (char c : glob.toCharArray()) {
                if (c == '*' || c == '?') {
                    if (!literal.isEmpty()) {
                        re.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    re.append(c == '*' ? ".*" : ".");
                } else {
                    literal.append(c);
                }
            }
            if (!literal.isEmpty()) {
                re.append(Pattern.quote(literal.toString()));
            }
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        }
    }
}
