package io.brainstem.component;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A WARN line for a component whose p95 is over its budget, at most once per component per
 * {@code every}:
 * {@code Bottleneck in gen_ai.chat.gpt-4o: avg=150.5ms, p95=200.1ms, errors=0, mem=2.5MB, cpu=25.3%,
 * budget=100ms, window=1m, count=42}. {@code mem} is the heap allocated per operation by its thread and
 * {@code cpu} its CPU time as a share of its duration; both are left out where not measured. Daemon
 * thread only.
 */
final class BottleneckLog {

    private static final System.Logger LOG = System.getLogger("io.brainstem.component.Bottleneck");

    private final Duration every;
    private final int minCount;
    private final Map<String, Instant> lastLogged = new HashMap<>();
    private long lines;

    BottleneckLog(Duration every, int minCount) {
        this.every = every;
        this.minCount = minCount;
    }

    /** Logs the components over budget in {@code recent} that were not logged in the last {@code every}. */
    void check(Iterable<ComponentStats> recent, Duration window, Instant now) {
        for (ComponentStats s : recent) {
            if (!s.overBudget() || s.count() < minCount) {
                continue;
            }
            Instant last = lastLogged.get(s.name());
            if (last != null && Duration.between(last, now).compareTo(every) < 0) {
                continue;
            }
            lastLogged.put(s.name(), now);
            lines++;
            LOG.log(System.Logger.Level.WARNING, line(s, window));
        }
    }

    long lines() {
        return lines;
    }

    static String line(ComponentStats s, Duration window) {
        StringBuilder b = new StringBuilder(160).append("Bottleneck in ").append(s.name()).append(": avg=")
                .append(f(s.avgMs())).append("ms, p95=").append(f(s.p95Ms())).append("ms, errors=").append(s.errors());
        if (!Double.isNaN(s.allocBytesPerOp())) {
            b.append(", mem=").append(f(s.allocBytesPerOp() / (1024 * 1024))).append("MB");
        }
        if (!Double.isNaN(s.cpuShare())) {
            b.append(", cpu=").append(f(s.cpuShare() * 100)).append('%');
        }
        b.append(", budget=").append(f(s.expectedMs())).append("ms, window=").append(human(window))
                .append(", count=").append(s.count());
        return b.toString();
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
