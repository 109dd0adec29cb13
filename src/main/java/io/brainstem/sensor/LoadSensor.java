package io.brainstem.sensor;

import io.brainstem.sample.LoadReading;
import io.brainstem.sample.Reading;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Load averages from {@code /proc/loadavg}, also divided by the online logical processors (counted
 * again on the rediscovery schedule).
 *
 * <p>Not thread-safe: the daemon calls it one poll at a time.
 */
public final class LoadSensor implements KernelCounterSensor {

    private final ProcText text = new ProcText();
    private final ProcText polled = ProcText.keepingFilesOpen();
    private final Path procRoot;
    private final Path sysRoot;
    private final Path loadavg;
    private final Duration rediscoverInterval;

    private Instant discoveredAt;
    private int logicalCores;

    public LoadSensor(SensorSettings settings) {
        this.procRoot = settings.procRoot();
        this.sysRoot = settings.sysRoot();
        this.loadavg = procRoot.resolve("loadavg");
        this.rediscoverInterval = settings.rediscoverInterval();
    }

    @Override
    public void close() {
        polled.close();
    }

    @Override
    public String name() {
        return "load";
    }

    @Override
    public LoadReading read(Instant now) throws IOException {
        if (Rates.due(discoveredAt, now, rediscoverInterval)) {
            logicalCores = CpuTopology.onlineLogical(text, procRoot, sysRoot);
            discoveredAt = now;
        }
        return parse(polled.read(loadavg), logicalCores);
    }

    /** Parses {@code 1.55 0.35 0.11 1/93 4149}; per-core values are absent when the core count is unknown. */
    static LoadReading parse(String text, int logicalCores) {
        List<String> f = ProcText.fields(text.strip());
        if (f.size() < 3) {
            throw new IllegalArgumentException("/proc/loadavg has fewer than 3 fields: '" + text.strip() + "'");
        }
        double l1 = Double.parseDouble(f.get(0));
        double l5 = Double.parseDouble(f.get(1));
        double l15 = Double.parseDouble(f.get(2));
        double cores = logicalCores > 0 ? logicalCores : Reading.ABSENT;
        return new LoadReading(l1, l5, l15, l1 / cores, l5 / cores, l15 / cores);
    }
}
