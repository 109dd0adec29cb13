package io.brainstem.sensor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Core counts from sysfs, read on the rediscovery schedule (CPUs go on- and offline rarely). */
final class CpuTopology {

    private CpuTopology() {
    }

    /**
     * Online logical processors from {@code devices/system/cpu/online} (a range list such as
     * {@code 0-3,6}); failing that, the {@code cpuN} lines of {@code /proc/stat}; 0 when neither exists.
     */
    static int onlineLogical(ProcText text, Path procRoot, Path sysRoot) {
        String online = text.firstLine(sysRoot.resolve("devices/system/cpu/online"));
        if (online != null && !online.isEmpty()) {
            int n = rangeListSize(online);
            if (n > 0) {
                return n;
            }
        }
        String stat = text.readIfPresent(procRoot.resolve("stat"));
        return stat == null ? 0 : CpuSensor.parseStat(stat).cores().size();
    }

    /** Size of a kernel range list ({@code 0-3,6,8-9} is 7); 0 when it cannot be parsed. */
    static int rangeListSize(String list) {
        int n = 0;
        for (String part : list.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            long lo = ProcText.counter(dash < 0 ? p : p.substring(0, dash));
            long hi = dash < 0 ? lo : ProcText.counter(p.substring(dash + 1));
            if (lo < 0 || hi < lo) {
                return 0;
            }
            n += (int) (hi - lo + 1);
        }
        return n;
    }

    /**
     * Physical cores: distinct (package, core) pairs over {@code cpuN/topology}; 0 when unknown (the
     * {@link io.brainstem.sample.CpuReading} convention).
     */
    static int physicalCores(ProcText text, Path sysRoot) {
        Path cpus = sysRoot.resolve("devices/system/cpu");
        if (!Files.isDirectory(cpus)) {
            return 0;
        }
        Set<List<Long>> cores = new HashSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(cpus)) {
            for (Path cpu : dir) {
                String name = cpu.getFileName().toString();
                if (!name.startsWith("cpu") || ProcText.counter(name.substring(3)) < 0) {
                    continue; // cpufreq, cpuidle, ...
                }
                Long pkg = text.longValue(cpu.resolve("topology/physical_package_id"));
                Long core = text.longValue(cpu.resolve("topology/core_id"));
                if (pkg != null && core != null) {
                    cores.add(List.of(pkg, core));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return cores.size();
    }
}
