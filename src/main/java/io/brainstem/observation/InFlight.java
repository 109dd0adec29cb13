package io.brainstem.observation;

import io.brainstem.component.Component;
import io.brainstem.component.RequestComponents;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The observations running now and what their start measured, kept outside the observation's context
 * so that starting and stopping one allocates nothing: a fixed table of slots, found from the context's
 * identity hash with a short linear probe. A full neighbourhood makes {@link #claim} answer -1 and the
 * caller keeps the start in the context instead (counted).
 *
 * <p><b>Publication.</b> A slot is free (null), claimed (being filled) or owned by a context. The owner
 * claims it with a CAS, writes the plain fields, then publishes the context with a release store; a
 * reader that finds the context with an acquire load sees the fields. {@link #release} clears the
 * owner with a release store after its reads, so the next claimer's writes come after them.
 *
 * <p>Thread-safe.
 */
final class InFlight {

    static final int CAPACITY = 1024;
    private static final int PROBE = 16;
    private static final Object CLAIMED = new Object();

    private final AtomicReferenceArray<Object> owners = new AtomicReferenceArray<>(CAPACITY);
    private final long[] startNanos = new long[CAPACITY];
    private final long[] startCpu = new long[CAPACITY];
    private final long[] startAlloc = new long[CAPACITY];
    private final long[] thread = new long[CAPACITY];
    private final Component[] component = new Component[CAPACITY];
    private final RequestComponents[] request = new RequestComponents[CAPACITY];

    private static int home(Object context) {
        int h = System.identityHashCode(context);
        return (h ^ (h >>> 16)) & (CAPACITY - 1);
    }

    /** Takes a slot for {@code context} and fills it; -1 when its neighbourhood is full. */
    int claim(Object context, long nanos, long cpu, long alloc, long threadId, Component c, RequestComponents r) {
        int h = home(context);
        for (int i = 0; i < PROBE; i++) {
            int s = (h + i) & (CAPACITY - 1);
            if (owners.get(s) == null && owners.compareAndSet(s, null, CLAIMED)) {
                startNanos[s] = nanos;
                startCpu[s] = cpu;
                startAlloc[s] = alloc;
                thread[s] = threadId;
                component[s] = c;
                request[s] = r;
                owners.setRelease(s, context);
                return s;
            }
        }
        return -1;
    }

    /** The slot {@code context} owns, or -1. */
    int find(Object context) {
        int h = home(context);
        for (int i = 0; i < PROBE; i++) {
            int s = (h + i) & (CAPACITY - 1);
            if (owners.getAcquire(s) == context) {
                return s;
            }
        }
        return -1;
    }

    long startNanos(int s) {
        return startNanos[s];
    }

    long startCpu(int s) {
        return startCpu[s];
    }

    long startAlloc(int s) {
        return startAlloc[s];
    }

    long thread(int s) {
        return thread[s];
    }

    Component component(int s) {
        return component[s];
    }

    RequestComponents request(int s) {
        return request[s];
    }

    void release(int s) {
        component[s] = null;
        request[s] = null;
        owners.setRelease(s, null);
    }

    /** Slots owned now. */
    int size() {
        int n = 0;
        for (int s = 0; s < CAPACITY; s++) {
            Object o = owners.getAcquire(s);
            if (o != null && o != CLAIMED) {
                n++;
            }
        }
        return n;
    }

    /**
     * Per component, how many of its operations are running and how many of them have run longer than
     * its time-out, as of {@code now} ({@link System#nanoTime()}). A slot changing hands meanwhile is
     * skipped or counted once; the figures are a snapshot, not a ledger.
     */
    Map<Component, int[]> running(long now) {
        Map<Component, int[]> out = new IdentityHashMap<>();
        for (int s = 0; s < CAPACITY; s++) {
            Object o = owners.getAcquire(s);
            if (o == null || o == CLAIMED) {
                continue;
            }
            Component c = component[s];
            long started = startNanos[s];
            if (c == null || owners.getAcquire(s) != o) {
                continue;
            }
            int[] n = out.computeIfAbsent(c, k -> new int[2]);
            n[0]++;
            if (c.budget() != null && now - started > c.budget().timeout().toNanos()) {
                n[1]++;
            }
        }
        return out;
    }
}
