package io.brainstem.sensor;

import java.io.File;
import java.io.IOException;

/**
 * Asks the kernel for a mounted filesystem's space ({@code statfs}). A separate contract so that the
 * filesystem sensor can run it under a time budget, and a test can hand it one that blocks like a
 * dead NFS mount. Implementations must be safe to call from several threads at once.
 */
@FunctionalInterface
public interface Statfs {

    /**
     * The space of the filesystem mounted at {@code mountPoint}; may block for as long as the
     * filesystem does not answer.
     */
    Space query(String mountPoint) throws IOException;

    /**
     * @param totalBytes     size ({@code f_blocks × f_frsize})
     * @param freeBytes      free, including blocks reserved for root ({@code f_bfree})
     * @param availableBytes free to unprivileged users ({@code f_bavail})
     */
    record Space(long totalBytes, long freeBytes, long availableBytes) {
    }

    /**
     * The JDK's {@code statvfs} through {@link File}: no mount-table lookup (unlike
     * {@code Files.getFileStore}), three system calls, each answering 0 on error.
     */
    static Statfs jdk() {
        return mountPoint -> {
            File f = new File(mountPoint);
            return new Space(f.getTotalSpace(), f.getFreeSpace(), f.getUsableSpace());
        };
    }
}
