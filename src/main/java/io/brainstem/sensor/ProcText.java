package io.brainstem.sensor;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads small kernel text files (proc, sys) into a string and offers the few parsing primitives the
 * sensors need, without regular expressions. Kernel files are ASCII, so bytes map to chars one to one.
 *
 * <p>An instance keeps one growing byte buffer to avoid a fresh allocation per read: not thread-safe,
 * one instance per sensor (a sensor is never called concurrently with itself).
 */
final class ProcText {

    private byte[] buffer = new byte[8192];

    /** The whole file; {@link NoSuchFileException} when it does not exist. */
    String read(Path file) throws IOException {
        try (FileInputStream in = new FileInputStream(file.toString())) {
            int n = 0;
            for (;;) {
                int r = in.read(buffer, n, buffer.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
                if (n == buffer.length) {
                    buffer = Arrays.copyOf(buffer, n * 2);
                }
            }
            return new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        } catch (java.io.FileNotFoundException e) {
            throw new NoSuchFileException(file.toString(), null, e.getMessage());
        }
    }

    /** The whole file, or {@code null} when it does not exist or cannot be read. */
    String readIfPresent(Path file) {
        try {
            return read(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** The first line of the file without surrounding blanks, or {@code null} when it cannot be read. */
    String firstLine(Path file) {
        String text = readIfPresent(file);
        if (text == null) {
            return null;
        }
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).strip();
    }

    /** A file holding one integer (sysfs attributes), or {@code null} when absent or not a number. */
    Long longValue(Path file) {
        String line = firstLine(file);
        if (line == null || line.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Splits text into lines (without terminators), dropping a trailing empty line. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int len = text.length();
        while (start < len) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? len : nl;
            out.add(text.substring(start, end));
            start = end + 1;
        }
        return out;
    }

    /** Splits a line on runs of spaces and tabs. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>(20);
        int i = 0;
        int len = line.length();
        while (i < len) {
            while (i < len && isBlank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < len && !isBlank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
        return out;
    }

    /**
     * Parses an unsigned decimal counter; {@code -1} when the text is not one (kernel counters never
     * are negative, so -1 is free to mean "missing").
     */
    static long counter(String text) {
        int len = text.length();
        if (len == 0 || len > 19) {
            return len > 19 ? parseHuge(text) : -1;
        }
        long v = 0;
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The field at {@code index} as a counter, or -1 when the line is shorter or it is not a number. */
    static long counter(List<String> fields, int index) {
        return index < fields.size() ? counter(fields.get(index)) : -1;
    }

    /** Counters past 2^63 (a u64 near wrap) are clamped: they only ever feed deltas, which then read absent. */
    private static long parseHuge(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.MAX_VALUE;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
