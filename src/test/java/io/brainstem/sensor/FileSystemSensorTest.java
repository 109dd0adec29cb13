package io.brainstem.sensor;

import io.brainstem.sample.FileSystemReadings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FileSystemSensorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T18:00:00Z");
    private static final long GIB = 1L << 30;
    private static final Statfs.Space SPACE = new Statfs.Space(100 * GIB, 40 * GIB, 35 * GIB);

    @TempDir
    Path dir;

    @Test
    void pseudoFilesystemsOvermountsAndBindMountsAreLeftOut() {
        FixtureHost host = FixtureHost.of(dir, "workstation");
        List<FileSystemSensor.MountEntry> mounts = FileSystemSensor.realMounts(host.read("proc/self/mounts"),
                FileSystemSensor.nodevTypes(host.read("proc/filesystems")));

        assertThat(mounts).containsExactly(
                new FileSystemSensor.MountEntry("/dev/nvme0n1p2", "/", "ext4"),
                new FileSystemSensor.MountEntry("/dev/nvme0n1p1", "/boot/efi", "vfat"),
                new FileSystemSensor.MountEntry("/dev/sda1", "/mnt/backup disk", "xfs"),
                new FileSystemSensor.MountEntry("tank", "/tank", "zfs"),
                new FileSystemSensor.MountEntry("nas:/export/home", "/home/shared", "nfs4"),
                new FileSystemSensor.MountEntry("/dev/nvme0n1p4", "/data", "btrfs"));
    }

    @Test
    void aFilesystemMountedTwiceIsListedOnceAtItsShortestMountPointAsDfDoes() {
        String table = """
                /dev/sdb1 /mnt/a/long/path ext4 rw 0 0
                /dev/vda1 /etc/hosts ext4 rw 0 0
                /dev/sdb1 /m ext4 rw 0 0
                /dev/vda1 / ext4 rw 0 0
                /dev/vda1 /etc/resolv.conf ext4 rw 0 0
                """;
        assertThat(FileSystemSensor.realMounts(table, java.util.Set.of()))
                .extracting(FileSystemSensor.MountEntry::mountPoint).containsExactly("/m", "/");
    }

    @Test
    void theRecordedVmHasOnlyItsRootFilesystem() {
        FixtureHost host = FixtureHost.of(dir, "vm");
        assertThat(FileSystemSensor.realMounts(host.read("proc/self/mounts"),
                FileSystemSensor.nodevTypes(host.read("proc/filesystems"))))
                .extracting(FileSystemSensor.MountEntry::mountPoint).containsExactly("/");
    }

    @Test
    void spaceIsComputedAsDfDoes() throws Exception {
        FileSystemReadings r = new FileSystemSensor(FixtureHost.of(dir, "vm").settings(), mp -> SPACE).read(T0);

        FileSystemReadings.Mount root = r.mounts().getFirst();
        assertThat(root.mountPoint()).isEqualTo("/");
        assertThat(root.device()).isEqualTo("/dev/vda");
        assertThat(root.type()).isEqualTo("ext4");
        assertThat(root.totalBytes()).isEqualTo(100.0 * GIB);
        assertThat(root.usedBytes()).isEqualTo(60.0 * GIB); // total - f_bfree
        assertThat(root.freeBytes()).isEqualTo(35.0 * GIB); // f_bavail: what users can still write
        assertThat(root.usedFraction()).isCloseTo(60.0 / 95.0, within(1e-12)); // used / (used + avail)
        assertThat(r.unresponsive()).isEmpty();
    }

    @Test
    void aFilesystemOfSizeZeroIsLeftOutAndAFailedQueryIsAbsentNotZero() throws Exception {
        Statfs statfs = mp -> switch (mp) {
            case "/tank" -> new Statfs.Space(0, 0, 0);
            case "/boot/efi" -> throw new IOException("Stale file handle");
            default -> SPACE;
        };
        FileSystemReadings r = new FileSystemSensor(FixtureHost.of(dir, "workstation").settings(), statfs).read(T0);

        assertThat(r.mounts()).extracting(FileSystemReadings.Mount::mountPoint)
                .containsExactly("/", "/boot/efi", "/mnt/backup disk", "/home/shared", "/data");
        FileSystemReadings.Mount efi = r.mounts().get(1);
        assertThat(efi.totalBytes()).isNaN();
        assertThat(efi.usedFraction()).isNaN();
    }

    @Test
    void localDisksAreAskedOnTheCallingThreadAndEverythingElseOnAThreadOfItsOwn() throws Exception {
        Map<String, String> askedOn = new ConcurrentHashMap<>();
        Statfs statfs = mp -> {
            askedOn.put(mp, Thread.currentThread().getName());
            return SPACE;
        };
        FileSystemSensor sensor = new FileSystemSensor(FixtureHost.of(dir, "workstation").settings(), statfs);

        FileSystemReadings r = sensor.read(T0);

        assertThat(r.unresponsive()).isEmpty();
        String here = Thread.currentThread().getName();
        assertThat(askedOn).containsEntry("/", here).containsEntry("/boot/efi", here)
                .containsEntry("/mnt/backup disk", here).containsEntry("/data", here)
                .containsEntry("/tank", "brainstem-statfs")          // a pool: can suspend
                .containsEntry("/home/shared", "brainstem-statfs");  // NFS: answers when its server does
    }

    @Test
    void whatIsGuardedIsWhatAServerOrADaemonAnswersFor() {
        assertThat(FileSystemSensor.guarded(new FileSystemSensor.MountEntry("/dev/sda1", "/", "ext4"))).isFalse();
        assertThat(FileSystemSensor.guarded(new FileSystemSensor.MountEntry("/dev/mapper/vg-root", "/", "xfs"))).isFalse();
        assertThat(FileSystemSensor.guarded(new FileSystemSensor.MountEntry("/dev/sdb1", "/win", "fuseblk"))).isTrue();
        assertThat(FileSystemSensor.guarded(new FileSystemSensor.MountEntry("me@box:/", "/mnt/box", "fuse.sshfs"))).isTrue();
        assertThat(FileSystemSensor.guarded(new FileSystemSensor.MountEntry("nas:/export", "/nas", "nfs4"))).isTrue();
        assertThat(FileSystemSensor.guarded(new FileSystemSensor.MountEntry("//srv/share", "/smb", "cifs"))).isTrue();
        assertThat(FileSystemSensor.guarded(new FileSystemSensor.MountEntry("tank/data", "/tank", "zfs"))).isTrue();
    }

    @Test
    void aMountThatDoesNotAnswerIsUnresponsiveAndNotAskedAgainUntilItReturns() throws Exception {
        CountDownLatch nfsServerBack = new CountDownLatch(1);
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        Statfs statfs = mp -> {
            calls.computeIfAbsent(mp, k -> new AtomicInteger()).incrementAndGet();
            if (mp.equals("/home/shared")) {
                try {
                    nfsServerBack.await(); // a hard NFS mount whose server is gone
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return SPACE;
        };
        SensorSettings settings = FixtureHost.of(dir, "workstation").settings();
        settings = new SensorSettings(settings.procRoot(), settings.sysRoot(), settings.rediscoverInterval(),
                Duration.ofMillis(50));
        FileSystemSensor sensor = new FileSystemSensor(settings, statfs);

        FileSystemReadings first = sensor.read(T0);
        assertThat(first.unresponsive()).containsExactly("/home/shared");
        assertThat(first.mounts()).extracting(FileSystemReadings.Mount::mountPoint)
                .containsExactly("/", "/boot/efi", "/mnt/backup disk", "/tank", "/data");

        FileSystemReadings second = sensor.read(T0.plusSeconds(5));
        assertThat(second.unresponsive()).containsExactly("/home/shared");
        assertThat(calls.get("/home/shared")).hasValue(1); // still the first query, parked
        assertThat(calls.get("/")).hasValue(2);

        assertThat(sensor.awaitingAnswer()).containsExactly("/home/shared");
        nfsServerBack.countDown();
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!sensor.awaitingAnswer().isEmpty() && System.nanoTime() < giveUp) {
            TimeUnit.MILLISECONDS.sleep(5); // the released query returns on its own thread
        }

        FileSystemReadings third = sensor.read(T0.plusSeconds(10));
        assertThat(third.unresponsive()).isEmpty();
        assertThat(third.mounts()).extracting(FileSystemReadings.Mount::mountPoint).contains("/home/shared");
        assertThat(calls.get("/home/shared")).hasValue(2);
    }

    @Test
    void anInterruptedPollStillRemembersTheQueriesItLeftRunning() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger nfsCalls = new AtomicInteger();
        Statfs statfs = mp -> {
            if (mp.equals("/home/shared")) {
                nfsCalls.incrementAndGet();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return SPACE;
        };
        FileSystemSensor sensor = new FileSystemSensor(FixtureHost.of(dir, "workstation").settings(), statfs);

        Thread.currentThread().interrupt(); // the daemon gave up on this poll
        assertThatThrownBy(() -> sensor.read(T0)).isInstanceOf(IOException.class).hasMessageContaining("interrupted");
        assertThat(Thread.interrupted()).isTrue();
        assertThat(sensor.awaitingAnswer()).contains("/home/shared");
        // the other mounts' queries were left running too; they answer at once, the NFS one never
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((!sensor.awaitingAnswer().equals(java.util.Set.of("/home/shared")) || nfsCalls.get() == 0)
                && System.nanoTime() < deadline) { // its thread may not have called statfs yet
            Thread.sleep(10);
        }

        assertThat(sensor.read(T0.plusSeconds(5)).unresponsive()).containsExactly("/home/shared");
        assertThat(nfsCalls).hasValue(1);
        never.countDown();
    }

    @Test
    void unescapesOctalInMountTable() {
        assertThat(FileSystemSensor.unescape("/mnt/a\\040b\\011c\\134d")).isEqualTo("/mnt/a b\tc\\d");
        assertThat(FileSystemSensor.unescape("/plain")).isEqualTo("/plain");
        assertThat(FileSystemSensor.unescape("/odd\\04")).isEqualTo("/odd\\04");
    }
}
