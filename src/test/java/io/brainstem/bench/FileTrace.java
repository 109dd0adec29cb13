package io.brainstem.bench;

import io.brainstem.sensor.Sensor;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds which files each sensor reads in a steady-state poll, by recording the JDK's own
 * {@code jdk.FileRead} events (every read, threshold 0) while each sensor reads on a thread named
 * after it. The floor is then the cost of reading exactly those files and nothing else.
 */
final class FileTrace {

    private FileTrace() {
    }

    /**
     * Kernel and system files (under /proc, /sys, /etc) read per sensor name, in the order first read,
     * over {@code polls} reads of each sensor after one untraced read (which does the discovery a fresh
     * sensor does first).
     */
    static Map<String, List<String>> filesRead(List<Sensor> sensors, int polls) throws Exception {
        for (Sensor sensor : sensors) {
            readOn("warm-" + sensor.name(), sensor);
        }
        Path dump = Files.createTempFile("brainstem-bench-", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.FileRead").withThreshold(Duration.ZERO).withoutStackTrace();
            recording.start();
            for (int i = 0; i < polls; i++) {
                for (Sensor sensor : sensors) {
                    readOn("trace-" + sensor.name(), sensor);
                }
            }
            recording.stop();
            recording.dump(dump);
            Map<String, Set<String>> files = new LinkedHashMap<>();
            for (Sensor sensor : sensors) {
                files.put(sensor.name(), new LinkedHashSet<>());
            }
            for (RecordedEvent e : RecordingFile.readAllEvents(dump)) {
                String thread = e.getThread() == null ? null : e.getThread().getJavaName();
                String path = e.getString("path");
                if (thread != null && thread.startsWith("trace-") && path != null && systemFile(path)) {
                    Set<String> set = files.get(thread.substring("trace-".length()));
                    if (set != null) {
                        set.add(path);
                    }
                }
            }
            Map<String, List<String>> out = new LinkedHashMap<>();
            files.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
            return out;
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    private static boolean systemFile(String path) {
        return path.startsWith("/proc/") || path.startsWith("/sys/") || path.startsWith("/etc/");
    }

    private static void readOn(String threadName, Sensor sensor) throws Exception {
        Exception[] failure = new Exception[1];
        Thread t = Thread.ofPlatform().name(threadName).start(() -> {
            try {
                sensor.read(Instant.now());
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        t.join();
        if (failure[0] != null) {
            throw new IOException("sensor " + sensor.name() + " failed while tracing", failure[0]);
        }
    }
}
