package io.brainstem.sensor;

import io.brainstem.sample.DiskIoReadings;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Block-device I/O rates from {@code /proc/diskstats} (one cheap read per poll), for the whole disks
 * found in {@code /sys/block} on the rediscovery schedule: an entry there with a {@code device} link is
 * hardware, one without (loop, zram, ram, dm-, md) is virtual and left out; partitions are not in
 * {@code /sys/block} at all. Rates are per device since its previous poll; a device's first poll, and an
 * interval in which a counter went backwards, have absent rates.
 *
 * <p>Not thread-safe: the daemon calls it one poll at a time.
 */
public final class DiskIoSensor implements KernelCounterSensor {

    /** /proc/diskstats counts 512-byte sectors whatever the device's real sector size. */
    static final long SECTOR_BYTES = 512;

    private final ProcText polled = ProcText.keepingFilesOpen();
    private final Names names = new Names();
    private final Path diskstats;
    private final Path sysBlock;
    private final Duration rediscoverInterval;

    private Instant discoveredAt;
    private Set<String> disks = Set.of();
    private Map<String, Counters> previous = Map.of();
    private Instant previousAt;

    public DiskIoSensor(SensorSettings settings) {
        this.diskstats = settings.procRoot().resolve("diskstats");
        this.sysBlock = settings.sysRoot().resolve("block");
        this.rediscoverInterval = settings.rediscoverInterval();
    }

    @Override
    public void close() {
        polled.close();
    }

    @Override
    public String name() {
        return "diskio";
    }

    @Override
    public DiskIoReadings read(Instant now) throws IOException {
        Map<String, Counters> current = parse(polled.read(diskstats), names);
        if (Rates.due(discoveredAt, now, rediscoverInterval)) {
            disks = wholeDisks(sysBlock, current.keySet());
            discoveredAt = now;
        }
        current.keySet().retainAll(disks);
        DiskIoReadings reading = rates(previous, current, Rates.seconds(previousAt, now));
        previous = current;
        previousAt = now;
        return reading;
    }

    /** One device's cumulative counters; -1 where the platform gave no value. */
    record Counters(long reads, long bytesRead, long writes, long bytesWritten, long ioMillis) {
    }

    /** Every line of diskstats by device name, in file order. */
    static Map<String, Counters> parse(String text) {
        return parse(text, new Names());
    }

    /** As {@link #parse(String)}, the device names shared with earlier polls. */
    static Map<String, Counters> parse(String text, Names names) {
        Map<String, Counters> out = new LinkedHashMap<>();
        for (String line : ProcText.lines(text)) {
            List<String> f = ProcText.fields(line);
            if (f.size() < 14) {
                continue;
            }
            // major minor name reads merged sectors ms writes merged sectors ms in-flight io_ms weighted_ms ...
            out.put(names.of(f.get(2)), new Counters(ProcText.counter(f, 3), sectorBytes(ProcText.counter(f, 5)),
                    ProcText.counter(f, 7), sectorBytes(ProcText.counter(f, 9)), ProcText.counter(f, 12)));
        }
        return out;
    }

    private static long sectorBytes(long sectors) {
        if (sectors < 0) {
            return -1;
        }
        return sectors > Long.MAX_VALUE / SECTOR_BYTES ? Long.MAX_VALUE : sectors * SECTOR_BYTES;
    }

    /**
     * The whole hardware disks: entries of {@code /sys/block} that have a {@code device} link ('!' in a
     * sysfs name stands for '/' in diskstats). Without {@code /sys/block}, every diskstats device except
     * the common virtual ones and names that extend another device's name (partitions).
     */
    static Set<String> wholeDisks(Path sysBlock, Set<String> known) {
        Set<String> out = new LinkedHashSet<>();
        if (Files.isDirectory(sysBlock)) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(sysBlock)) {
                for (Path entry : dir) {
                    if (Files.exists(entry.resolve("device"))) {
                        out.add(entry.getFileName().toString().replace('!', '/'));
                    }
                }
                return out;
            } catch (IOException e) {
                out.clear(); // fall through to the name rules
            }
        }
        for (String name : known) {
            if (!isVirtualName(name) && !isPartitionName(name, known)) {
                out.add(name);
            }
        }
        return out;
    }

    private static boolean isVirtualName(String name) {
        return name.startsWith("loop") || name.startsWith("ram") || name.startsWith("zram")
                || name.startsWith("dm-") || name.startsWith("md") || name.startsWith("sr")
                || name.startsWith("fd");
    }

    private static boolean isPartitionName(String name, Set<String> known) {
        for (String other : known) {
            if (other.length() < name.length() && name.startsWith(other)) {
                String rest = name.substring(other.length());
                if (rest.startsWith("p")) {
                    rest = rest.substring(1);
                }
                if (!rest.isEmpty() && ProcText.counter(rest) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Rates between two polls (pure), in the order of the current poll. */
    static DiskIoReadings rates(Map<String, Counters> previous, Map<String, Counters> current, double seconds) {
        return new DiskIoReadings(Rates.perSubject(previous, current, seconds, (name, p, c, s) ->
                new DiskIoReadings.Device(name,
                        Rates.perSecond(p.bytesRead(), c.bytesRead(), s),
                        Rates.perSecond(p.bytesWritten(), c.bytesWritten(), s),
                        Rates.perSecond(p.reads(), c.reads(), s),
                        Rates.perSecond(p.writes(), c.writes(), s),
                        Rates.fraction(Rates.perSecond(p.ioMillis(), c.ioMillis(), s), 1000.0))));
    }
}
