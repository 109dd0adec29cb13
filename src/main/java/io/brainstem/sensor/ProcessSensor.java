package io.brainstem.sensor;

import io.brainstem.sample.ProcessReading;
import io.brainstem.sample.Reading;

import java.io.File;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * This JVM's own process: RSS and threads from {@code /proc/self/status}, open descriptors from
 * {@code /proc/self/fd} (the count Linux 6.2+ gives as the directory's size, one {@code stat} instead
 * of a listing, trusted once a listing at rediscovery agreed with it; else by listing), the descriptor limit from {@code /proc/self/limits} (read on the rediscovery
 * schedule), CPU time from the platform MXBean (nanosecond precision, no tick-rate guess), heap and GC
 * from the memory and collector MXBeans. The CPU fraction is of the whole host (all online logical
 * processors) and absent on the first poll.
 *
 * <p>Not thread-safe: the daemon calls it one poll at a time.
 */
public final class ProcessSensor implements KernelCounterSensor {

    private final ProcText text = new ProcText();
    private final ProcText polled = ProcText.keepingFilesOpen();
    private final Path procRoot;
    private final Path sysRoot;
    private final Path status;
    private final Path limits;
    private final File fdDir;
    private final Path fdPath;
    private boolean fdSizeIsCount;
    private final Duration rediscoverInterval;
    private final LongSupplier cpuNanos;
    private final long pid;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();

    private Instant discoveredAt;
    private int logicalCores;
    private double maxFds = Reading.ABSENT;
    private long previousCpuNanos = -1;
    private Instant previousAt;

    /** Reads the JVM's CPU time from the platform MXBean. */
    public ProcessSensor(SensorSettings settings) {
        this(settings, processCpuNanos());
    }

    /** @param cpuNanos this process's CPU time so far, in ns; -1 when unknown */
    public ProcessSensor(SensorSettings settings, LongSupplier cpuNanos) {
        this.procRoot = settings.procRoot();
        this.sysRoot = settings.sysRoot();
        this.status = procRoot.resolve("self/status");
        this.limits = procRoot.resolve("self/limits");
        this.fdPath = procRoot.resolve("self/fd");
        this.fdDir = fdPath.toFile();
        this.rediscoverInterval = settings.rediscoverInterval();
        this.cpuNanos = cpuNanos;
        this.pid = ProcessHandle.current().pid();
    }

    static LongSupplier processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os::getProcessCpuTime;
        }
        return () -> -1;
    }

    @Override
    public void close() {
        polled.close();
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public ProcessReading read(Instant now) throws IOException {
        if (Rates.due(discoveredAt, now, rediscoverInterval)) {
            logicalCores = CpuTopology.onlineLogical(text, procRoot, sysRoot);
            String l = text.readIfPresent(limits);
            maxFds = l == null ? Reading.ABSENT : parseOpenFilesLimit(l);
            fdSizeIsCount = sizeMatchesListing();
            discoveredAt = now;
        }
        long cpu = cpuNanos.getAsLong();
        double cpuFraction = cpuFraction(previousCpuNanos, cpu, Rates.seconds(previousAt, now), logicalCores);
        previousCpuNanos = cpu;
        previousAt = now;

        Status s = parseStatus(polled.read(status));
        double fds = openFds();
        Jvm jvm = Jvm.now(memory, collectors);
        return new ProcessReading(pid, cpuFraction, s.rssBytes(), s.threads(),
                fds, maxFds,
                jvm.heapUsed(), jvm.heapCommitted(), jvm.heapMax(), jvm.gcCount(), jvm.gcMillis());
    }

    /** The number of open descriptors, absent when the directory cannot be read. */
    private double openFds() {
        if (fdSizeIsCount) {
            long size = fdDirSize();
            if (size > 0) {
                return size;
            }
        }
        String[] fds = fdDir.list();
        return fds == null ? Reading.ABSENT : fds.length;
    }

    /**
     * Whether the fd directory's size is its descriptor count: a listing (which holds one descriptor
     * of its own while it runs) counts the same give or take that one. An older kernel reports 0, an
     * ordinary directory a size in bytes.
     */
    private boolean sizeMatchesListing() {
        long size = fdDirSize();
        String[] listed = fdDir.list();
        return size > 0 && listed != null && Math.abs(listed.length - size) <= 1;
    }

    private long fdDirSize() {
        try {
            return Files.readAttributes(fdPath, BasicFileAttributes.class).size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Heap and collector totals of this JVM, absent where the MXBeans do not define them. */
    record Jvm(double heapUsed, double heapCommitted, double heapMax, double gcCount, double gcMillis) {
        static Jvm now(MemoryMXBean memory, List<GarbageCollectorMXBean> collectors) {
            MemoryUsage heap = memory.getHeapMemoryUsage();
            long count = 0;
            long millis = 0;
            boolean any = false;
            for (GarbageCollectorMXBean gc : collectors) {
                long c = gc.getCollectionCount();
                long t = gc.getCollectionTime();
                if (c >= 0) {
                    count += c;
                    any = true;
                }
                if (t >= 0) {
                    millis += t;
                }
            }
            return new Jvm(heap.getUsed(), heap.getCommitted(), heap.getMax() < 0 ? Reading.ABSENT : heap.getMax(),
                    any ? count : Reading.ABSENT, any ? millis : Reading.ABSENT);
        }
    }

    /** CPU used between two polls as a fraction of every logical processor's time (pure). */
    static double cpuFraction(long previousNanos, long currentNanos, double seconds, int logicalCores) {
        if (logicalCores <= 0) {
            return Reading.ABSENT;
        }
        double perSecond = Rates.perSecond(previousNanos, currentNanos, seconds);
        return Rates.fraction(perSecond / 1e9, logicalCores);
    }

    /** Resident set and thread count from {@code /proc/self/status}. */
    record Status(double rssBytes, double threads) {
    }

    static Status parseStatus(String text) {
        double rss = Reading.ABSENT;
        double threads = Reading.ABSENT;
        for (String line : ProcText.lines(text)) {
            if (line.startsWith("VmRSS:")) {
                List<String> f = ProcText.fields(line);
                long kb = ProcText.counter(f, 1);
                rss = kb < 0 ? Reading.ABSENT : kb * 1024.0;
            } else if (line.startsWith("Threads:")) {
                long n = ProcText.counter(ProcText.fields(line), 1);
                threads = n < 0 ? Reading.ABSENT : n;
            }
        }
        return new Status(rss, threads);
    }

    /** The soft "Max open files" limit; absent when unlimited or not listed. */
    static double parseOpenFilesLimit(String limits) {
        for (String line : ProcText.lines(limits)) {
            if (line.startsWith("Max open files")) {
                List<String> f = ProcText.fields(line.substring("Max open files".length()));
                long soft = ProcText.counter(f, 0);
                return soft < 0 ? Reading.ABSENT : soft;
            }
        }
        return Reading.ABSENT;
    }
}
