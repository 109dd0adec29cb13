package io.brainstem.sample;

import java.util.List;

/**
 * Space on every real mount (pseudo filesystems such as proc, sysfs, tmpfs, overlay lowers left out).
 * A mount whose query did not answer within its budget is listed in {@code unresponsive} instead.
 */
public record FileSystemReadings(List<Mount> mounts, List<String> unresponsive) implements Reading {
    public FileSystemReadings {
        mounts = List.copyOf(mounts);
        unresponsive = List.copyOf(unresponsive);
    }

    /**
     * @param freeBytes    bytes available to unprivileged users
     * @param usedFraction used / (used + free), as {@code df} computes it
     */
    public record Mount(String mountPoint, String device, String type, double totalBytes, double usedBytes,
                        double freeBytes, double usedFraction) {
    }
}
