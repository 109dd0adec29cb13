package io.brainstem.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The peer: Debian's prometheus-node-exporter on a loopback port, scraped as many times as brainstem
 * polls, with the same pause between scrapes. Its CPU comes from {@code /proc/<pid>/stat}, net of
 * what it uses idle over the same wall time.
 */
final class NodeExporterPeer {

    static final String BINARY = "/usr/bin/prometheus-node-exporter";

    record Result(String version, int scrapes, Stats wall, double cpuNanosPerScrape, int metricLines) {
    }

    private NodeExporterPeer() {
    }

    /** Null when the exporter is not installed (and cannot be). */
    static Result run(int scrapes, Duration gap) throws Exception {
        Path binary = Programs.installed(BINARY, "prometheus-node-exporter");
        if (binary == null) {
            return null;
        }
        String version = Programs.run(List.of(binary.toString(), "--version"), Duration.ofSeconds(10))
                .lines().findFirst().orElse("?").trim();
        int port = Programs.freePort();
        String url = "http://127.0.0.1:" + port + "/metrics";
        Process p = new ProcessBuilder(binary.toString(), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Programs.awaitUp(url, p, Duration.ofSeconds(20));
            for (int i = 0; i < 50; i++) {
                Programs.get(url);
            }
            int lines = (int) Programs.getText(url).lines().filter(l -> !l.startsWith("#")).count();
            long pid = p.pid();
            // idle baseline over the wall time the scrapes will roughly take
            long idleC0 = Cpu.ofPid(pid);
            long idleT0 = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(5));
            double idleRate = (Cpu.ofPid(pid) - idleC0) / ((System.nanoTime() - idleT0) / 1e9);

            long[] wall = new long[scrapes];
            long c0 = Cpu.ofPid(pid);
            long start = System.nanoTime();
            for (int i = 0; i < scrapes; i++) {
                long t0 = System.nanoTime();
                Programs.get(url);
                wall[i] = System.nanoTime() - t0;
                Thread.sleep(gap);
            }
            long elapsed = System.nanoTime() - start;
            double cpu = Cpu.ofPid(pid) - c0 - idleRate * elapsed / 1e9;
            return new Result(version, scrapes, Stats.of(wall), Math.max(0, cpu) / scrapes, lines);
        } finally {
            Programs.stop(p);
        }
    }
}
