package io.brainstem.component;

import io.brainstem.alert.HealthReadings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The components' and queues' part of the alert readings, from {@link ComponentPoll#recent()} (so
 * register the poll ahead of the evaluator). Per component ({@code <c>}) over the recent window, when
 * it had at least {@code minCount} operations:
 * {@code brainstem.component.<c>.duration.p95.ms}, {@code .error.rate}, and with a budget
 * {@code .budget_ratio} (p95 ÷ expected), with a baseline {@code .baseline_ratio} (p95 ÷ baseline p95);
 * with a budget, whatever the count, {@code .timeouts} (operations past the time-out in the window plus
 * those running past it now). Per queue ({@code <q>}): {@code brainstem.queue.<q>.utilization.pct}
 * (bounded queues), {@code .overflows} (rejected offers in the window) and {@code .oldest_age.seconds}
 * (where the application tells).
 */
public final class ComponentHealthReadings implements HealthReadings {

    private final ComponentPoll poll;
    private final int minCount;

    public ComponentHealthReadings(ComponentPoll poll, int minCount) {
        this.poll = poll;
        this.minCount = minCount;
    }

    @Override
    public Map<String, Double> current() {
        ComponentPoll.Recent r = poll.recent();
        Map<String, Double> out = new LinkedHashMap<>();
        for (ComponentStats s : r.components()) {
            String p = "brainstem.component." + s.name();
            if (s.count() >= minCount) {
                put(out, p + ".duration.p95.ms", s.p95Ms());
                put(out, p + ".error.rate", s.errorRate());
                put(out, p + ".budget_ratio", s.budgetRatio());
                put(out, p + ".baseline_ratio", s.baselineRatio());
            }
            if (!Double.isNaN(s.timeoutMs())) {
                out.put(p + ".timeouts", (double) (s.timeouts() + s.overdue()));
            }
        }
        for (QueueStats q : r.queues()) {
            String p = "brainstem.queue." + q.name();
            put(out, p + ".utilization.pct", q.utilization());
            if (q.samples() > 0) {
                out.put(p + ".overflows", (double) q.overflows());
            }
            put(out, p + ".oldest_age.seconds", q.oldestAgeMs() / 1000);
        }
        return out;
    }

    private static void put(Map<String, Double> out, String key, double v) {
        if (!Double.isNaN(v) && !Double.isInfinite(v)) {
            out.put(key, v);
        }
    }
}
