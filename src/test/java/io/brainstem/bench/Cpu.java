package io.brainstem.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time used by this JVM or another process, in nanoseconds (user + system). */
final class Cpu {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final long TICKS_PER_SECOND = clockTicks();

    private Cpu() {
    }

    /**
     * This process: every thread's run time from {@code /proc/self/task/<tid>/schedstat}, in nanoseconds
     * ({@code getProcessCpuTime()} advances in 10 ms ticks on this kernel, too coarse for a
     * sub-millisecond poll). A thread that has ended keeps the time last seen for it, so an idle carrier
     * thread retiring between two readings does not make the process look as if it had given CPU back.
     */
    static long self() {
        return ALL.read();
    }

    /** The same from the JVM ({@code OperatingSystemMXBean.getProcessCpuTime()}), for a cross-check. */
    static long selfFromJvm() {
        return OS.getProcessCpuTime();
    }

    /** Another process from {@code /proc/<pid>/stat} utime + stime (clock-tick resolution, usually 10 ms). */
    static long ofPid(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1_000_000_000L / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
        }
    }

    /**
     * CPU nanoseconds of the daemon's threads, from each task's {@code schedstat} (nanosecond
     * resolution): the virtual-thread carriers ({@code ForkJoinPool-1-worker-*}) and their timed-unpark
     * thread, which run the daemon's loop and the sensors it reads itself, and its platform threads
     * ({@code brainstem-sensors}, the reader; {@code brainstem-statfs}; {@code brainstem-sensor-*}), all
     * named {@code brainstem-*}. The JVM's own background threads (GC, JIT, periodic tasks) are not counted.
     */
    static long daemonThreads() {
        return CARRIERS.read();
    }

    private static final Tasks ALL = new Tasks(comm -> true);
    private static final Tasks CARRIERS = new Tasks(
            comm -> comm.startsWith("ForkJoinPool-1-") || comm.startsWith("VirtualThread-u")
                    || comm.startsWith("brainstem-"));

    /**
     * Run time per thread as last seen, summed; threads that are gone keep their last value. Each
     * matching thread's {@code schedstat} stays open and is re-read from its start, so a reading costs
     * one directory listing and one read per thread.
     */
    private static final class Tasks {
        private final java.util.function.Predicate<String> byName;
        private final java.util.Map<String, java.io.RandomAccessFile> open = new java.util.HashMap<>();
        private final java.util.Set<String> ignored = new java.util.HashSet<>();
        private final java.util.Map<String, Long> lastSeen = new java.util.HashMap<>();
        private final byte[] buffer = new byte[128];

        Tasks(java.util.function.Predicate<String> byName) {
            this.byName = byName;
        }

        synchronized long read() {
            try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path task : tasks) {
                    String tid = task.getFileName().toString();
                    if (ignored.contains(tid) || open.containsKey(tid)) {
                        continue;
                    }
                    try {
                        if (byName.test(Files.readString(task.resolve("comm")).strip())) {
                            open.put(tid, new java.io.RandomAccessFile(task.resolve("schedstat").toFile(), "r"));
                        } else {
                            ignored.add(tid);
                        }
                    } catch (IOException e) {
                        ignored.add(tid); // ended while we looked
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list /proc/self/task", e);
            }
            for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                try {
                    java.io.RandomAccessFile f = e.getValue();
                    f.seek(0);
                    int n = f.read(buffer);
                    long v = 0;
                    for (int i = 0; i < n && buffer[i] >= '0' && buffer[i] <= '9'; i++) {
                        v = v * 10 + (buffer[i] - '0');
                    }
                    if (n > 0) {
                        lastSeen.put(e.getKey(), v);
                    }
                } catch (IOException ended) {
                    // the thread is gone: its last value stays in the sum
                    try {
                        e.getValue().close();
                    } catch (IOException ignore) {
                        // nothing to do
                    }
                    it.remove();
                    ignored.add(e.getKey());
                }
            }
            long total = 0;
            for (long v : lastSeen.values()) {
                total += v;
            }
            return total;
        }
    }

    /**
     * CPU nanoseconds of another JVM's live threads by kind, from {@code /proc/<pid>/task/<tid>/schedstat}:
     * request threads (Tomcat's {@code http-nio-*}), GC, JIT compiler, virtual-thread carriers (the
     * daemon, the spool's request-document writer) and the rest.
     */
    static java.util.Map<String, Long> byThreadKind(long pid) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    String schedstat = Files.readString(task.resolve("schedstat")).strip();
                    long ns = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                    out.merge(kind(comm), ns, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/" + pid + "/task", e);
        }
        return out;
    }

    private static String kind(String comm) {
        if (comm.startsWith("http-nio")) {
            return "requests";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            return "gc";
        }
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (comm.startsWith("ForkJoinPool-1-") || comm.startsWith("VirtualThread-u")) {
            return "virtual threads";
        }
        return "other";
    }

    /** Resident set size of a process in bytes, from {@code /proc/<pid>/status} VmRSS. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }

    static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
