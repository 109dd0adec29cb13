package io.brainstem.sensor;

import io.brainstem.sample.HostReading;
import io.brainstem.sample.Reading;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Host identity and uptime. Host name and kernel release come from {@code /proc/sys/kernel}, the boot
 * time from the {@code btime} line of {@code /proc/stat}, the distribution from {@code os-release}; all
 * of them on the rediscovery schedule (a host can be renamed). Uptime is read from
 * {@code /proc/uptime} every poll.
 *
 * <p>The distribution is read from the file rather than through OSHI: OSHI's first call loads JNA
 * natives (about 0.6 s on a cold JVM), which would fall inside a poll's budget for two strings.
 *
 * <p>Not thread-safe: the daemon calls it one poll at a time.
 */
public final class HostSensor implements KernelCounterSensor {

    /** The JVM's view of the OS, the same every poll: one String for every sample. */
    private static final String OS_FAMILY = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    private static final String OS_ARCH = System.getProperty("os.arch");

    private final ProcText text = new ProcText();
    private final ProcText polled = ProcText.keepingFilesOpen();
    private final Path procRoot;
    private final List<Path> osReleaseFiles;
    private final Duration rediscoverInterval;

    private Instant discoveredAt;
    private Identity identity;

    /**
     * @param osRelease the {@code os-release} file to read first ({@code /etc/os-release}); the
     *                  {@code usr/lib/os-release} beside its directory is the fallback
     */
    public HostSensor(SensorSettings settings, Path osRelease) {
        this.procRoot = settings.procRoot();
        Path root = osRelease.getParent() == null ? null : osRelease.getParent().getParent();
        this.osReleaseFiles = root == null ? List.of(osRelease) : List.of(osRelease, root.resolve("usr/lib/os-release"));
        this.rediscoverInterval = settings.rediscoverInterval();
    }

    /** On a host: {@code /etc/os-release} beside the proc root ({@code /proc} gives {@code /etc}). */
    public HostSensor(SensorSettings settings) {
        this(settings, osReleaseBeside(settings.procRoot()));
    }

    static Path osReleaseBeside(Path procRoot) {
        Path parent = procRoot.toAbsolutePath().getParent();
        return (parent == null ? procRoot.getRoot() : parent).resolve("etc/os-release");
    }

    @Override
    public void close() {
        polled.close();
    }

    @Override
    public String name() {
        return "host";
    }

    /** The strings, read on the rediscovery schedule. */
    record Identity(String hostname, String osName, String osVersion, String kernel, Instant bootTime) {
    }

    @Override
    public HostReading read(Instant now) {
        if (identity == null || Rates.due(discoveredAt, now, rediscoverInterval)) {
            identity = identify();
            discoveredAt = now;
        }
        String up = polled.firstLine(procRoot.resolve("uptime"));
        return new HostReading(identity.hostname(), OS_FAMILY, identity.osName(), identity.osVersion(),
                identity.kernel(), OS_ARCH,
                identity.bootTime(), up == null ? Reading.ABSENT : parseUptime(up));
    }

    private Identity identify() {
        String osRelease = null;
        for (Path p : osReleaseFiles) {
            osRelease = text.readIfPresent(p);
            if (osRelease != null) {
                break;
            }
        }
        String name = osRelease == null ? null : osReleaseValue(osRelease, "NAME");
        String version = osRelease == null ? null : osReleaseValue(osRelease, "VERSION");
        if (osRelease != null && version == null) {
            version = osReleaseValue(osRelease, "VERSION_ID");
        }
        String stat = text.readIfPresent(procRoot.resolve("stat"));
        return new Identity(text.firstLine(procRoot.resolve("sys/kernel/hostname")), name, version,
                text.firstLine(procRoot.resolve("sys/kernel/osrelease")),
                stat == null ? null : parseBootTime(stat));
    }

    /** A value of an os-release file, unquoted; {@code null} when the key is missing. */
    static String osReleaseValue(String text, String key) {
        for (String line : ProcText.lines(text)) {
            if (line.startsWith(key + "=")) {
                String v = line.substring(key.length() + 1).strip();
                if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.endsWith(v.substring(0, 1))) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }

    /** The {@code btime} line of /proc/stat: seconds since the epoch at boot; {@code null} when missing. */
    static Instant parseBootTime(String stat) {
        int at = stat.indexOf("\nbtime ");
        if (at < 0) {
            return null;
        }
        int end = stat.indexOf('\n', at + 1);
        long seconds = ProcText.counter(stat.substring(at + 7, end < 0 ? stat.length() : end).strip());
        return seconds <= 0 ? null : Instant.ofEpochSecond(seconds);
    }

    /** The first number of /proc/uptime ({@code 1314.86 2580.58}). */
    static double parseUptime(String line) {
        List<String> f = ProcText.fields(line);
        if (f.isEmpty()) {
            return Reading.ABSENT;
        }
        try {
            return Double.parseDouble(f.get(0));
        } catch (NumberFormatException e) {
            return Reading.ABSENT;
        }
    }
}
