package io.brainstem.monitor;

import io.brainstem.sample.CpuReading;
import io.brainstem.sample.DiskIoReadings;
import io.brainstem.sample.LoadReading;
import io.brainstem.sample.MemoryReading;
import io.brainstem.sample.NetworkReadings;
import io.brainstem.sample.ProcessReading;
import io.brainstem.sample.Reading;
import io.brainstem.sample.Sample;

/**
 * The headline readings of one sample, the ones a request summary reports: a flat view so that the
 * window statistics and the nearest-sample report read the same values the same way. Every value is
 * copied or summed from the sample; one the sample lacks is NaN (absent), never 0. Immutable.
 *
 * @param hostCpu               host CPU busy fraction, 0–1 ({@link CpuReading#total()})
 * @param memoryUsedFraction    physical memory in use, 0–1
 * @param load1                 one-minute load average
 * @param diskBytesPerSecond    read + write bytes per second summed over all disks
 * @param networkBytesPerSecond received + transmitted bytes per second summed over all interfaces
 * @param processCpu            this service's CPU use as a fraction of the host, 0–1
 * @param processRssBytes       this service's resident set size
 */
public record Headline(double hostCpu, double memoryUsedFraction, double load1, double diskBytesPerSecond,
                       double networkBytesPerSecond, double processCpu, double processRssBytes) {

    /** Number of headline readings; the order is that of the record components. */
    static final int COUNT = 7;

    public static Headline of(Sample sample) {
        CpuReading cpu = sample.cpu();
        MemoryReading memory = sample.memory();
        LoadReading load = sample.load();
        ProcessReading process = sample.process();
        return new Headline(
                cpu == null ? Reading.ABSENT : cpu.total(),
                memory == null ? Reading.ABSENT : memory.usedFraction(),
                load == null ? Reading.ABSENT : load.load1(),
                diskThroughput(sample.disks()),
                networkThroughput(sample.networks()),
                process == null ? Reading.ABSENT : process.cpuFraction(),
                process == null ? Reading.ABSENT : process.rssBytes());
    }

    /** The value at {@code index} in component order (0 = hostCpu … 6 = processRssBytes). */
    double value(int index) {
        return switch (index) {
            case 0 -> hostCpu;
            case 1 -> memoryUsedFraction;
            case 2 -> load1;
            case 3 -> diskBytesPerSecond;
            case 4 -> networkBytesPerSecond;
            case 5 -> processCpu;
            case 6 -> processRssBytes;
            default -> throw new IndexOutOfBoundsException(index);
        };
    }

    /*
     * Sums skip absent rates (a device on its first poll has none yet) and are absent only when no
     * device contributed a value, so an empty device list or a missing part reads as absent, not 0.
     */
    static double diskThroughput(DiskIoReadings disks) {
        if (disks == null) {
            return Reading.ABSENT;
        }
        Sum sum = new Sum();
        for (DiskIoReadings.Device d : disks.devices()) {
            sum.add(d.readBytesPerSecond());
            sum.add(d.writeBytesPerSecond());
        }
        return sum.value();
    }

    static double networkThroughput(NetworkReadings networks) {
        if (networks == null) {
            return Reading.ABSENT;
        }
        Sum sum = new Sum();
        for (NetworkReadings.Interface i : networks.interfaces()) {
            sum.add(i.rxBytesPerSecond());
            sum.add(i.txBytesPerSecond());
        }
        return sum.value();
    }

    private static final class Sum {
        private double total;
        private boolean any;

        void add(double v) {
            if (Reading.present(v)) {
                total += v;
                any = true;
            }
        }

        double value() {
            return any ? total : Reading.ABSENT;
        }
    }
}
