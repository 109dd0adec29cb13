package io.brainstem.sensor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the sensors read the host and how often they look for new devices. Immutable.
 *
 * @param procRoot           the proc filesystem, {@code /proc} on a host; a recorded copy in tests
 * @param sysRoot            the sys filesystem, {@code /sys} on a host
 * @param rediscoverInterval how often device, mount, interface and hardware-sensor lists are enumerated
 *                           again, so that new ones appear (polls in between reuse the last list)
 * @param mountTimeout       how long one filesystem space query may take before its mount is reported
 *                           unresponsive (a dead NFS server makes {@code statfs} hang)
 */
public record SensorSettings(Path procRoot, Path sysRoot, Duration rediscoverInterval, Duration mountTimeout) {

    public static final Duration DEFAULT_REDISCOVER_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_MOUNT_TIMEOUT = Duration.ofMillis(200);

    public SensorSettings {
        Objects.requireNonNull(procRoot, "procRoot");
        Objects.requireNonNull(sysRoot, "sysRoot");
        requirePositive("rediscoverInterval", rediscoverInterval);
        requirePositive("mountTimeout", mountTimeout);
    }

    /** The real host: {@code /proc}, {@code /sys}, rediscovery every minute, 200 ms per mount. */
    public static SensorSettings defaults() {
        return new SensorSettings(Path.of("/proc"), Path.of("/sys"), DEFAULT_REDISCOVER_INTERVAL,
                DEFAULT_MOUNT_TIMEOUT);
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
