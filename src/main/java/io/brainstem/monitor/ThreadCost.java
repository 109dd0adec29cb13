package io.brainstem.monitor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The current thread's CPU time and allocated bytes, where the JVM can measure them. Each reading is
 * -1 when it cannot: the JVM lacks the feature, it is switched off, or the thread is virtual (a virtual
 * thread moves between carriers, so the JVM does not attribute CPU time to it). Thread-safe.
 */
public final class ThreadCost {

    public static final ThreadCost JVM = new ThreadCost();

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.ThreadMXBean extended;
    private final boolean cpuSupported;

    private ThreadCost() {
        cpuSupported = threads.isCurrentThreadCpuTimeSupported();
        extended = extendedOrNull(threads);
    }

    private static com.sun.management.ThreadMXBean extendedOrNull(ThreadMXBean threads) {
        try {
            if (threads instanceof com.sun.management.ThreadMXBean ext && ext.isThreadAllocatedMemorySupported()) {
                return ext;
            }
        } catch (LinkageError notThisJvm) {
            // a JVM without the com.sun.management extension: allocation stays unmeasured
        }
        return null;
    }

    /** CPU time of the current thread in nanoseconds, or -1. */
    public long cpuNanos() {
        return cpuSupported ? threads.getCurrentThreadCpuTime() : -1;
    }

    /** Bytes the current thread has allocated since it started, or -1. */
    public long allocatedBytes() {
        return extended == null ? -1 : extended.getCurrentThreadAllocatedBytes();
    }
}
