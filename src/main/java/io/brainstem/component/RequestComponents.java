package io.brainstem.component;

import java.util.ArrayList;
import java.util.List;

/**
 * The components one HTTP request used, made when its first observation ends (a request that observes
 * nothing never has one). At most {@link #MAX_ENTRIES} components are listed; operations of further
 * ones are added to an {@code other} entry.
 *
 * <p>Also keeps the request's generative AI operations in flight, so that a first-token signal raised on
 * an enclosing observation (a streaming advisor cannot reach the model call's own) is given to them
 * too ({@link #firstToken}).
 *
 * <p>Thread-safe: operations of one request may end on several threads at once; every method holds the
 * instance's monitor for a few stores.
 */
public final class RequestComponents {

    public static final int MAX_ENTRIES = 32;

    private Component[] components = new Component[4];
    private long[] count = new long[4];
    private long[] errors = new long[4];
    private long[] totalNanos = new long[4];
    private long[] maxNanos = new long[4];
    private long[] cpuNanos = new long[4];
    private long[] allocBytes = new long[4];
    private long[] tokensIn = new long[4];
    private long[] tokensOut = new long[4];
    private long[] ttftNanos = new long[4];
    private int size;
    private boolean merged;

    /** gen_ai operations in flight: their identities, start times and first-token times (-1: none yet). */
    private Object[] genAi = new Object[2];
    private long[] genAiStart = new long[2];
    private long[] genAiToken = new long[2];
    private int genAiSize;

    /** One finished operation; negative figures mean "not measured". */
    public synchronized void add(Component c, long nanos, boolean error, long cpu, long alloc, long in, long out,
                                 long ttft) {
        int i = indexOf(c);
        count[i]++;
        if (error) {
            errors[i]++;
        }
        totalNanos[i] += nanos;
        maxNanos[i] = Math.max(maxNanos[i], nanos);
        if (cpu >= 0) {
            cpuNanos[i] = Math.max(cpuNanos[i], 0) + cpu;
        }
        if (alloc >= 0) {
            allocBytes[i] = Math.max(allocBytes[i], 0) + alloc;
        }
        if (in >= 0) {
            tokensIn[i] = Math.max(tokensIn[i], 0) + in;
        }
        if (out >= 0) {
            tokensOut[i] = Math.max(tokensOut[i], 0) + out;
        }
        if (ttft >= 0 && ttftNanos[i] < 0) {
            ttftNanos[i] = ttft;
        }
    }

    private int indexOf(Component c) {
        for (int i = 0; i < size; i++) {
            if (components[i] == c) {
                return i;
            }
        }
        if (size == MAX_ENTRIES) {
            merged = true;
            return MAX_ENTRIES - 1; // the last entry becomes "other"
        }
        if (size == components.length) {
            int n = Math.min(MAX_ENTRIES, size * 2);
            components = java.util.Arrays.copyOf(components, n);
            count = java.util.Arrays.copyOf(count, n);
            errors = java.util.Arrays.copyOf(errors, n);
            totalNanos = java.util.Arrays.copyOf(totalNanos, n);
            maxNanos = java.util.Arrays.copyOf(maxNanos, n);
            cpuNanos = java.util.Arrays.copyOf(cpuNanos, n);
            allocBytes = java.util.Arrays.copyOf(allocBytes, n);
            tokensIn = java.util.Arrays.copyOf(tokensIn, n);
            tokensOut = java.util.Arrays.copyOf(tokensOut, n);
            ttftNanos = java.util.Arrays.copyOf(ttftNanos, n);
        }
        int i = size++;
        components[i] = c;
        cpuNanos[i] = allocBytes[i] = tokensIn[i] = tokensOut[i] = ttftNanos[i] = -1;
        return i;
    }

    /** Notes a gen_ai operation starting, by an identity its end will give again. */
    public synchronized void genAiStarted(Object operation, long startNanos) {
        if (genAiSize == genAi.length) {
            genAi = java.util.Arrays.copyOf(genAi, genAiSize * 2);
            genAiStart = java.util.Arrays.copyOf(genAiStart, genAiSize * 2);
            genAiToken = java.util.Arrays.copyOf(genAiToken, genAiSize * 2);
        }
        genAi[genAiSize] = operation;
        genAiStart[genAiSize] = startNanos;
        genAiToken[genAiSize] = -1;
        genAiSize++;
    }

    /**
     * Notes a gen_ai operation ending; answers its time to first token if a first-token signal came
     * while it ran (from this request, on any observation), else -1.
     */
    public synchronized long genAiEnded(Object operation) {
        for (int i = 0; i < genAiSize; i++) {
            if (genAi[i] == operation) {
                long ttft = genAiToken[i] < 0 ? -1 : genAiToken[i] - genAiStart[i];
                genAiSize--;
                genAi[i] = genAi[genAiSize];
                genAiStart[i] = genAiStart[genAiSize];
                genAiToken[i] = genAiToken[genAiSize];
                genAi[genAiSize] = null;
                return ttft;
            }
        }
        return -1;
    }

    /** A first token arrived at {@code nanos}: every gen_ai operation in flight without one takes it. */
    public synchronized void firstToken(long nanos) {
        for (int i = 0; i < genAiSize; i++) {
            if (genAiToken[i] < 0 && nanos >= genAiStart[i]) {
                genAiToken[i] = nanos;
            }
        }
    }

    /** The entries so far, longest total first. */
    public synchronized List<ComponentUse> uses() {
        List<ComponentUse> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String name = merged && i == MAX_ENTRIES - 1 ? ComponentNames.OTHER : components[i].name();
            out.add(new ComponentUse(name, count[i], errors[i], totalNanos[i] / 1e6, maxNanos[i] / 1e6,
                    cpuNanos[i] < 0 ? null : cpuNanos[i] / 1e6, allocBytes[i] < 0 ? null : allocBytes[i],
                    tokensIn[i] < 0 ? null : tokensIn[i], tokensOut[i] < 0 ? null : tokensOut[i],
                    ttftNanos[i] < 0 ? null : ttftNanos[i] / 1e6));
        }
        out.sort((a, b) -> Double.compare(b.totalMs(), a.totalMs()));
        return out;
    }
}
