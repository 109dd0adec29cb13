package io.brainstem.sensor;

import io.brainstem.sample.MemoryReading;
import io.brainstem.sample.Reading;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Physical memory and swap from {@code /proc/meminfo}. "Used" is total minus MemAvailable; on a
 * kernel without MemAvailable (before 3.14) available, used and the fraction are absent rather than
 * guessed.
 *
 * <p>Not thread-safe: the daemon calls it one poll at a time.
 */
public final class MemorySensor implements KernelCounterSensor {

    private final ProcText polled = ProcText.keepingFilesOpen();
    private final Path meminfo;

    public MemorySensor(SensorSettings settings) {
        this.meminfo = settings.procRoot().resolve("meminfo");
    }

    @Override
    public void close() {
        polled.close();
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public MemoryReading read(Instant now) throws IOException {
        return parse(polled.read(meminfo));
    }

    static MemoryReading parse(String text) {
        double total = Reading.ABSENT;
        double available = Reading.ABSENT;
        double swapTotal = Reading.ABSENT;
        double swapFree = Reading.ABSENT;
        for (String line : ProcText.lines(text)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            switch (key) {
                case "MemTotal" -> total = kibibytes(line, colon);
                case "MemAvailable" -> available = kibibytes(line, colon);
                case "SwapTotal" -> swapTotal = kibibytes(line, colon);
                case "SwapFree" -> swapFree = kibibytes(line, colon);
                default -> {
                }
            }
        }
        if (Double.isNaN(total) || total <= 0) {
            throw new IllegalArgumentException("no MemTotal in /proc/meminfo");
        }
        double used = total - available;
        return new MemoryReading(total, available, used, Rates.fraction(used, total), swapTotal,
                swapTotal - swapFree);
    }

    private static double kibibytes(String line, int colon) {
        List<String> f = ProcText.fields(line.substring(colon + 1));
        long v = ProcText.counter(f, 0);
        if (v < 0) {
            return Reading.ABSENT;
        }
        return f.size() > 1 && f.get(1).equals("kB") ? v * 1024.0 : v;
    }
}
