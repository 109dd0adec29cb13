package io.brainstem.sensor;

import io.brainstem.sample.CpuReading;
import io.brainstem.sample.Reading;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Host CPU utilisation from the tick counters in {@code /proc/stat}, as the share of each kind of tick
 * between two polls. The first poll has no previous counters, so its utilisations are absent.
 *
 * <p>Not thread-safe: the daemon calls it one poll at a time.
 */
public final class CpuSensor implements KernelCounterSensor {

    private final ProcText text = new ProcText();
    private final ProcText polled = ProcText.keepingFilesOpen();
    private final Path stat;
    private final Path procRoot;
    private final Path sysRoot;
    private final Duration rediscoverInterval;

    private Stat previous;
    private Instant discoveredAt;
    private int physicalCores;

    public CpuSensor(SensorSettings settings) {
        this.procRoot = settings.procRoot();
        this.sysRoot = settings.sysRoot();
        this.stat = procRoot.resolve("stat");
        this.rediscoverInterval = settings.rediscoverInterval();
    }

    @Override
    public void close() {
        polled.close();
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public CpuReading read(Instant now) throws IOException {
        if (Rates.due(discoveredAt, now, rediscoverInterval)) {
            physicalCores = CpuTopology.physicalCores(text, sysRoot);
            discoveredAt = now;
        }
        Stat current = parseStat(polled.read(stat));
        CpuReading reading = reading(previous, current, physicalCores);
        previous = current;
        return reading;
    }

    /**
     * The tick counters of one CPU line: user, nice, system, idle, iowait, irq, softirq, steal (guest
     * time is already inside user and nice). A column the kernel does not have is 0.
     */
    record Ticks(long user, long nice, long system, long idle, long iowait, long irq, long softirq, long steal) {
        long total() {
            return user + nice + system + idle + iowait + irq + softirq + steal;
        }
    }

    /** The aggregate line and each {@code cpuN} line by core number, in file order. */
    record Stat(Ticks all, Map<Integer, Ticks> cores) {
    }

    static Stat parseStat(String text) {
        Ticks all = null;
        Map<Integer, Ticks> cores = new LinkedHashMap<>();
        for (String line : ProcText.lines(text)) {
            if (!line.startsWith("cpu")) {
                if (all != null) {
                    break; // the cpu lines come first and together
                }
                continue;
            }
            List<String> f = ProcText.fields(line);
            Ticks t = new Ticks(tick(f, 1), tick(f, 2), tick(f, 3), tick(f, 4), tick(f, 5), tick(f, 6),
                    tick(f, 7), tick(f, 8));
            String label = f.get(0);
            if (label.equals("cpu")) {
                all = t;
            } else {
                long core = ProcText.counter(label.substring(3));
                if (core >= 0) {
                    cores.put((int) core, t);
                }
            }
        }
        if (all == null) {
            throw new IllegalArgumentException("no aggregate 'cpu' line in /proc/stat");
        }
        return new Stat(all, cores);
    }

    private static long tick(List<String> f, int index) {
        long v = ProcText.counter(f, index);
        return Math.max(v, 0);
    }

    /** Utilisation between two snapshots (pure); with no previous snapshot every share is absent. */
    static CpuReading reading(Stat previous, Stat current, int physicalCores) {
        int logical = current.cores().isEmpty() ? 1 : current.cores().size();
        if (previous == null) {
            return new CpuReading(Reading.ABSENT, Reading.ABSENT, Reading.ABSENT, Reading.ABSENT, Reading.ABSENT,
                    List.of(), logical, physicalCores);
        }
        Ticks p = previous.all();
        Ticks c = current.all();
        double dTotal = delta(p.total(), c.total());
        double dIdle = delta(p.idle(), c.idle());
        double dIowait = delta(p.iowait(), c.iowait());
        double user = Rates.fraction(sum(delta(p.user(), c.user()), delta(p.nice(), c.nice())), dTotal);
        double system = Rates.fraction(sum(delta(p.system(), c.system()), delta(p.irq(), c.irq()),
                delta(p.softirq(), c.softirq())), dTotal);
        List<Double> perCore = new ArrayList<>(current.cores().size());
        for (Map.Entry<Integer, Ticks> e : current.cores().entrySet()) {
            Ticks before = previous.cores().get(e.getKey());
            perCore.add(before == null ? Reading.ABSENT : busy(before, e.getValue()));
        }
        return new CpuReading(Rates.fraction(dTotal - dIdle - dIowait, dTotal), user, system,
                Rates.fraction(dIowait, dTotal), Rates.fraction(delta(p.steal(), c.steal()), dTotal),
                perCore, logical, physicalCores);
    }

    private static double busy(Ticks p, Ticks c) {
        double dTotal = delta(p.total(), c.total());
        return Rates.fraction(dTotal - delta(p.idle(), c.idle()) - delta(p.iowait(), c.iowait()), dTotal);
    }

    /** A counter's increase, or NaN when it went backwards (then every share using it is absent). */
    private static double delta(long before, long after) {
        return after < before ? Reading.ABSENT : (double) (after - before);
    }

    private static double sum(double... parts) {
        double s = 0;
        for (double d : parts) {
            s += d; // NaN propagates
        }
        return s;
    }
}
