package io.brainstem.emit;

import io.brainstem.sample.FileSystemReadings;
import io.brainstem.sample.HostReading;
import io.brainstem.sample.Sample;
import io.brainstem.sample.SampleFields;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link Sample} as a SENSOR_POLL document for the {@code metrics-brainstem.sensor_poll-<namespace>} data
 * stream: ECS JSON with Metricbeat's system-module names from {@link SampleFields}, so Kibana's
 * Infrastructure views and anyone who knows Metricbeat data read it as they would Metricbeat's.
 *
 * <p>Shape (every field is listed in {@code docs/schema.md} and mapped in
 * {@code config/elasticsearch/index-template-sensor_poll.json}):
 * <ul>
 *   <li>the ECS header: {@code @timestamp} (the poll's start), {@code host.*}, {@code agent.*},
 *       {@code service.name}, {@code event.*} ({@code kind} metric, {@code module} brainstem, {@code dataset}
 *       brainstem.sensor_poll, {@code action} SENSOR_POLL, {@code duration} the poll's nanoseconds),
 *       {@code metricset.name/period} and {@code data_stream.*};</li>
 *   <li>every host-wide reading of the catalog under its own name ({@code system.cpu.total.norm.pct},
 *       {@code system.memory.actual.used.pct}, {@code system.load.1}, the {@code system.fsstat.*} and
 *       {@code system.diskio.total} sums, {@code host.network.ingress/egress.bytes_per_sec} ...);</li>
 *   <li>per-subject readings as arrays of objects, one object per subject with its key:
 *       {@code system.diskio.devices[{name, read.bytes_per_sec, ...}]},
 *       {@code system.filesystem.mounts[{mount_point, device_name, type, total, used.pct, ...}]},
 *       {@code system.network.interfaces[{name, in.bytes_per_sec, ...}]},
 *       {@code system.core.cores[{id, norm.pct}]}, {@code system.thermal.fans[{id, rpm}]};</li>
 *   <li>what Kibana's Infrastructure / Hosts view reads (ADR 0006): {@code host.network.ingress.bytes} and
 *       {@code egress.bytes} (bytes in one period: the per-second rate × {@code metricset.period}),
 *       {@code system.load.cores}, and {@code system.filesystem.used.pct}, the fullest mount's.</li>
 * </ul>
 * A reading the sample lacks (NaN) is left out, as is a subject with no reading at all; byte counts,
 * counts and seconds are written as whole numbers.
 *
 * <p>The id is deterministic ({@link #id(Sample)}), so re-sending a document is refused with 409 under
 * {@code op_type=create}. Thread-safe; it remembers only which top-process list it wrote last, so that each is written once.
 */
public final class SensorPollDocument {

    public static final String ACTION = "SENSOR_POLL";
    /** {@code metricset.name} */
    public static final String METRICSET = "sensor_poll";

    /** Units whose values are whole numbers and mapped as {@code long}. */
    static final Set<String> WHOLE_UNITS = Set.of("bytes", "count", "seconds");

    /**
     * How per-subject fields become arrays of objects: the catalog name's prefix, the array's path and
     * the key naming the subject inside each object. A field is the prefix + the key within the object.
     */
    record Group(String subject, String prefix, String arrayPath, String keyField) {
    }

    static final List<Group> GROUPS = List.of(
            new Group("core", "system.core.", "system.core.cores", "id"),
            new Group("device", "system.diskio.", "system.diskio.devices", "name"),
            new Group("mount", "system.filesystem.", "system.filesystem.mounts", "mount_point"),
            new Group("interface", "system.network.", "system.network.interfaces", "name"),
            new Group("fan", "system.thermal.fan.", "system.thermal.fans", "id"));

    static {
        for (SampleFields.Field f : SampleFields.all()) {
            if (f instanceof SampleFields.PerSubject p) {
                Group g = group(p);
                if (!p.name().startsWith(g.prefix())) {
                    throw new IllegalStateException(p.name() + " does not start with its group's prefix " + g.prefix());
                }
            }
        }
    }

    private static final SampleFields.Scalar INGRESS = scalar("host.network.ingress.bytes_per_sec");
    private static final SampleFields.Scalar EGRESS = scalar("host.network.egress.bytes_per_sec");

    private final Origin origin;
    private final Duration period;

    /**
     * @param origin who sends the documents
     * @param period the poll interval ({@code metricset.period}; also turns per-second network rates into
     *               the per-period byte counts Kibana's host views sum)
     */
    public SensorPollDocument(Origin origin, Duration period) {
        this.origin = Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, got " + period);
        }
        this.period = period;
    }

    /** {@code metrics-brainstem.sensor_poll-<namespace>} */
    public String dataStream() {
        return DataStreams.sensorPoll(origin.namespace());
    }

    /**
     * The document id: a hash of the instance id and the sample's sequence number, which identify a poll
     * uniquely (two polls in one millisecond or a clock stepping back still differ).
     */
    public String id(Sample sample) {
        return DocumentIds.of(origin.instanceId(), ACTION, Long.toString(sample.sequence()));
    }

    /** The document, UTF-8 JSON. */
    public byte[] toJson(Sample sample) {
        return tree(sample).toJson();
    }

    JsonTree tree(Sample sample) {
        JsonTree doc = Ecs.header(sample.timestamp(), origin, "metrics", DataStreams.SENSOR_POLL, "metric",
                "brainstem", ACTION);
        if (sample.pollNanos() > 0) {
            doc.put("event.duration", sample.pollNanos());
        }
        doc.put("metricset.name", METRICSET)
                .put("metricset.period", period.toMillis())
                .put("brainstem.sequence", sample.sequence());
        host(doc, sample.host());

        Map<Group, Map<String, JsonTree>> subjects = new LinkedHashMap<>();
        for (SampleFields.Field field : SampleFields.all()) {
            switch (field) {
                case SampleFields.Scalar s -> {
                    double v = s.valueIn(sample);
                    if (WHOLE_UNITS.contains(s.unit())) {
                        doc.putLong(s.name(), v);
                    } else {
                        doc.put(s.name(), v);
                    }
                }
                case SampleFields.PerSubject p -> {
                    Group g = group(p);
                    String leaf = p.name().substring(g.prefix().length());
                    Map<String, JsonTree> bySubject = subjects.computeIfAbsent(g, k -> new LinkedHashMap<>());
                    for (Map.Entry<String, Double> e : p.valuesIn(sample).entrySet()) {
                        double v = e.getValue() == null ? Double.NaN : e.getValue();
                        if (!Double.isFinite(v)) {
                            continue;
                        }
                        JsonTree subject = bySubject.computeIfAbsent(e.getKey(),
                                k -> new JsonTree().put(g.keyField(), k));
                        if (WHOLE_UNITS.contains(p.unit())) {
                            subject.putLong(leaf, v);
                        } else {
                            subject.put(leaf, v);
                        }
                    }
                }
            }
        }
        mountDetails(subjects, sample.filesystems());
        for (Map.Entry<Group, Map<String, JsonTree>> e : subjects.entrySet()) {
            doc.put(e.getKey().arrayPath(), new ArrayList<>(e.getValue().values()));
        }

        // what Kibana's host views derive from Metricbeat's counters
        double seconds = period.toNanos() / 1e9;
        doc.putLong("host.network.ingress.bytes", INGRESS.valueIn(sample) * seconds);
        doc.putLong("host.network.egress.bytes", EGRESS.valueIn(sample) * seconds);
        if (sample.cpu() != null && sample.cpu().logicalCores() > 0) {
            doc.put("system.load.cores", (long) sample.cpu().logicalCores());
        }
        doc.put("system.filesystem.used.pct", fullest(sample.filesystems()));

        topProcesses(doc, sample.topProcesses());

        doc.put("brainstem.poll.failed_sensor_names", sample.failedSensors());
        if (sample.filesystems() != null) {
            doc.put("brainstem.poll.unresponsive_mounts", sample.filesystems().unresponsive());
        }
        return doc;
    }

    /** When the top-process list last written was taken: each enumeration is written once, not every poll. */
    private volatile java.time.Instant lastTopTakenAt;

    /**
     * The heaviest processes of an enumeration (it runs on its own, slower cadence), in the first document
     * after it: repeating the same list in every poll's document would triple the document's size.
     */
    private void topProcesses(JsonTree doc, io.brainstem.sample.TopProcessesReading top) {
        if (top == null || top.takenAt() == null || top.takenAt().equals(lastTopTakenAt)) {
            return;
        }
        lastTopTakenAt = top.takenAt();
        doc.put("system.process.top.taken_at", top.takenAt().toString())
                .put("system.process.top.complete", top.complete())
                .put("system.process.top.by_cpu", processes(top.byCpu()))
                .put("system.process.top.by_rss", processes(top.byRss()));
    }

    private static List<JsonTree> processes(List<io.brainstem.sample.TopProcessesReading.Proc> procs) {
        List<JsonTree> out = new ArrayList<>(procs.size());
        for (io.brainstem.sample.TopProcessesReading.Proc p : procs) {
            JsonTree t = new JsonTree().put("pid", p.pid()).put("name", p.name())
                    .put("command_line", p.commandLine()).put("user.name", p.user())
                    .put("cpu.cores", p.cpuCores()).put("cpu.pct", p.cpuFraction());
            t.putLong("memory.rss.bytes", p.rssBytes());
            out.add(t);
        }
        return out;
    }

    private void host(JsonTree doc, HostReading host) {
        if (host == null) {
            return;
        }
        doc.put("host.hostname", host.hostname())
                .put("host.architecture", host.arch())
                .put("host.os.family", host.osFamily())
                .put("host.os.name", host.osName())
                .put("host.os.version", host.osVersion())
                .put("host.os.kernel", host.kernel());
        if (host.osFamily() != null) {
            String type = host.osFamily().toLowerCase(Locale.ROOT);
            if (Set.of("linux", "macos", "unix", "windows", "ios", "android").contains(type)) {
                doc.put("host.os.type", type);
            }
        }
    }

    /** The used fraction of the fullest mount, or NaN when no mount has one. */
    private static double fullest(FileSystemReadings filesystems) {
        double max = Double.NaN;
        if (filesystems != null) {
            for (FileSystemReadings.Mount m : filesystems.mounts()) {
                if (Double.isFinite(m.usedFraction()) && !(m.usedFraction() <= max)) {
                    max = m.usedFraction();
                }
            }
        }
        return max;
    }

    /** Adds each mount's device and filesystem type to the mount objects that have readings. */
    private static void mountDetails(Map<Group, Map<String, JsonTree>> subjects, FileSystemReadings filesystems) {
        if (filesystems == null) {
            return;
        }
        Map<String, JsonTree> mounts = subjects.get(group("mount"));
        if (mounts == null) {
            return;
        }
        for (FileSystemReadings.Mount m : filesystems.mounts()) {
            JsonTree mount = mounts.get(m.mountPoint());
            if (mount != null) {
                mount.put("device_name", m.device()).put("type", m.type());
            }
        }
    }

    private static SampleFields.Scalar scalar(String name) {
        return SampleFields.find(name).filter(SampleFields.Scalar.class::isInstance).map(SampleFields.Scalar.class::cast)
                .orElseThrow(() -> new IllegalStateException("SampleFields has no host-wide reading " + name));
    }

    static Group group(SampleFields.PerSubject field) {
        return group(field.subject());
    }

    static Group group(String subject) {
        for (Group g : GROUPS) {
            if (g.subject().equals(subject)) {
                return g;
            }
        }
        throw new IllegalStateException("no document group for subject '" + subject
                + "': add one to SensorPollDocument.GROUPS");
    }
}
