package io.brainstem.sensor;

import java.util.HashMap;

/**
 * One String per distinct name a sensor reads poll after poll (devices, interfaces, processes and their
 * command lines), so that the samples in the buffer share the name instead of each holding a copy
 * parsed from its own poll: the parse still allocates, but the copy is garbage at once. Bounded: past
 * {@value #MAX} names (processes come and go) it starts afresh. Not thread-safe: one per sensor, used
 * by the thread that reads it.
 */
final class Names {

    static final int MAX = 1024;

    private final HashMap<String, String> known = new HashMap<>();

    /** {@code name} or the equal String returned before; null stays null. */
    String of(String name) {
        if (name == null) {
            return null;
        }
        String kept = known.putIfAbsent(name, name);
        if (kept != null) {
            return kept;
        }
        if (known.size() > MAX) {
            known.clear();
            known.put(name, name);
        }
        return name;
    }
}
