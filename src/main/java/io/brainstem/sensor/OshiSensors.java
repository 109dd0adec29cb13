package io.brainstem.sensor;

import io.brainstem.sample.CpuReading;
import io.brainstem.sample.DiskIoReadings;
import io.brainstem.sample.FileSystemReadings;
import io.brainstem.sample.HostReading;
import io.brainstem.sample.LoadReading;
import io.brainstem.sample.MemoryReading;
import io.brainstem.sample.NetworkReadings;
import io.brainstem.sample.ProcessReading;
import io.brainstem.sample.Reading;
import io.brainstem.sample.ThermalReading;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The same nine families through OSHI, for hosts without a {@code /proc} (macOS, Windows, the BSDs).
 * One {@link SystemInfo} is made for all of them and never again; device, interface and mount lists
 * are enumerated on the rediscovery schedule and only updated in between, and the rate arithmetic is
 * the one the {@code /proc} sensors use. OSHI caches CPU ticks for 300 ms, far below any sane poll
 * interval. Each sensor is not thread-safe: the daemon calls it one poll at a time.
 */
final class OshiSensors {

    private OshiSensors() {
    }

    static List<Sensor> create(SensorSettings settings) {
        SystemInfo si = new SystemInfo();
        HardwareAbstractionLayer hal = si.getHardware();
        OperatingSystem os = si.getOperatingSystem();
        return List.of(new Cpu(hal.getProcessor()), new Memory(hal.getMemory()), new Load(hal.getProcessor()),
                new DiskIo(hal, settings.rediscoverInterval()),
                new FileSystemSensor(() -> mounts(os), settings, Statfs.jdk()),
                new Network(hal, settings.rediscoverInterval()), new Thermal(hal),
                new Process(os, hal.getProcessor()), new Host(os));
    }

    /** OSHI's file stores (local and network), pseudo types left out, in OSHI's order. */
    static List<FileSystemSensor.MountEntry> mounts(OperatingSystem os) {
        List<FileSystemSensor.MountEntry> out = new ArrayList<>();
        for (OSFileStore fs : os.getFileSystem().getFileStores()) {
            String type = fs.getType().toLowerCase(Locale.ROOT);
            if (!FileSystemSensor.isPseudo(type, Set.of()) && !type.equals("devfs") && !type.equals("nullfs")) {
                out.add(new FileSystemSensor.MountEntry(fs.getVolume(), fs.getMount(), type));
            }
        }
        return out;
    }

    static final class Cpu implements Sensor {
        private final CentralProcessor cpu;
        private final int physical;
        private CpuSensor.Stat previous;

        Cpu(CentralProcessor cpu) {
            this.cpu = cpu;
            this.physical = cpu.getPhysicalProcessorCount();
        }

        @Override
        public String name() {
            return "cpu";
        }

        @Override
        public CpuReading read(Instant now) {
            Map<Integer, CpuSensor.Ticks> cores = new LinkedHashMap<>();
            long[][] perCore = cpu.getProcessorCpuLoadTicks();
            for (int i = 0; i < perCore.length; i++) {
                cores.put(i, ticks(perCore[i]));
            }
            CpuSensor.Stat current = new CpuSensor.Stat(ticks(cpu.getSystemCpuLoadTicks()), cores);
            CpuReading r = CpuSensor.reading(previous, current, physical);
            previous = current;
            return r;
        }

        private static CpuSensor.Ticks ticks(long[] t) {
            return new CpuSensor.Ticks(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]); // OSHI's TickType order
        }
    }

    static final class Memory implements Sensor {
        private final GlobalMemory memory;

        Memory(GlobalMemory memory) {
            this.memory = memory;
        }

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public MemoryReading read(Instant now) {
            double total = memory.getTotal();
            double available = memory.getAvailable();
            double used = total - available;
            return new MemoryReading(total, available, used, Rates.fraction(used, total),
                    memory.getVirtualMemory().getSwapTotal(), memory.getVirtualMemory().getSwapUsed());
        }
    }

    static final class Load implements Sensor {
        private final CentralProcessor cpu;

        Load(CentralProcessor cpu) {
            this.cpu = cpu;
        }

        @Override
        public String name() {
            return "load";
        }

        @Override
        public LoadReading read(Instant now) {
            double[] l = cpu.getSystemLoadAverage(3); // negative where the platform has none (Windows)
            double cores = cpu.getLogicalProcessorCount();
            double l1 = l[0] < 0 ? Reading.ABSENT : l[0];
            double l5 = l[1] < 0 ? Reading.ABSENT : l[1];
            double l15 = l[2] < 0 ? Reading.ABSENT : l[2];
            return new LoadReading(l1, l5, l15, l1 / cores, l5 / cores, l15 / cores);
        }
    }

    static final class DiskIo implements Sensor {
        private final HardwareAbstractionLayer hal;
        private final Duration rediscoverInterval;
        private List<HWDiskStore> disks = List.of();
        private Instant discoveredAt;
        private Map<String, DiskIoSensor.Counters> previous = Map.of();
        private Instant previousAt;

        DiskIo(HardwareAbstractionLayer hal, Duration rediscoverInterval) {
            this.hal = hal;
            this.rediscoverInterval = rediscoverInterval;
        }

        @Override
        public String name() {
            return "diskio";
        }

        @Override
        public DiskIoReadings read(Instant now) {
            if (Rates.due(discoveredAt, now, rediscoverInterval)) {
                disks = hal.getDiskStores(); // fresh counters come with the enumeration
                discoveredAt = now;
            } else {
                disks.forEach(HWDiskStore::updateAttributes);
            }
            Map<String, DiskIoSensor.Counters> current = new LinkedHashMap<>();
            for (HWDiskStore d : disks) {
                current.put(d.getName(), new DiskIoSensor.Counters(d.getReads(), d.getReadBytes(), d.getWrites(),
                        d.getWriteBytes(), d.getTransferTime()));
            }
            DiskIoReadings r = DiskIoSensor.rates(previous, current, Rates.seconds(previousAt, now));
            previous = current;
            previousAt = now;
            return r;
        }
    }

    static final class Network implements Sensor {
        private final HardwareAbstractionLayer hal;
        private final Duration rediscoverInterval;
        private List<NetworkIF> interfaces = List.of();
        private Instant discoveredAt;
        private Map<String, NetworkSensor.Counters> previous = Map.of();
        private Instant previousAt;

        Network(HardwareAbstractionLayer hal, Duration rediscoverInterval) {
            this.hal = hal;
            this.rediscoverInterval = rediscoverInterval;
        }

        @Override
        public String name() {
            return "network";
        }

        @Override
        public NetworkReadings read(Instant now) {
            if (Rates.due(discoveredAt, now, rediscoverInterval)) {
                interfaces = hal.getNetworkIFs(true);
                discoveredAt = now;
            } else {
                interfaces.forEach(NetworkIF::updateAttributes);
            }
            Map<String, NetworkSensor.Counters> current = new LinkedHashMap<>();
            for (NetworkIF n : interfaces) {
                current.put(n.getName(), new NetworkSensor.Counters(n.getBytesRecv(), n.getPacketsRecv(),
                        n.getInErrors(), n.getInDrops(), n.getBytesSent(), n.getPacketsSent(), n.getOutErrors(),
                        -1)); // OSHI has no outgoing drops
            }
            NetworkReadings r = NetworkSensor.rates(previous, current, Rates.seconds(previousAt, now));
            previous = current;
            previousAt = now;
            return r;
        }
    }

    static final class Thermal implements Sensor {
        private final HardwareAbstractionLayer hal;

        Thermal(HardwareAbstractionLayer hal) {
            this.hal = hal;
        }

        @Override
        public String name() {
            return "thermal";
        }

        @Override
        public ThermalReading read(Instant now) {
            oshi.hardware.Sensors s = hal.getSensors();
            double c = s.getCpuTemperature(); // 0 or NaN when the platform cannot tell
            List<Double> fans = new ArrayList<>();
            for (int rpm : s.getFanSpeeds()) {
                if (rpm > 0) {
                    fans.add((double) rpm);
                }
            }
            double v = s.getCpuVoltage();
            return new ThermalReading(c > 0 && c <= 150 ? c : Reading.ABSENT, fans, v > 0 ? v : Reading.ABSENT);
        }
    }

    static final class Process implements Sensor {
        private final OSProcess self;
        private final int logicalCores;
        private final LongSupplier cpuNanos = ProcessSensor.processCpuNanos();
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        private long previousCpuNanos = -1;
        private Instant previousAt;

        Process(OperatingSystem os, CentralProcessor cpu) {
            this.self = os.getCurrentProcess();
            this.logicalCores = cpu.getLogicalProcessorCount();
        }

        @Override
        public String name() {
            return "process";
        }

        @Override
        public ProcessReading read(Instant now) {
            long cpu = cpuNanos.getAsLong();
            double fraction = ProcessSensor.cpuFraction(previousCpuNanos, cpu, Rates.seconds(previousAt, now),
                    logicalCores);
            previousCpuNanos = cpu;
            previousAt = now;
            self.updateAttributes();
            double fds = Reading.ABSENT;
            double maxFds = Reading.ABSENT;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
                fds = u.getOpenFileDescriptorCount();
                maxFds = u.getMaxFileDescriptorCount();
            }
            ProcessSensor.Jvm jvm = ProcessSensor.Jvm.now(memory, collectors);
            return new ProcessReading(ProcessHandle.current().pid(), fraction,
                    self.getResidentMemory() > 0 ? self.getResidentMemory() : Reading.ABSENT,
                    self.getThreadCount() > 0 ? self.getThreadCount() : Reading.ABSENT, fds, maxFds,
                    jvm.heapUsed(), jvm.heapCommitted(), jvm.heapMax(), jvm.gcCount(), jvm.gcMillis());
        }
    }

    static final class Host implements Sensor {
        private final OperatingSystem os;
        private final String hostname;
        private final String osName;
        private final String osVersion;
        private final String kernel;

        Host(OperatingSystem os) {
            this.os = os;
            this.hostname = os.getNetworkParams().getHostName();
            this.osName = os.getFamily();
            OperatingSystem.OSVersionInfo v = os.getVersionInfo();
            this.osVersion = v.getCodeName() == null || v.getCodeName().isEmpty()
                    ? v.getVersion() : v.getVersion() + " (" + v.getCodeName() + ")";
            this.kernel = v.getBuildNumber();
        }

        @Override
        public String name() {
            return "host";
        }

        @Override
        public HostReading read(Instant now) {
            long boot = os.getSystemBootTime();
            return new HostReading(hostname, System.getProperty("os.name").toLowerCase(Locale.ROOT), osName,
                    osVersion, kernel, System.getProperty("os.arch"), boot > 0 ? Instant.ofEpochSecond(boot) : null,
                    os.getSystemUptime());
        }
    }
}
