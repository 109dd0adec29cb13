package io.brainstem.sensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupLayoutTest {

    @TempDir
    Path dir;

    @Test
    void readsEachControllersLineOfProcSelfCgroup() {
        Map<String, String> c = CgroupLayout.parseCgroup("12:pids:/a\n5:cpu,cpuacct:/b\n1:name=systemd:/c\n0::/d\n");
        assertThat(c).containsEntry("cpu", "/b").containsEntry("cpuacct", "/b").containsEntry("pids", "/a")
                .containsEntry("", "/d").containsEntry("name=systemd", "/c");
    }

    @Test
    void mountinfoGivesCgroupMountsReRootedUnderTheSysTreeWithTheirControllers() {
        Path sys = dir.resolve("sys");
        List<CgroupLayout.Mount> mounts = CgroupLayout.parseMountinfo(
                HostPlusFixture.recorded("cgroup-v1-limits", "proc/self/mountinfo"), sys);
        assertThat(mounts).extracting(CgroupLayout.Mount::dir).containsExactly(
                sys.resolve("fs/cgroup/systemd"), sys.resolve("fs/cgroup/cpu,cpuacct"), sys.resolve("fs/cgroup/memory"));
        assertThat(mounts.get(1).controllers()).containsExactly("cpu", "cpuacct");
        assertThat(mounts.get(2).root()).isEqualTo("/docker/4f1c2a9e");
        assertThat(mounts).noneMatch(CgroupLayout.Mount::v2);

        List<CgroupLayout.Mount> escaped = CgroupLayout.parseMountinfo(
                "40 30 0:37 / /sys/fs/cgroup/my\\040dir rw - cgroup2 cgroup2 rw\n", sys);
        assertThat(escaped.getFirst().dir()).isEqualTo(sys.resolve("fs/cgroup/my dir"));
        assertThat(escaped.getFirst().v2()).isTrue();
    }

    @Test
    void aHybridHostIsV1WithTheUnifiedHierarchyKeptForPressure() {
        HostPlusFixture host = HostPlusFixture.of(dir, "cgroup-v1-nolimits");
        CgroupLayout l = CgroupLayout.discover(new ProcText(), host.proc(), host.sys());
        assertThat(l.version()).isEqualTo("v1");
        assertThat(l.memory()).isEqualTo(host.sys().resolve("fs/cgroup/memory/process_api/3eca41f9e15107b8c0a919fd3aca0137"));
        assertThat(l.cpu()).isEqualTo(host.sys().resolve("fs/cgroup/cpu"));
        assertThat(l.unified()).isEqualTo(host.sys().resolve("fs/cgroup/unified"));
    }

    @Test
    void aPathOutsideTheMountsViewFallsBackToTheMountItself() throws Exception {
        Path mountDir = Files.createDirectories(dir.resolve("cg"));
        Files.createDirectories(mountDir.resolve("inner"));
        CgroupLayout.Mount m = new CgroupLayout.Mount(true, List.of(), "/", mountDir);
        assertThat(CgroupLayout.dirOf(m, "/inner")).isEqualTo(mountDir.resolve("inner"));
        assertThat(CgroupLayout.dirOf(m, "/missing")).isEqualTo(mountDir);
        assertThat(CgroupLayout.dirOf(m, "/../..")).isEqualTo(mountDir);
        CgroupLayout.Mount rooted = new CgroupLayout.Mount(false, List.of("memory"), "/docker/x", mountDir);
        assertThat(CgroupLayout.dirOf(rooted, "/docker/x")).isEqualTo(mountDir);
        assertThat(CgroupLayout.dirOf(rooted, "/docker/x/inner")).isEqualTo(mountDir.resolve("inner"));
    }

    @Test
    void ancestorsAreWalkedUpToTheMountNearestFirst() {
        Path root = dir.resolve("cg");
        assertThat(CgroupLayout.upTo(root.resolve("a/b"), root)).containsExactly(root.resolve("a/b"), root.resolve("a"), root);
    }
}
