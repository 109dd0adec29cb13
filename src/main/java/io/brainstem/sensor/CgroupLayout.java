package io.brainstem.sensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where this process's control group lives in the sys tree: found from {@code <proc>/self/cgroup} (which
 * cgroup, per hierarchy) and {@code <proc>/self/mountinfo} (where each hierarchy is mounted and which
 * part of it), so that it works on a plain host, in a container with its own cgroup namespace and in
 * one without. Without mountinfo the conventional layout under {@code <sys>/fs/cgroup} is assumed.
 * Immutable.
 *
 * @param version   {@code v1} when a v1 hierarchy carries the cpu or memory controller (also on "hybrid"
 *                  hosts), {@code v2} when the unified hierarchy does, {@code null} when neither was found
 * @param path      the cgroup as {@code /proc/self/cgroup} names it (v1: the memory controller's line)
 * @param unified   the cgroup's directory in the v2 hierarchy (pressure files live there, also on hybrid
 *                  hosts), or {@code null}
 * @param unifiedRoot the v2 mount's directory, where walking up for ancestors' limits stops
 * @param cpu       v1 cpu controller directory (quota, throttling), or {@code null}
 * @param cpuacct   v1 cpuacct controller directory (usage), or {@code null}
 * @param memory    v1 memory controller directory, or {@code null}
 * @param cpuRoot   the v1 cpu mount's directory, where walking up stops
 */
record CgroupLayout(String version, String path, Path unified, Path unifiedRoot, Path cpu, Path cpuacct,
                    Path memory, Path cpuRoot) {

    static final CgroupLayout NONE = new CgroupLayout(null, null, null, null, null, null, null, null);

    /** One mounted cgroup hierarchy. */
    record Mount(boolean v2, List<String> controllers, String root, Path dir) {
    }

    /** Reads the layout of the process whose proc directory is {@code <procRoot>/self}. */
    static CgroupLayout discover(ProcText text, Path procRoot, Path sysRoot) {
        String cgroup = text.readIfPresent(procRoot.resolve("self/cgroup"));
        if (cgroup == null) {
            return NONE;
        }
        String mountinfo = text.readIfPresent(procRoot.resolve("self/mountinfo"));
        List<Mount> mounts = mountinfo == null ? conventionalMounts(sysRoot) : parseMountinfo(mountinfo, sysRoot);
        return resolve(parseCgroup(cgroup), mounts);
    }

    /** {@code /proc/self/cgroup}: controller (or "" for v2) to cgroup path. */
    static Map<String, String> parseCgroup(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : ProcText.lines(text)) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                continue;
            }
            String controllers = line.substring(first + 1, second);
            String path = line.substring(second + 1);
            if (controllers.isEmpty()) {
                out.put("", path);
            } else {
                for (String c : controllers.split(",")) {
                    out.put(c, path);
                }
            }
        }
        return out;
    }

    /**
     * The cgroup mounts listed in mountinfo. Mount points are host paths under {@code /sys}; they are
     * re-rooted under {@code sysRoot} so a recorded tree reads the same way. Fields: id, parent,
     * major:minor, root, mount point, options, optional fields up to "-", type, source, super options.
     */
    static List<Mount> parseMountinfo(String text, Path sysRoot) {
        List<Mount> out = new ArrayList<>();
        for (String line : ProcText.lines(text)) {
            List<String> f = ProcText.fields(line);
            int dash = f.indexOf("-");
            if (dash < 5 || dash + 1 >= f.size()) {
                continue;
            }
            String type = f.get(dash + 1);
            boolean v2 = type.equals("cgroup2");
            if (!v2 && !type.equals("cgroup")) {
                continue;
            }
            String mountPoint = FileSystemSensor.unescape(f.get(4));
            if (!mountPoint.startsWith("/sys/")) {
                continue;
            }
            Path dir = sysRoot.resolve(mountPoint.substring("/sys/".length()));
            List<String> controllers = new ArrayList<>();
            if (!v2 && dash + 3 < f.size()) {
                for (String option : f.get(dash + 3).split(",")) {
                    if (!option.equals("rw") && !option.equals("ro") && !option.contains("=")) {
                        controllers.add(option);
                    }
                }
            }
            out.add(new Mount(v2, controllers, FileSystemSensor.unescape(f.get(3)), dir));
        }
        return out;
    }

    /** Without mountinfo: pure v2 at {@code fs/cgroup}, or v1 controllers beneath it and v2 at {@code unified}. */
    static List<Mount> conventionalMounts(Path sysRoot) {
        Path base = sysRoot.resolve("fs/cgroup");
        if (Files.exists(base.resolve("cgroup.controllers"))) {
            return List.of(new Mount(true, List.of(), "/", base));
        }
        List<Mount> out = new ArrayList<>();
        for (String c : List.of("cpu", "cpuacct", "memory")) {
            if (Files.isDirectory(base.resolve(c))) {
                out.add(new Mount(false, List.of(c), "/", base.resolve(c)));
            }
        }
        if (Files.exists(base.resolve("unified/cgroup.controllers"))) {
            out.add(new Mount(true, List.of(), "/", base.resolve("unified")));
        }
        return out;
    }

    static CgroupLayout resolve(Map<String, String> cgroups, List<Mount> mounts) {
        Mount cpuMount = v1Mount(mounts, "cpu");
        Mount cpuacctMount = v1Mount(mounts, "cpuacct");
        Mount memoryMount = v1Mount(mounts, "memory");
        Mount unifiedMount = null;
        for (Mount m : mounts) {
            if (m.v2()) {
                unifiedMount = m;
            }
        }
        Path unified = unifiedMount == null || !cgroups.containsKey("")
                ? null : dirOf(unifiedMount, cgroups.get(""));
        Path cpu = cpuMount == null || !cgroups.containsKey("cpu") ? null : dirOf(cpuMount, cgroups.get("cpu"));
        Path cpuacct = cpuacctMount == null || !cgroups.containsKey("cpuacct")
                ? null : dirOf(cpuacctMount, cgroups.get("cpuacct"));
        Path memory = memoryMount == null || !cgroups.containsKey("memory")
                ? null : dirOf(memoryMount, cgroups.get("memory"));
        if (cpu != null || memory != null) {
            String path = cgroups.containsKey("memory") ? cgroups.get("memory") : cgroups.get("cpu");
            return new CgroupLayout("v1", path, unified, unifiedMount == null ? null : unifiedMount.dir(),
                    cpu, cpuacct, memory, cpuMount == null ? null : cpuMount.dir());
        }
        if (unified != null) {
            return new CgroupLayout("v2", cgroups.get(""), unified, unifiedMount.dir(), null, null, null, null);
        }
        return NONE;
    }

    private static Mount v1Mount(List<Mount> mounts, String controller) {
        for (Mount m : mounts) {
            if (!m.v2() && m.controllers().contains(controller)) {
                return m;
            }
        }
        return null;
    }

    /**
     * The cgroup's directory within a mount. A mount may show only part of its hierarchy (its root is
     * then the container's cgroup); when the named directory does not exist — a container without its
     * own cgroup namespace sees the host's path — the mount's own directory is the cgroup.
     */
    static Path dirOf(Mount mount, String cgroupPath) {
        String relative = cgroupPath;
        if (!mount.root().equals("/") && (cgroupPath.equals(mount.root()) || cgroupPath.startsWith(mount.root() + "/"))) {
            relative = cgroupPath.substring(mount.root().length());
        }
        while (relative.startsWith("/")) {
            relative = relative.substring(1);
        }
        if (relative.isEmpty() || relative.startsWith("..") || relative.contains("/..")) {
            return mount.dir(); // "/.." paths name a cgroup outside this namespace's view
        }
        Path dir = mount.dir().resolve(relative);
        return Files.isDirectory(dir) ? dir : mount.dir();
    }


    /** The directories from {@code dir} up to and including {@code root}, nearest first. */
    static List<Path> upTo(Path dir, Path root) {
        List<Path> out = new ArrayList<>();
        for (Path p = dir; p != null && root != null && p.startsWith(root); p = p.getParent()) {
            out.add(p);
        }
        if (out.isEmpty() && dir != null) {
            out.add(dir);
        }
        return out;
    }
}
