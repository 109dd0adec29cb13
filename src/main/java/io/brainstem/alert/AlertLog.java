package io.brainstem.alert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The alerts active now and a bounded history of recent transitions, for the API.
 *
 * <p><b>Threads.</b> One writer (the evaluator, on the daemon thread) and any number of readers. The
 * active set is a concurrent map of immutable entries; the history is a deque guarded by its own lock,
 * held only to add one event or to copy out at most {@code capacity} references. Readers get copies.
 */
public final class AlertLog {

    private static final Comparator<ActiveAlert> MOST_URGENT_FIRST = Comparator
            .comparing((ActiveAlert a) -> a.state() == AlertState.FIRING ? 0 : 1)
            .thenComparing(ActiveAlert::severity, Comparator.reverseOrder())
            .thenComparing(ActiveAlert::since)
            .thenComparing(ActiveAlert::rule)
            .thenComparing(a -> a.subject() == null ? "" : a.subject());

    private final int capacity;
    private final ArrayDeque<AlertEvent> history;
    private final Map<String, ActiveAlert> active = new ConcurrentHashMap<>();
    private long total;

    /** @param capacity transitions kept in the history, at least 1 */
    public AlertLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.history = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** Records a transition: into the history, and into or out of the active set. Writer thread only. */
    public void record(AlertEvent e) {
        String key = key(e.rule(), e.subject());
        if (e.to() == AlertState.PENDING || e.to() == AlertState.FIRING) {
            active.put(key, ActiveAlert.of(e));
        } else {
            active.remove(key);
        }
        synchronized (history) {
            if (history.size() == capacity) {
                history.removeFirst();
            }
            history.addLast(e);
            total++;
        }
    }

    /** Pending and firing alerts: firing first, then by severity (critical first), then oldest first. */
    public List<ActiveAlert> active() {
        List<ActiveAlert> out = new ArrayList<>(active.values());
        out.sort(MOST_URGENT_FIRST);
        return out;
    }

    /** The newest {@code limit} transitions that match, newest first. */
    public List<AlertEvent> recent(int limit, Predicate<AlertEvent> filter) {
        List<AlertEvent> copy;
        synchronized (history) {
            copy = new ArrayList<>(history.size());
            for (Iterator<AlertEvent> it = history.descendingIterator(); it.hasNext(); ) {
                copy.add(it.next());
            }
        }
        List<AlertEvent> out = new ArrayList<>(Math.min(limit, copy.size()));
        for (AlertEvent e : copy) {
            if (out.size() >= limit) {
                break;
            }
            if (filter.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    public List<AlertEvent> recent(int limit) {
        return recent(limit, e -> true);
    }

    /** Transitions kept at most. */
    public int capacity() {
        return capacity;
    }

    /** Transitions ever recorded. */
    public long total() {
        synchronized (history) {
            return total;
        }
    }

    static String key(String rule, String subject) {
        return subject == null ? rule : rule + '\u0000' + subject;
    }
}
