package io.brainstem.sensor;

import java.nio.file.Path;
import java.time.Instant;

/**
 * This process's control group as the container and pressure sensors see it: located through
 * {@link CgroupLayout} on their first read and again every {@link ContainerSensor#REDISCOVER_INTERVAL}.
 * Not thread-safe: each sensor owns one.
 */
final class CgroupWatch {

    private final ProcText text = new ProcText();
    private final Path procRoot;
    private final Path sysRoot;
    private CgroupLayout layout;
    private Instant discoveredAt;
    private boolean changed;

    CgroupWatch(Path procRoot, Path sysRoot) {
        this.procRoot = procRoot;
        this.sysRoot = sysRoot;
    }

    /** Looks the cgroup up again when due; returns whether it did. */
    boolean refresh(Instant now) {
        if (!Rates.due(discoveredAt, now, ContainerSensor.REDISCOVER_INTERVAL)) {
            return false;
        }
        CgroupLayout found = CgroupLayout.discover(text, procRoot, sysRoot);
        changed = !found.equals(layout);
        layout = found;
        discoveredAt = now;
        return true;
    }

    /** Whether the last look found another cgroup than the one before (counters then make no rate). */
    boolean changed() {
        return changed;
    }

    CgroupLayout layout() {
        return layout;
    }
}
