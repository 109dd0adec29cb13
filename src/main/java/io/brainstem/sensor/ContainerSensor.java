package io.brainstem.sensor;

import io.brainstem.sample.ContainerReading;
import io.brainstem.sample.Reading;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The limits and use of this service's control group, cgroup v2 first and v1 too (see
 * {@link ContainerReading} for what each value means and when it is absent). The cgroup is located
 * through {@link CgroupLayout} and looked up again every {@link #REDISCOVER_INTERVAL}. The cgroup's own
 * limits are read every poll, since they can be changed on a running container; its ancestors' limits
 * (which also bind it: a pod's limit above its container's) are read again on the rediscovery schedule,
 * so a deep hierarchy does not multiply the per-poll file reads.
 *
 * <p>v2 files: {@code cpu.max}, {@code cpu.stat}, {@code memory.max}, {@code memory.current},
 * {@code memory.stat}, {@code memory.events}. v1: {@code cpu.cfs_quota_us}, {@code cpu.cfs_period_us},
 * {@code cpu.stat}, {@code cpuacct.usage}, {@code memory.limit_in_bytes}, {@code memory.usage_in_bytes},
 * {@code memory.stat}, {@code memory.oom_control}.
 *
 * <p>Not thread-safe: the daemon calls it one poll at a time.
 */
public final class ContainerSensor implements KernelCounterSensor {

    /** How often the cgroup of this process is looked up again. */
    static final Duration REDISCOVER_INTERVAL = Duration.ofMinutes(1);

    /**
     * v1 writes "no limit" as {@code Long.MAX_VALUE} rounded down to the page size, which depends on
     * the architecture; anything from 2^62 up is taken as no limit.
     */
    static final long V1_UNLIMITED = 1L << 62;

    private final ProcText text = new ProcText();
    private final ProcText polled = ProcText.keepingFilesOpen();
    private final CgroupWatch cgroup;

    private double ancestorCores = Reading.ABSENT;
    private double ancestorMemory = Reading.ABSENT;
    private Snapshot previous;
    private Instant previousAt;

    public ContainerSensor(Path procRoot, Path sysRoot) {
        this.cgroup = new CgroupWatch(procRoot, sysRoot);
    }

    @Override
    public void close() {
        polled.close();
    }

    @Override
    public String name() {
        return "container";
    }

    @Override
    public ContainerReading read(Instant now) {
        if (cgroup.refresh(now)) {
            if (cgroup.changed()) {
                previous = null; // counters of another cgroup do not make a rate
            }
            readAncestorLimits(cgroup.layout());
        }
        CgroupLayout layout = cgroup.layout();
        Snapshot current = switch (layout.version()) {
            case "v2" -> readV2(layout);
            case "v1" -> readV1(layout);
            case null, default -> null;
        };
        if (current == null) {
            previous = null;
            return ContainerReading.none();
        }
        ContainerReading reading = reading(layout.version(), layout.path(), previous, current,
                Rates.seconds(previousAt, now));
        previous = current;
        previousAt = now;
        return reading;
    }

    /**
     * What one poll read from the cgroup files; counters are -1 and amounts NaN when missing.
     *
     * @param usageNanos       CPU used by the cgroup so far
     * @param throttledNanos   time throttled so far
     * @param memoryUsageBytes usage before the inactive file cache is taken off
     */
    record Snapshot(double cpuLimitCores, long usageNanos, long periods, long throttledPeriods, long throttledNanos,
                    double memoryLimitBytes, double memoryUsageBytes, double inactiveFileBytes, long oomKills) {
    }

    Snapshot readV2(CgroupLayout l) {
        Path dir = l.unified();
        double cores = minPresent(ancestorCores, parseCpuMax(polled.firstLine(dir.resolve("cpu.max"))));
        double memoryLimit = minPresent(ancestorMemory, parseMemoryMax(polled.firstLine(dir.resolve("memory.max"))));
        KeyValues cpuStat = KeyValues.parse(polled.readIfPresent(dir.resolve("cpu.stat")));
        KeyValues memoryStat = KeyValues.parse(polled.readIfPresent(dir.resolve("memory.stat")));
        KeyValues events = KeyValues.parse(polled.readIfPresent(dir.resolve("memory.events")));
        Long current = polled.longValue(dir.resolve("memory.current"));
        long usageMicros = cpuStat.get("usage_usec");
        long throttledMicros = cpuStat.get("throttled_usec");
        return new Snapshot(cores, usageMicros < 0 ? -1 : usageMicros * 1000, cpuStat.get("nr_periods"),
                cpuStat.get("nr_throttled"), throttledMicros < 0 ? -1 : throttledMicros * 1000,
                memoryLimit, current == null ? Reading.ABSENT : current, amount(memoryStat.get("inactive_file")),
                events.get("oom_kill"));
    }

    Snapshot readV1(CgroupLayout l) {
        double cores = Reading.ABSENT;
        long periods = -1;
        long throttled = -1;
        long throttledNanos = -1;
        if (l.cpu() != null) {
            cores = minPresent(ancestorCores, v1Cores(polled.longValue(l.cpu().resolve("cpu.cfs_quota_us")),
                    polled.longValue(l.cpu().resolve("cpu.cfs_period_us"))));
            KeyValues cpuStat = KeyValues.parse(polled.readIfPresent(l.cpu().resolve("cpu.stat")));
            periods = cpuStat.get("nr_periods");
            throttled = cpuStat.get("nr_throttled");
            throttledNanos = cpuStat.get("throttled_time");
        }
        Long usage = l.cpuacct() == null ? null : polled.longValue(l.cpuacct().resolve("cpuacct.usage"));
        double memoryLimit = Reading.ABSENT;
        double memoryUsage = Reading.ABSENT;
        double inactiveFile = Reading.ABSENT;
        long oomKills = -1;
        if (l.memory() != null) {
            KeyValues stat = KeyValues.parse(polled.readIfPresent(l.memory().resolve("memory.stat")));
            memoryLimit = minPresent(v1Limit(polled.longValue(l.memory().resolve("memory.limit_in_bytes"))),
                    v1Limit(stat.get("hierarchical_memory_limit")));
            Long used = polled.longValue(l.memory().resolve("memory.usage_in_bytes"));
            memoryUsage = used == null ? Reading.ABSENT : used;
            inactiveFile = amount(stat.get("total_inactive_file"));
            oomKills = KeyValues.parse(polled.readIfPresent(l.memory().resolve("memory.oom_control"))).get("oom_kill");
        }
        return new Snapshot(cores, usage == null ? -1 : usage, periods, throttled, throttledNanos, memoryLimit,
                memoryUsage, inactiveFile, oomKills);
    }

    /** The smallest CPU and memory limits of the cgroup's ancestors (v1: CPU only; memory.stat has the rest). */
    private void readAncestorLimits(CgroupLayout l) {
        ancestorCores = Reading.ABSENT;
        ancestorMemory = Reading.ABSENT;
        if ("v2".equals(l.version())) {
            List<Path> dirs = CgroupLayout.upTo(l.unified(), l.unifiedRoot());
            for (Path dir : dirs.subList(1, dirs.size())) {
                ancestorCores = minPresent(ancestorCores, parseCpuMax(text.firstLine(dir.resolve("cpu.max"))));
                ancestorMemory = minPresent(ancestorMemory, parseMemoryMax(text.firstLine(dir.resolve("memory.max"))));
            }
        } else if ("v1".equals(l.version()) && l.cpu() != null) {
            List<Path> dirs = CgroupLayout.upTo(l.cpu(), l.cpuRoot());
            for (Path dir : dirs.subList(1, dirs.size())) {
                ancestorCores = minPresent(ancestorCores, v1Cores(text.longValue(dir.resolve("cpu.cfs_quota_us")),
                        text.longValue(dir.resolve("cpu.cfs_period_us"))));
            }
        }
    }

    /** The reading from two snapshots {@code seconds} apart (pure); rates need a previous snapshot. */
    static ContainerReading reading(String version, String path, Snapshot previous, Snapshot current,
                                    double seconds) {
        double usageCores = Reading.ABSENT;
        double periodsPerSecond = Reading.ABSENT;
        double throttledFraction = Reading.ABSENT;
        double throttledMillisPerSecond = Reading.ABSENT;
        double oomKillsNew = Reading.ABSENT;
        if (previous != null) {
            usageCores = Rates.perSecond(previous.usageNanos(), current.usageNanos(), seconds, 1e-9);
            periodsPerSecond = Rates.perSecond(previous.throttledPeriods(), current.throttledPeriods(), seconds);
            throttledMillisPerSecond = Rates.perSecond(previous.throttledNanos(), current.throttledNanos(), seconds,
                    1e-6);
            if (previous.periods() >= 0 && current.periods() > previous.periods()
                    && current.throttledPeriods() >= previous.throttledPeriods() && previous.throttledPeriods() >= 0) {
                throttledFraction = Rates.fraction(current.throttledPeriods() - previous.throttledPeriods(),
                        current.periods() - previous.periods());
            } else if (previous.periods() >= 0 && current.periods() == previous.periods()
                    && Reading.present(current.cpuLimitCores())) {
                throttledFraction = 0; // a quota, and no period elapsed: the cgroup was idle, not throttled
            }
            if (previous.oomKills() >= 0 && current.oomKills() >= previous.oomKills()) {
                oomKillsNew = current.oomKills() - previous.oomKills();
            }
        }
        double memoryUsage = Reading.ABSENT;
        if (Reading.present(current.memoryUsageBytes())) {
            double inactive = Reading.present(current.inactiveFileBytes()) ? current.inactiveFileBytes() : 0;
            memoryUsage = Math.max(0, current.memoryUsageBytes() - inactive);
        }
        return new ContainerReading(version, path, current.cpuLimitCores(), usageCores,
                Rates.fraction(usageCores, current.cpuLimitCores()), periodsPerSecond, throttledFraction,
                throttledMillisPerSecond, current.memoryLimitBytes(), memoryUsage,
                Rates.fraction(memoryUsage, current.memoryLimitBytes()),
                current.oomKills() < 0 ? Reading.ABSENT : current.oomKills(), oomKillsNew);
    }

    /** {@code cpu.max}: "quota period" in µs, or "max period" for no limit. */
    static double parseCpuMax(String line) {
        if (line == null) {
            return Reading.ABSENT;
        }
        List<String> f = ProcText.fields(line);
        long quota = ProcText.counter(f, 0);
        long period = ProcText.counter(f, 1);
        if (quota <= 0 || period <= 0) {
            return Reading.ABSENT; // "max", or unreadable
        }
        return (double) quota / period;
    }

    /** {@code memory.max}: bytes, or "max" for no limit. */
    static double parseMemoryMax(String line) {
        if (line == null) {
            return Reading.ABSENT;
        }
        long v = ProcText.counter(line);
        return v < 0 || v == Long.MAX_VALUE ? Reading.ABSENT : v;
    }

    /** v1 quota and period in µs; a quota of -1 is no limit. */
    static double v1Cores(Long quota, Long period) {
        if (quota == null || period == null || quota <= 0 || period <= 0) {
            return Reading.ABSENT;
        }
        return (double) quota / period;
    }

    static double v1Limit(Long bytes) {
        return bytes == null ? Reading.ABSENT : v1Limit(bytes.longValue());
    }

    static double v1Limit(long bytes) {
        return bytes < 0 || bytes >= V1_UNLIMITED ? Reading.ABSENT : bytes;
    }

    private static double amount(long counter) {
        return counter < 0 ? Reading.ABSENT : counter;
    }

    /** The smaller of two limits, a missing one not counting. */
    private static double minPresent(double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        return Double.isNaN(b) ? a : Math.min(a, b);
    }

    /** "key value" lines (cpu.stat, memory.stat, memory.events, oom_control); -1 for a missing key. */
    record KeyValues(java.util.Map<String, Long> values) {
        static KeyValues parse(String text) {
            java.util.Map<String, Long> out = new java.util.HashMap<>();
            if (text != null) {
                for (String line : ProcText.lines(text)) {
                    int sp = line.indexOf(' ');
                    if (sp > 0) {
                        out.put(line.substring(0, sp), ProcText.counter(line.substring(sp + 1).strip()));
                    }
                }
            }
            return new KeyValues(out);
        }

        long get(String key) {
            Long v = values.get(key);
            return v == null ? -1 : v;
        }
    }
}
