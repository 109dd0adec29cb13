package io.brainstem.sensor;

import io.brainstem.sample.FileSystemReadings;
import io.brainstem.sample.Reading;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Space on every real mount. The mount table ({@code /proc/self/mounts}) is read on the rediscovery
 * schedule; pseudo filesystems (proc, sysfs, tmpfs, cgroup, overlay, ...) are left out. Each poll asks
 * every mount's {@link Statfs}. A filesystem on a local block device answers from counters in memory,
 * so it is asked on the calling thread. Any other (network, FUSE, pooled: whatever a server or a
 * user-space daemon answers for) is asked on a thread of its own, and the poll waits at most the mount
 * timeout in all: a mount that has not answered by then is listed as unresponsive, and is not asked
 * again until that earlier query has returned, so a dead NFS server costs one blocked thread, never a
 * pile. (The daemon reads this sensor on a thread it can abandon, which covers a local disk that
 * hangs anyway.)
 *
 * <p>Values follow {@code df}: used = total − free, free is what unprivileged users may use, and the
 * used fraction is used / (used + free). Like {@code df}, filesystems of size 0 are left out.
 *
 * <p>Not thread-safe: the daemon calls it one poll at a time (query threads only complete futures).
 */
public final class FileSystemSensor implements Sensor {

    /**
     * Types that never hold user data. {@code /proc/filesystems} marks more as {@code nodev}; those are
     * left out too unless they are in {@link #REAL_NODEV}.
     */
    static final Set<String> PSEUDO = Set.of("proc", "sysfs", "devtmpfs", "devpts", "tmpfs", "ramfs", "cgroup",
            "cgroup2", "securityfs", "pstore", "bpf", "debugfs", "tracefs", "configfs", "fusectl", "mqueue",
            "hugetlbfs", "autofs", "binfmt_misc", "rpc_pipefs", "nsfs", "overlay", "aufs", "efivarfs",
            "selinuxfs", "squashfs", "iso9660", "nfsd", "fuse.lxcfs", "fuse.gvfsd-fuse", "fuse.portal",
            "fuse.snapfuse", "devfs", "sockfs", "pipefs", "anon_inodefs", "cpuset", "bdev");

    /** {@code nodev} types that are real storage: network and pooled filesystems. */
    static final Set<String> REAL_NODEV = Set.of("nfs", "nfs4", "cifs", "smb3", "smbfs", "ceph", "glusterfs",
            "zfs", "9p", "virtiofs", "lustre", "beegfs", "gpfs", "afs");

    /**
     * Where the statfs calls run: platform daemon threads, reused while busy polls keep them warm and
     * gone after a minute idle. Not virtual threads: {@code statfs} is a plain native call (no JDK
     * blocker compensation for it in JDK 25), so a hung one would pin its carrier, and as many hung
     * mounts as cores would stall every virtual thread in the JVM, the daemon's included. The pool is
     * unbounded but cannot pile up: a mount is never asked again while its earlier query runs, so at
     * most one thread per mount is ever stuck.
     */
    private static final ExecutorService QUERIES = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60,
            TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "brainstem-statfs");
                t.setDaemon(true);
                return t;
            });

    private final MountLister lister;
    private final Duration rediscoverInterval;
    private final long timeoutNanos;
    private final Statfs statfs;

    private Instant discoveredAt;
    private List<MountEntry> mounts = List.of();
    /** Queries that missed their budget, by mount point, until they return. */
    private final Map<String, CompletableFuture<Statfs.Space>> pending = new HashMap<>();

    public FileSystemSensor(SensorSettings settings) {
        this(settings, Statfs.jdk());
    }

    public FileSystemSensor(SensorSettings settings, Statfs statfs) {
        this(procMounts(settings.procRoot()), settings, statfs);
    }

    /** Lists mounts some other way (OSHI on hosts without {@code /proc}); queries them the same way. */
    FileSystemSensor(MountLister lister, SensorSettings settings, Statfs statfs) {
        this.lister = lister;
        this.rediscoverInterval = settings.rediscoverInterval();
        this.timeoutNanos = settings.mountTimeout().toNanos();
        this.statfs = statfs;
    }

    /** Enumerates the real mounts, on the rediscovery schedule. */
    @FunctionalInterface
    interface MountLister {
        List<MountEntry> list() throws IOException;
    }

    /** The mount table of this process's mount namespace, pseudo filesystems left out. */
    static MountLister procMounts(Path procRoot) {
        ProcText text = new ProcText();
        Path mountsFile = procRoot.resolve("self/mounts");
        Path filesystemsFile = procRoot.resolve("filesystems");
        return () -> {
            String table = text.read(mountsFile);
            String filesystems = text.readIfPresent(filesystemsFile);
            return realMounts(table, filesystems == null ? Set.of() : nodevTypes(filesystems));
        };
    }

    @Override
    public String name() {
        return "filesystem";
    }

    /** One line of the mount table. */
    record MountEntry(String device, String mountPoint, String type) {
    }

    @Override
    public FileSystemReadings read(Instant now) throws IOException {
        if (Rates.due(discoveredAt, now, rediscoverInterval)) {
            mounts = lister.list();
            discoveredAt = now;
        }
        List<String> unresponsive = new ArrayList<>();
        List<CompletableFuture<Statfs.Space>> started = new ArrayList<>(mounts.size());
        for (MountEntry m : mounts) {
            if (!guarded(m)) {
                started.add(ASK_HERE);
                continue;
            }
            CompletableFuture<Statfs.Space> earlier = pending.get(m.mountPoint());
            if (earlier != null && !earlier.isDone()) {
                started.add(null);
                continue;
            }
            pending.remove(m.mountPoint());
            started.add(query(m.mountPoint()));
        }
        long deadline = System.nanoTime() + timeoutNanos;
        List<FileSystemReadings.Mount> out = new ArrayList<>(mounts.size());
        for (int i = 0; i < mounts.size(); i++) {
            MountEntry m = mounts.get(i);
            CompletableFuture<Statfs.Space> f = started.get(i);
            if (f == null) {
                unresponsive.add(m.mountPoint());
                continue;
            }
            Statfs.Space space;
            try {
                space = f == ASK_HERE ? statfs.query(m.mountPoint())
                        : f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                pending.put(m.mountPoint(), f);
                unresponsive.add(m.mountPoint());
                continue;
            } catch (ExecutionException | IOException | RuntimeException e) {
                out.add(mount(m, null)); // the mount is there, its space unknown this poll
                continue;
            } catch (InterruptedException e) {
                // keep every query still running, so none is started again before it returns
                for (int j = i; j < mounts.size(); j++) {
                    CompletableFuture<Statfs.Space> left = started.get(j);
                    if (left != null && left != ASK_HERE && !left.isDone()) {
                        pending.put(mounts.get(j).mountPoint(), left);
                    }
                }
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while querying " + m.mountPoint(), e);
            }
            if (space.totalBytes() > 0) {
                out.add(mount(m, space));
            }
        }
        pending.keySet().retainAll(mountPointsOf(mounts));
        return new FileSystemReadings(out, unresponsive);
    }

    /** Marks a mount asked on the calling thread (never completed: only compared by identity). */
    private static final CompletableFuture<Statfs.Space> ASK_HERE = new CompletableFuture<>();

    /**
     * Whether a mount's statfs goes to a thread of its own: anything but a kernel filesystem on a
     * local block device ({@code /dev/...}), since network and FUSE filesystems answer only when their
     * server or daemon does.
     */
    static boolean guarded(MountEntry m) {
        return !m.device().startsWith("/dev/") || m.type().startsWith("fuse");
    }

    /** Mount points whose earlier query missed its budget and is still running. */
    Set<String> awaitingAnswer() {
        Set<String> out = new HashSet<>();
        pending.forEach((mountPoint, f) -> {
            if (!f.isDone()) {
                out.add(mountPoint);
            }
        });
        return out;
    }

    private CompletableFuture<Statfs.Space> query(String mountPoint) {
        CompletableFuture<Statfs.Space> f = new CompletableFuture<>();
        QUERIES.execute(() -> {
            try {
                f.complete(statfs.query(mountPoint));
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    private static Set<String> mountPointsOf(List<MountEntry> mounts) {
        Set<String> out = new HashSet<>();
        for (MountEntry m : mounts) {
            out.add(m.mountPoint());
        }
        return out;
    }

    /** The df view of one mount's space (pure); all values absent when the query failed. */
    static FileSystemReadings.Mount mount(MountEntry m, Statfs.Space s) {
        if (s == null) {
            return new FileSystemReadings.Mount(m.mountPoint(), m.device(), m.type(), Reading.ABSENT,
                    Reading.ABSENT, Reading.ABSENT, Reading.ABSENT);
        }
        double used = (double) s.totalBytes() - s.freeBytes();
        double avail = s.availableBytes();
        return new FileSystemReadings.Mount(m.mountPoint(), m.device(), m.type(), s.totalBytes(), used, avail,
                Rates.fraction(used, used + avail));
    }

    /** Types marked {@code nodev} in {@code /proc/filesystems}. */
    static Set<String> nodevTypes(String filesystems) {
        Set<String> out = new HashSet<>();
        for (String line : ProcText.lines(filesystems)) {
            List<String> f = ProcText.fields(line);
            if (f.size() == 2 && f.get(0).equals("nodev")) {
                out.add(f.get(1));
            }
        }
        return out;
    }

    /**
     * The real mounts of a mount table, in table order. As {@code df} does: a mount point mounted over
     * keeps only its topmost (last) entry, and a filesystem mounted more than once (bind mounts, a
     * container's {@code /etc/hosts}) is listed once, at its shortest mount point, so sums over mounts
     * count each filesystem once.
     */
    static List<MountEntry> realMounts(String table, Set<String> nodev) {
        Map<String, MountEntry> byPoint = new LinkedHashMap<>();
        for (String line : ProcText.lines(table)) {
            List<String> f = ProcText.fields(line);
            if (f.size() < 3) {
                continue;
            }
            String point = unescape(f.get(1));
            byPoint.remove(point); // an entry mounted over hides what was there, pseudo or not
            if (!isPseudo(f.get(2), nodev)) {
                byPoint.put(point, new MountEntry(unescape(f.get(0)), point, f.get(2)));
            }
        }
        Map<String, MountEntry> byDevice = new LinkedHashMap<>();
        for (MountEntry m : byPoint.values()) {
            MountEntry seen = byDevice.get(m.device());
            if (seen == null || m.mountPoint().length() < seen.mountPoint().length()) {
                byDevice.put(m.device(), m);
            }
        }
        List<MountEntry> out = new ArrayList<>(byDevice.size());
        for (MountEntry m : byPoint.values()) {
            if (byDevice.get(m.device()) == m) {
                out.add(m);
            }
        }
        return List.copyOf(out);
    }

    static boolean isPseudo(String type, Set<String> nodev) {
        return PSEUDO.contains(type) || (nodev.contains(type) && !REAL_NODEV.contains(type));
    }

    /** The mount table escapes space, tab, newline and backslash as {@code \040}-style octal. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
