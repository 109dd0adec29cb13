package io.brainstem.sensor;

import io.brainstem.sample.PressureReading;
import io.brainstem.sample.PressureReading.Resource;
import io.brainstem.sample.PressureReading.Resources;
import io.brainstem.sample.PressureReading.Stall;
import io.brainstem.sample.Reading;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Linux pressure stall information: {@code <proc>/pressure/{cpu,memory,io}} host-wide and
 * {@code {cpu,memory,io}.pressure} in this service's cgroup v2 directory (present on hybrid hosts too).
 * The stall rate comes from the {@code total} counters of two polls. On a kernel without PSI (or with
 * {@code psi=0}, where the files exist but cannot be read) the parts are absent, not an error.
 *
 * <p>Not thread-safe: the daemon calls it one poll at a time.
 */
public final class PressureSensor implements KernelCounterSensor {

    static final List<String> RESOURCES = List.of("cpu", "memory", "io");

    private final ProcText polled = ProcText.keepingFilesOpen();
    private final Path procRoot;
    private final CgroupWatch cgroupWatch;

    private Snapshot previousSystem;
    private Snapshot previousCgroup;
    private Instant previousAt;

    public PressureSensor(Path procRoot, Path sysRoot) {
        this.procRoot = procRoot;
        this.cgroupWatch = new CgroupWatch(procRoot, sysRoot);
    }

    @Override
    public void close() {
        polled.close();
    }

    @Override
    public String name() {
        return "pressure";
    }

    @Override
    public PressureReading read(Instant now) {
        if (cgroupWatch.refresh(now) && cgroupWatch.changed()) {
            previousCgroup = null;
        }
        CgroupLayout layout = cgroupWatch.layout();
        Path pressureDir = procRoot.resolve("pressure");
        Snapshot system = snapshot(r -> pressureDir.resolve(r));
        Snapshot cgroup = layout.unified() == null ? null : snapshot(r -> layout.unified().resolve(r + ".pressure"));
        double seconds = Rates.seconds(previousAt, now);
        PressureReading reading = new PressureReading(
                resources(previousSystem, system, seconds, true),
                resources(previousCgroup, cgroup, seconds, false));
        previousSystem = system;
        previousCgroup = cgroup;
        previousAt = now;
        return reading;
    }

    /** The three files' lines, or {@code null} when none could be read. */
    private Snapshot snapshot(java.util.function.Function<String, Path> file) {
        Lines[] lines = new Lines[RESOURCES.size()];
        boolean any = false;
        for (int i = 0; i < lines.length; i++) {
            String content = polled.readIfPresent(file.apply(RESOURCES.get(i)));
            if (content != null) {
                lines[i] = parse(content);
                any |= lines[i] != null;
            }
        }
        return any ? new Snapshot(lines[0], lines[1], lines[2]) : null;
    }

    /** One PSI line as the kernel writes it: averages in percent, total in µs (-1 when missing). */
    record Line(double avg10, double avg60, double avg300, long totalMicros) {
    }

    /** A pressure file: its "some" and "full" lines, either {@code null} when missing. */
    record Lines(Line some, Line full) {
    }

    /** The three resources; a file that could not be read is {@code null}. */
    record Snapshot(Lines cpu, Lines memory, Lines io) {
    }

    /** Parses a pressure file; {@code null} when it has no PSI line at all. */
    static Lines parse(String text) {
        Line some = null;
        Line full = null;
        for (String line : ProcText.lines(text)) {
            List<String> f = ProcText.fields(line);
            if (f.isEmpty()) {
                continue;
            }
            Line parsed = parseLine(f);
            if (f.get(0).equals("some")) {
                some = parsed;
            } else if (f.get(0).equals("full")) {
                full = parsed;
            }
        }
        return some == null && full == null ? null : new Lines(some, full);
    }

    private static Line parseLine(List<String> f) {
        double avg10 = Reading.ABSENT;
        double avg60 = Reading.ABSENT;
        double avg300 = Reading.ABSENT;
        long total = -1;
        for (int i = 1; i < f.size(); i++) {
            String kv = f.get(i);
            int eq = kv.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = kv.substring(0, eq);
            String value = kv.substring(eq + 1);
            switch (key) {
                case "avg10" -> avg10 = percent(value);
                case "avg60" -> avg60 = percent(value);
                case "avg300" -> avg300 = percent(value);
                case "total" -> total = ProcText.counter(value);
                default -> { }
            }
        }
        return new Line(avg10, avg60, avg300, total);
    }

    private static double percent(String value) {
        try {
            // the kernel writes two decimals; whole hundredths of a percent keep 99.29 % as 0.9929, not 0.99290...01
            return Math.round(Double.parseDouble(value) * 100.0) / 10_000.0;
        } catch (NumberFormatException e) {
            return Reading.ABSENT;
        }
    }

    /**
     * The reading of one scope from two snapshots {@code seconds} apart (pure). {@code systemWide}
     * drops cpu "full", which the kernel documents as undefined at the system level.
     */
    static Resources resources(Snapshot previous, Snapshot current, double seconds, boolean systemWide) {
        if (current == null) {
            return null;
        }
        return new Resources(
                resource(previous == null ? null : previous.cpu(), current.cpu(), seconds, systemWide),
                resource(previous == null ? null : previous.memory(), current.memory(), seconds, false),
                resource(previous == null ? null : previous.io(), current.io(), seconds, false));
    }

    private static Resource resource(Lines previous, Lines current, double seconds, boolean dropFull) {
        if (current == null) {
            return null;
        }
        return new Resource(stall(previous == null ? null : previous.some(), current.some(), seconds),
                dropFull ? Stall.ABSENT : stall(previous == null ? null : previous.full(), current.full(), seconds));
    }

    private static Stall stall(Line previous, Line current, double seconds) {
        if (current == null) {
            return Stall.ABSENT;
        }
        double rate = previous == null ? Reading.ABSENT
                : Rates.perSecond(previous.totalMicros(), current.totalMicros(), seconds, 1e-6);
        return new Stall(current.avg10(), current.avg60(), current.avg300(), rate);
    }
}
