package io.brainstem.sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The documented names of a sample's numeric readings: one catalog shared by the Elasticsearch documents,
 * alert rules, the API's summaries and the Prometheus gauges, so that "system.cpu.total.norm.pct" means
 * the same number everywhere.
 *
 * <p>Names follow Metricbeat's system module (and ECS for the process) wherever one exists, so people who
 * know Metricbeat data read the same numbers. Rates that Metricbeat ships as counters are shipped here as
 * per-second rates and carry a {@code _per_sec} suffix.
 *
 * <p>A field is either host-wide ({@link Scalar}: one value per sample) or per subject ({@link PerSubject}:
 * one value per disk device, mount point, network interface or fan). A value the sample lacks — its
 * sensor failed, or the host does not have the reading — is {@link Reading#ABSENT} (NaN), never 0.
 */
public final class SampleFields {

    /** One documented reading. */
    public sealed interface Field permits Scalar, PerSubject {
        String name();

        String unit();

        String description();
    }

    /** A host-wide reading: one value per sample. */
    public record Scalar(String name, String unit, String description, ToDoubleFunction<Sample> extractor)
            implements Field {
        /** The value in this sample, or NaN when the sample lacks it. */
        public double valueIn(Sample sample) {
            return extractor.applyAsDouble(sample);
        }
    }

    /**
     * A reading per subject. {@code subject} names what the subjects are ({@code device}, {@code mount},
     * {@code interface}, {@code fan}); the map is keyed by the subject's name (device name, mount point,
     * interface name, fan index) in the order the sensor reported them.
     */
    public record PerSubject(String name, String unit, String description, String subject,
                             Function<Sample, Map<String, Double>> extractor) implements Field {
        /** Values by subject in this sample; empty when the sample lacks the reading. Absent values are NaN. */
        public Map<String, Double> valuesIn(Sample sample) {
            return extractor.apply(sample);
        }
    }

    private static final Map<String, Field> FIELDS;

    static {
        List<Field> all = new ArrayList<>();
        // cpu: fractions of the whole host (0-1); total.pct is Metricbeat's 0..cores scale
        all.add(scalar("system.cpu.total.norm.pct", "fraction", "CPU busy, all cores, 0-1",
                s -> s.cpu() == null ? Reading.ABSENT : s.cpu().total()));
        all.add(scalar("system.cpu.user.norm.pct", "fraction", "CPU in user mode, 0-1",
                s -> s.cpu() == null ? Reading.ABSENT : s.cpu().user()));
        all.add(scalar("system.cpu.system.norm.pct", "fraction", "CPU in kernel mode, 0-1",
                s -> s.cpu() == null ? Reading.ABSENT : s.cpu().system()));
        all.add(scalar("system.cpu.iowait.norm.pct", "fraction", "CPU idle waiting for I/O, 0-1",
                s -> s.cpu() == null ? Reading.ABSENT : s.cpu().iowait()));
        all.add(scalar("system.cpu.steal.norm.pct", "fraction", "CPU taken by the hypervisor, 0-1",
                s -> s.cpu() == null ? Reading.ABSENT : s.cpu().steal()));
        all.add(scalar("system.cpu.total.pct", "fraction", "CPU busy on the 0..cores scale (2.0 = two cores busy)",
                s -> s.cpu() == null || s.cpu().logicalCores() <= 0
                        ? Reading.ABSENT : s.cpu().total() * s.cpu().logicalCores()));
        for (String part : new String[] {"user", "system", "iowait", "steal"}) {
            java.util.function.ToDoubleFunction<CpuReading> f = switch (part) {
                case "user" -> CpuReading::user;
                case "system" -> CpuReading::system;
                case "iowait" -> CpuReading::iowait;
                default -> CpuReading::steal;
            };
            all.add(scalar("system.cpu." + part + ".pct", "fraction",
                    "CPU time in " + part + " on the 0..cores scale, as Metricbeat's (norm.pct x cores)",
                    s -> s.cpu() == null || s.cpu().logicalCores() <= 0
                            ? Reading.ABSENT : f.applyAsDouble(s.cpu()) * s.cpu().logicalCores()));
        }
        all.add(scalar("system.cpu.cores", "count", "logical cores",
                s -> s.cpu() == null || s.cpu().logicalCores() <= 0 ? Reading.ABSENT : s.cpu().logicalCores()));
        all.add(perSubject("system.core.norm.pct", "fraction", "CPU busy per logical core, 0-1", "core",
                s -> s.cpu() == null ? Map.of() : indexed(s.cpu().perCore())));
        // memory
        all.add(scalar("system.memory.total", "bytes", "physical memory",
                s -> s.memory() == null ? Reading.ABSENT : s.memory().totalBytes()));
        all.add(scalar("system.memory.actual.free", "bytes", "memory available to new work without swapping",
                s -> s.memory() == null ? Reading.ABSENT : s.memory().availableBytes()));
        all.add(scalar("system.memory.actual.used.bytes", "bytes", "memory in use (total minus available)",
                s -> s.memory() == null ? Reading.ABSENT : s.memory().usedBytes()));
        all.add(scalar("system.memory.actual.used.pct", "fraction", "memory in use, 0-1",
                s -> s.memory() == null ? Reading.ABSENT : s.memory().usedFraction()));
        all.add(scalar("system.memory.swap.total", "bytes", "swap space",
                s -> s.memory() == null ? Reading.ABSENT : s.memory().swapTotalBytes()));
        all.add(scalar("system.memory.swap.used.bytes", "bytes", "swap in use",
                s -> s.memory() == null ? Reading.ABSENT : s.memory().swapUsedBytes()));
        // load
        all.add(scalar("system.load.1", "load", "1-minute load average",
                s -> s.load() == null ? Reading.ABSENT : s.load().load1()));
        all.add(scalar("system.load.5", "load", "5-minute load average",
                s -> s.load() == null ? Reading.ABSENT : s.load().load5()));
        all.add(scalar("system.load.15", "load", "15-minute load average",
                s -> s.load() == null ? Reading.ABSENT : s.load().load15()));
        all.add(scalar("system.load.norm.1", "load", "1-minute load average per logical core",
                s -> s.load() == null ? Reading.ABSENT : s.load().norm1()));
        all.add(scalar("system.load.norm.5", "load", "5-minute load average per logical core",
                s -> s.load() == null ? Reading.ABSENT : s.load().norm5()));
        all.add(scalar("system.load.norm.15", "load", "15-minute load average per logical core",
                s -> s.load() == null ? Reading.ABSENT : s.load().norm15()));
        // disk I/O per device, and summed
        all.add(perSubject("system.diskio.read.bytes_per_sec", "bytes/s", "bytes read per second", "device",
                s -> devices(s, DiskIoReadings.Device::readBytesPerSecond)));
        all.add(perSubject("system.diskio.write.bytes_per_sec", "bytes/s", "bytes written per second", "device",
                s -> devices(s, DiskIoReadings.Device::writeBytesPerSecond)));
        all.add(perSubject("system.diskio.read.count_per_sec", "ops/s", "reads completed per second", "device",
                s -> devices(s, DiskIoReadings.Device::readsPerSecond)));
        all.add(perSubject("system.diskio.write.count_per_sec", "ops/s", "writes completed per second", "device",
                s -> devices(s, DiskIoReadings.Device::writesPerSecond)));
        all.add(perSubject("system.diskio.busy.pct", "fraction", "time the device was busy, 0-1", "device",
                s -> devices(s, DiskIoReadings.Device::busyFraction)));
        all.add(scalar("system.diskio.total.bytes_per_sec", "bytes/s", "bytes read and written per second, all devices",
                SampleFields::diskThroughput));
        // filesystems per mount point
        all.add(perSubject("system.filesystem.total", "bytes", "filesystem size", "mount",
                s -> mounts(s, FileSystemReadings.Mount::totalBytes)));
        all.add(perSubject("system.filesystem.used.bytes", "bytes", "bytes in use", "mount",
                s -> mounts(s, FileSystemReadings.Mount::usedBytes)));
        all.add(perSubject("system.filesystem.free", "bytes", "bytes free", "mount",
                s -> mounts(s, FileSystemReadings.Mount::freeBytes)));
        all.add(perSubject("system.filesystem.used.pct", "fraction", "space in use, 0-1", "mount",
                s -> mounts(s, FileSystemReadings.Mount::usedFraction)));
        // filesystems summed over the real mounts (Metricbeat's fsstat), for per-host charts
        all.add(scalar("system.fsstat.count", "count", "real filesystems mounted",
                s -> s.filesystems() == null ? Reading.ABSENT : s.filesystems().mounts().size()));
        all.add(scalar("system.fsstat.total_size.total", "bytes", "size of all real filesystems",
                s -> mountSum(s, FileSystemReadings.Mount::totalBytes)));
        all.add(scalar("system.fsstat.total_size.used", "bytes", "bytes in use on all real filesystems",
                s -> mountSum(s, FileSystemReadings.Mount::usedBytes)));
        all.add(scalar("system.fsstat.total_size.free", "bytes", "bytes free on all real filesystems",
                s -> mountSum(s, FileSystemReadings.Mount::freeBytes)));
        // network per interface, and summed
        all.add(perSubject("system.network.in.bytes_per_sec", "bytes/s", "bytes received per second", "interface",
                s -> interfaces(s, NetworkReadings.Interface::rxBytesPerSecond)));
        all.add(perSubject("system.network.out.bytes_per_sec", "bytes/s", "bytes sent per second", "interface",
                s -> interfaces(s, NetworkReadings.Interface::txBytesPerSecond)));
        all.add(perSubject("system.network.in.packets_per_sec", "packets/s", "packets received per second",
                "interface", s -> interfaces(s, NetworkReadings.Interface::rxPacketsPerSecond)));
        all.add(perSubject("system.network.out.packets_per_sec", "packets/s", "packets sent per second",
                "interface", s -> interfaces(s, NetworkReadings.Interface::txPacketsPerSecond)));
        all.add(perSubject("system.network.in.errors_per_sec", "errors/s", "receive errors per second",
                "interface", s -> interfaces(s, NetworkReadings.Interface::rxErrorsPerSecond)));
        all.add(perSubject("system.network.out.errors_per_sec", "errors/s", "send errors per second",
                "interface", s -> interfaces(s, NetworkReadings.Interface::txErrorsPerSecond)));
        all.add(perSubject("system.network.in.dropped_per_sec", "packets/s", "received packets dropped per second",
                "interface", s -> interfaces(s, NetworkReadings.Interface::rxDropsPerSecond)));
        all.add(perSubject("system.network.out.dropped_per_sec", "packets/s", "outgoing packets dropped per second",
                "interface", s -> interfaces(s, NetworkReadings.Interface::txDropsPerSecond)));
        all.add(scalar("host.network.ingress.bytes_per_sec", "bytes/s", "bytes received per second, all interfaces",
                s -> networkSum(s, NetworkReadings.Interface::rxBytesPerSecond)));
        all.add(scalar("host.network.egress.bytes_per_sec", "bytes/s", "bytes sent per second, all interfaces",
                s -> networkSum(s, NetworkReadings.Interface::txBytesPerSecond)));
        // thermal: absent on hosts that do not expose it (every VM)
        all.add(scalar("system.thermal.cpu.celsius", "celsius", "CPU temperature",
                s -> s.thermal() == null ? Reading.ABSENT : s.thermal().cpuTemperatureCelsius()));
        all.add(scalar("system.thermal.cpu.volts", "volts", "CPU voltage",
                s -> s.thermal() == null ? Reading.ABSENT : s.thermal().cpuVoltage()));
        all.add(perSubject("system.thermal.fan.rpm", "rpm", "fan speed", "fan",
                s -> s.thermal() == null ? Map.of() : indexed(s.thermal().fanRpm())));
        // host
        all.add(scalar("host.uptime", "seconds", "seconds since the host booted",
                s -> s.host() == null ? Reading.ABSENT : s.host().uptimeSeconds()));
        // this service's process (ECS / Metricbeat process names)
        all.add(scalar("process.cpu.pct", "fraction", "this service's CPU as a fraction of the whole host, 0-1",
                s -> s.process() == null ? Reading.ABSENT : s.process().cpuFraction()));
        all.add(scalar("process.memory.rss.bytes", "bytes", "this service's resident memory",
                s -> s.process() == null ? Reading.ABSENT : s.process().rssBytes()));
        all.add(scalar("process.num_threads", "count", "this service's threads",
                s -> s.process() == null ? Reading.ABSENT : s.process().threads()));
        all.add(scalar("process.fd.open", "count", "this service's open file descriptors",
                s -> s.process() == null ? Reading.ABSENT : s.process().openFileDescriptors()));
        all.add(scalar("process.fd.limit", "count", "this service's file descriptor limit",
                s -> s.process() == null ? Reading.ABSENT : s.process().maxFileDescriptors()));
        all.add(scalar("jvm.memory.heap.used", "bytes", "JVM heap in use",
                s -> s.process() == null ? Reading.ABSENT : s.process().heapUsedBytes()));
        all.add(scalar("jvm.memory.heap.committed", "bytes", "JVM heap committed",
                s -> s.process() == null ? Reading.ABSENT : s.process().heapCommittedBytes()));
        all.add(scalar("jvm.memory.heap.max", "bytes", "JVM heap limit",
                s -> s.process() == null ? Reading.ABSENT : s.process().heapMaxBytes()));
        all.add(scalar("jvm.gc.count", "count", "garbage collections since the JVM started",
                s -> s.process() == null ? Reading.ABSENT : s.process().gcCount()));
        all.add(scalar("jvm.gc.time.ms", "ms", "time spent in garbage collection since the JVM started",
                s -> s.process() == null ? Reading.ABSENT : s.process().gcTimeMillis()));
        // this service's cgroup (container): absent without a limit, see ContainerReading
        all.add(scalar("container.cpu.limit.cores", "cores", "CPU quota of this service's cgroup in cores",
                s -> container(s, ContainerReading::cpuLimitCores)));
        all.add(scalar("container.cpu.usage.cores", "cores", "CPU used by this service's cgroup, in cores",
                s -> container(s, ContainerReading::cpuUsageCores)));
        all.add(scalar("container.cpu.usage.pct", "fraction", "CPU used by the cgroup as a fraction of its quota, 0-1",
                s -> container(s, ContainerReading::cpuUsageFraction)));
        all.add(scalar("container.cpu.throttled.periods_per_sec", "periods/s",
                "CFS enforcement periods in which the cgroup was throttled, per second",
                s -> container(s, ContainerReading::throttledPeriodsPerSecond)));
        all.add(scalar("container.cpu.throttled.pct", "fraction",
                "share of the elapsed CFS enforcement periods that were throttled, 0-1",
                s -> container(s, ContainerReading::throttledFraction)));
        all.add(scalar("container.cpu.throttled.time.ms_per_sec", "ms/s",
                "milliseconds the cgroup spent throttled per second (v1 sums over CPUs)",
                s -> container(s, ContainerReading::throttledMillisPerSecond)));
        all.add(scalar("container.memory.limit.bytes", "bytes", "memory limit of this service's cgroup",
                s -> container(s, ContainerReading::memoryLimitBytes)));
        all.add(scalar("container.memory.usage.bytes", "bytes",
                "cgroup memory in use as the OOM killer counts it (usage minus inactive file cache)",
                s -> container(s, ContainerReading::memoryUsageBytes)));
        all.add(scalar("container.memory.usage.pct", "fraction", "cgroup memory in use as a fraction of its limit, 0-1",
                s -> container(s, ContainerReading::memoryUsageFraction)));
        all.add(scalar("container.memory.oom_kills", "count", "processes OOM-killed in the cgroup since it was created",
                s -> container(s, ContainerReading::oomKills)));
        all.add(scalar("container.memory.new_oom_kills", "count", "processes OOM-killed in the cgroup since the previous poll",
                s -> container(s, ContainerReading::oomKillsNew)));
        // pressure stall information, host-wide and for the cgroup: absent on kernels without PSI
        pressureFields(all, "system.pressure", "host", PressureReading::system);
        pressureFields(all, "container.pressure", "cgroup", PressureReading::cgroup);
        // top processes: the enumeration itself (the lists are in the sample and the API, not gauges)
        all.add(scalar("system.process.summary.total", "count", "processes on the host at the last enumeration",
                s -> s.topProcesses() == null ? Reading.ABSENT : s.topProcesses().processCount()));
        all.add(scalar("brainstem.top_processes.duration.ms", "ms", "what the last process enumeration cost",
                s -> s.topProcesses() == null ? Reading.ABSENT : s.topProcesses().enumerationMillis()));
        // the poll itself
        all.add(scalar("brainstem.poll.duration.ms", "ms", "how long the whole poll took",
                s -> s.pollNanos() <= 0 ? Reading.ABSENT : s.pollNanos() / 1e6));
        all.add(scalar("brainstem.poll.failed_sensors", "count", "sensors that contributed nothing this poll",
                s -> s.failedSensors().size()));

        Map<String, Field> byName = new LinkedHashMap<>();
        for (Field f : all) {
            if (byName.put(f.name(), f) != null) {
                throw new IllegalStateException("duplicate field " + f.name());
            }
        }
        FIELDS = Collections.unmodifiableMap(byName);
    }

    private SampleFields() {
    }

    /** Every field, in documentation order. */
    public static List<Field> all() {
        return List.copyOf(FIELDS.values());
    }

    public static Optional<Field> find(String name) {
        return Optional.ofNullable(FIELDS.get(name));
    }

    private static Scalar scalar(String name, String unit, String description, ToDoubleFunction<Sample> f) {
        return new Scalar(name, unit, description, f);
    }

    private static PerSubject perSubject(String name, String unit, String description, String subject,
                                         Function<Sample, Map<String, Double>> f) {
        return new PerSubject(name, unit, description, subject, f);
    }

    private static double container(Sample s, ToDoubleFunction<ContainerReading> f) {
        return s.container() == null ? Reading.ABSENT : f.applyAsDouble(s.container());
    }

    /**
     * {@code <prefix>.<cpu|memory|io>.<some|full>.<avg10|avg60|avg300|stall_time_per_sec>}. The kernel's
     * averages are percentages; here they are fractions 0-1.
     */
    private static void pressureFields(List<Field> all, String prefix, String scope,
                                       Function<PressureReading, PressureReading.Resources> part) {
        List<String> resources = List.of("cpu", "memory", "io");
        List<Function<PressureReading.Resources, PressureReading.Resource>> byResource = List.of(
                PressureReading.Resources::cpu, PressureReading.Resources::memory, PressureReading.Resources::io);
        for (int r = 0; r < resources.size(); r++) {
            Function<PressureReading.Resources, PressureReading.Resource> resource = byResource.get(r);
            for (String kind : List.of("some", "full")) {
                Function<PressureReading.Resource, PressureReading.Stall> line =
                        kind.equals("some") ? PressureReading.Resource::some : PressureReading.Resource::full;
                String who = kind.equals("some") ? "at least one task" : "all non-idle tasks at once";
                String base = prefix + "." + resources.get(r) + "." + kind;
                String what = scope + " " + resources.get(r) + " pressure (" + who + " stalled)";
                all.add(scalar(base + ".avg10", "fraction", what + ", share of the last 10 s, 0-1",
                        s -> stall(s, part, resource, line, PressureReading.Stall::avg10)));
                all.add(scalar(base + ".avg60", "fraction", what + ", share of the last 60 s, 0-1",
                        s -> stall(s, part, resource, line, PressureReading.Stall::avg60)));
                all.add(scalar(base + ".avg300", "fraction", what + ", share of the last 300 s, 0-1",
                        s -> stall(s, part, resource, line, PressureReading.Stall::avg300)));
                all.add(scalar(base + ".stall_time_per_sec", "s/s",
                        what + ", seconds stalled per second since the previous poll",
                        s -> stall(s, part, resource, line, PressureReading.Stall::stallSecondsPerSecond)));
            }
        }
    }

    private static double stall(Sample s, Function<PressureReading, PressureReading.Resources> part,
                                Function<PressureReading.Resources, PressureReading.Resource> resource,
                                Function<PressureReading.Resource, PressureReading.Stall> line,
                                ToDoubleFunction<PressureReading.Stall> value) {
        if (s.pressure() == null) {
            return Reading.ABSENT;
        }
        PressureReading.Resources scope = part.apply(s.pressure());
        PressureReading.Resource r = scope == null ? null : resource.apply(scope);
        PressureReading.Stall stall = r == null ? null : line.apply(r);
        return stall == null ? Reading.ABSENT : value.applyAsDouble(stall);
    }

    private static Map<String, Double> indexed(List<Double> values) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            out.put(Integer.toString(i), values.get(i));
        }
        return out;
    }

    private static Map<String, Double> devices(Sample s, ToDoubleFunction<DiskIoReadings.Device> f) {
        if (s.disks() == null) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (DiskIoReadings.Device d : s.disks().devices()) {
            out.put(d.name(), f.applyAsDouble(d));
        }
        return out;
    }

    private static Map<String, Double> mounts(Sample s, ToDoubleFunction<FileSystemReadings.Mount> f) {
        if (s.filesystems() == null) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (FileSystemReadings.Mount m : s.filesystems().mounts()) {
            out.put(m.mountPoint(), f.applyAsDouble(m));
        }
        return out;
    }

    private static Map<String, Double> interfaces(Sample s, ToDoubleFunction<NetworkReadings.Interface> f) {
        if (s.networks() == null) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (NetworkReadings.Interface i : s.networks().interfaces()) {
            out.put(i.name(), f.applyAsDouble(i));
        }
        return out;
    }

    /** Sum of read and write rates over all devices; absent unless at least one device has a rate. */
    private static double diskThroughput(Sample s) {
        if (s.disks() == null) {
            return Reading.ABSENT;
        }
        double sum = 0;
        boolean any = false;
        for (DiskIoReadings.Device d : s.disks().devices()) {
            for (double v : new double[] {d.readBytesPerSecond(), d.writeBytesPerSecond()}) {
                if (!Double.isNaN(v)) {
                    sum += v;
                    any = true;
                }
            }
        }
        return any ? sum : Reading.ABSENT;
    }

    private static double mountSum(Sample s, ToDoubleFunction<FileSystemReadings.Mount> f) {
        if (s.filesystems() == null || s.filesystems().mounts().isEmpty()) {
            return Reading.ABSENT;
        }
        double sum = 0;
        boolean any = false;
        for (FileSystemReadings.Mount m : s.filesystems().mounts()) {
            double v = f.applyAsDouble(m);
            if (!Double.isNaN(v)) {
                sum += v;
                any = true;
            }
        }
        return any ? sum : Reading.ABSENT;
    }

    private static double networkSum(Sample s, ToDoubleFunction<NetworkReadings.Interface> f) {
        if (s.networks() == null) {
            return Reading.ABSENT;
        }
        double sum = 0;
        boolean any = false;
        for (NetworkReadings.Interface i : s.networks().interfaces()) {
            double v = f.applyAsDouble(i);
            if (!Double.isNaN(v)) {
                sum += v;
                any = true;
            }
        }
        return any ? sum : Reading.ABSENT;
    }
}
