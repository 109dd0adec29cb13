package io.brainstem.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JFR recording's CPU samples ({@code jdk.ExecutionSample}) and tells what share of them had a
 * frame of some code on the stack: how the suite says where time went, in the same run.
 */
final class Profile {

    /** Samples in all, and per label the samples with a frame whose class name starts with any prefix. */
    record Shares(long samples, Map<String, Long> byLabel) {
        double share(String label) {
            return samples == 0 ? Double.NaN : byLabel.getOrDefault(label, 0L) / (double) samples;
        }
    }

    private Profile() {
    }

    /** Counts only samples taken at or after {@code from} (so start-up and warm-up are left out). */
    static Shares shares(Path recording, java.time.Instant from, Map<String, List<String>> labels) throws IOException {
        long samples = 0;
        Map<String, Long> counts = new LinkedHashMap<>();
        labels.keySet().forEach(k -> counts.put(k, 0L));
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                        || e.getStartTime().isBefore(from)) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                for (Map.Entry<String, List<String>> label : labels.entrySet()) {
                    if (frames.stream().anyMatch(f -> matches(f, label.getValue()))) {
                        counts.merge(label.getKey(), 1L, Long::sum);
                    }
                }
            }
        }
        return new Shares(samples, counts);
    }

    private static boolean matches(RecordedFrame f, List<String> prefixes) {
        if (f.getMethod() == null || f.getMethod().getType() == null) {
            return false;
        }
        String name = f.getMethod().getType().getName() + "." + f.getMethod().getName();
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
