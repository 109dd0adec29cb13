package io.brainstem.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU profiles of another JVM with async-profiler (Maven Central's {@code tools.profiler:async-profiler},
 * a test dependency of the bench; its native library ships in the jar): samples every thread's stack,
 * Java and native frames alike (system calls, the JVM's own code, the kernel where perf events allow),
 * which JFR's Java-only samples miss. Loaded into the running JVM through {@code jcmd JVMTI.agent_load}.
 *
 * <p>A profile is read as CPU time per request by where it went: the samples of each category times the
 * sampling interval, divided by the requests served while it ran.
 */
final class NativeProfile {

    static final Duration INTERVAL = Duration.ofMillis(1);

    /** Where a sample's CPU went, by thread and deepest brainstem frame; in the report's order. */
    static final List<String> CATEGORIES = List.of("request monitoring (request threads)",
            "request summary documents (spool writer)", "endpoint's own work", "rest of the request threads",
            "virtual threads (daemon, spool writer) apart from the above", "JIT compiler", "GC", "other JVM threads");

    /** CPU nanoseconds per request by category, and the samples it rests on. */
    record PerRequest(Map<String, Double> nanos, long samples) {
        double total() {
            return nanos.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private final Path library;
    private final Path jcmd;

    private NativeProfile(Path library, Path jcmd) {
        this.library = library;
        this.jcmd = jcmd;
    }

    /** The profiler, its library copied out of the jar into {@code work}; null where it cannot run. */
    static NativeProfile available(Path work) {
        String arch = System.getProperty("os.arch");
        String dir = arch.equals("amd64") || arch.equals("x86_64") ? "linux-x64"
                : arch.equals("aarch64") ? "linux-arm64" : null;
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (dir == null || !System.getProperty("os.name").equals("Linux") || !Files.isExecutable(jcmd)) {
            return null;
        }
        try (InputStream in = NativeProfile.class.getClassLoader().getResourceAsStream(dir + "/libasyncProfiler.so")) {
            if (in == null) {
                return null;
            }
            Path library = work.resolve("libasyncProfiler.so");
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            return new NativeProfile(library, jcmd);
        } catch (IOException e) {
            return null;
        }
    }

    void start(long pid) {
        command(pid, "start,event=cpu,interval=" + INTERVAL.toNanos() + ",threads");
    }

    /** Stops profiling and writes the collapsed stacks (one line per stack: frames, then a count). */
    Path stop(long pid, Path collapsed) throws IOException {
        Files.deleteIfExists(collapsed);
        command(pid, "stop,collapsed,file=" + collapsed);
        if (!Files.exists(collapsed)) {
            throw new IOException("async-profiler wrote no profile to " + collapsed);
        }
        return collapsed;
    }

    private void command(long pid, String options) {
        // jcmd reads key=value pairs itself unless the agent's options are quoted
        String out = Programs.run(List.of(jcmd.toString(), Long.toString(pid), "JVMTI.agent_load", library.toString(),
                "'" + options + "'"), Duration.ofSeconds(30));
        if (!out.contains("return code: 0")) {
            throw new IllegalStateException("async-profiler " + options + " in " + pid + ": " + out.strip());
        }
    }

    /** Reads collapsed stacks (with thread names as the root frame) as CPU per request by category. */
    static PerRequest perRequest(Path collapsed, double requests) throws IOException {
        Map<String, Double> nanos = new LinkedHashMap<>();
        CATEGORIES.forEach(c -> nanos.put(c, 0.0));
        long samples = 0;
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long n = Long.parseLong(line.substring(space + 1).trim());
            samples += n;
            nanos.merge(category(line.substring(0, space).split(";")), n * (double) INTERVAL.toNanos() / requests,
                    Double::sum);
        }
        return new PerRequest(nanos, samples);
    }

    static String category(String[] frames) {
        String thread = frames[0];
        int deepest = -1;
        boolean documents = false;
        for (int i = 0; i < frames.length; i++) {
            String f = frames[i].replace('.', '/');
            if (f.startsWith("io/brainstem/")) {
                deepest = i;
                documents |= f.startsWith("io/brainstem/boot/DocumentSpooler/drainRequests");
            }
        }
        if (documents) {
            return "request summary documents (spool writer)";
        }
        if (deepest >= 0) {
            String f = frames[deepest].replace('.', '/');
            if (f.startsWith("io/brainstem/bench/")) {
                return "endpoint's own work";
            }
            // the filter's frames are below everything a request does: its own work is what does not go
            // on into the filter chain or into the body writes that pass through its hook
            if (thread.startsWith("[http-nio") && (f.startsWith("io/brainstem/monitor/")
                    || f.startsWith("io/brainstem/boot/BrainstemWebConfiguration")
                    || f.startsWith("io/brainstem/web/RequestMonitorFilter") && !passesOn(frames, deepest))) {
                return "request monitoring (request threads)";
            }
        }
        if (thread.startsWith("[http-nio")) {
            return "rest of the request threads";
        }
        if (thread.startsWith("[ForkJoinPool") || thread.startsWith("[VirtualThread") || thread.startsWith("[brainstem")) {
            return "virtual threads (daemon, spool writer) apart from the above";
        }
        if (thread.startsWith("[C1 Compiler") || thread.startsWith("[C2 Compiler")) {
            return "JIT compiler";
        }
        if (thread.startsWith("[GC Thread") || thread.startsWith("[G1 ") || thread.startsWith("[VM Thread")) {
            return "GC";
        }
        return "other JVM threads";
    }

    /** Whether the frames below {@code from} are the filter chain or the response body's own writes. */
    private static boolean passesOn(String[] frames, int from) {
        for (int i = from + 1; i < frames.length; i++) {
            String f = frames[i].replace('.', '/');
            if (f.startsWith("org/apache/catalina/core/ApplicationFilterChain")
                    || f.startsWith("org/apache/catalina/connector/CoyoteOutputStream")
                    || f.startsWith("org/apache/catalina/connector/OutputBuffer")) {
                return true;
            }
        }
        return false;
    }
}
