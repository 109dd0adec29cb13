package io.brainstem.sensor;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads small kernel text files (proc, sys) into a string and offers the few parsing primitives the
 * sensors need, without regular expressions. Kernel files are ASCII, so bytes map to chars one to one.
 *
 * <p>An instance keeps one growing byte buffer to avoid a fresh allocation per read: not thread-safe,
 * one instance per sensor (a sensor is never called concurrently with itself).
 *
 * <p>An instance made by {@link #keepingFilesOpen()} is for the files a sensor reads on every poll: it
 * keeps each file open and reads it again from offset 0 ({@code pread}), which the kernel answers with
 * fresh content, so a poll pays neither the path lookup of an open nor a close; that halves the cost of
 * a small proc file. A kept file that stops answering (a device or cgroup removed: ENODEV) is opened
 * afresh once; every {@link #REOPEN_INTERVAL} all kept files are closed and opened again on their next
 * read, which bounds how long a file replaced under the same path could be missed and lets go of files
 * no longer read. Files that cannot be read from an offset are read the ordinary way.
 */
final class ProcText implements AutoCloseable {

    /** How long a kept file stays open before it is opened afresh. */
    static final Duration REOPEN_INTERVAL = Duration.ofMinutes(1);

    private byte[] buffer = new byte[8192];
    private final Map<Path, FileChannel> kept;
    private final Set<Path> notKeepable;
    private final long reopenNanos;
    private ByteBuffer direct;
    private long openedAt = System.nanoTime();

    /** Opens, reads and closes each file on every read. */
    ProcText() {
        this(false, REOPEN_INTERVAL);
    }

    private ProcText(boolean keep, Duration reopenAfter) {
        this.kept = keep ? new ConcurrentHashMap<>() : null;
        this.notKeepable = keep ? ConcurrentHashMap.newKeySet() : null;
        this.reopenNanos = reopenAfter.toNanos();
    }

    /** For the files read on every poll: keeps them open between reads (see the class comment). */
    static ProcText keepingFilesOpen() {
        return new ProcText(true, REOPEN_INTERVAL);
    }

    /** The same with another reopen interval (tests). */
    static ProcText keepingFilesOpen(Duration reopenAfter) {
        return new ProcText(true, reopenAfter);
    }

    /** The whole file; {@link NoSuchFileException} when it does not exist. */
    String read(Path file) throws IOException {
        if (kept == null || notKeepable.contains(file)) {
            return readOnce(file);
        }
        long now = System.nanoTime();
        if (now - openedAt >= reopenNanos) {
            closeKept();
            openedAt = now;
        }
        FileChannel channel = kept.get(file);
        if (channel != null) {
            try {
                return readFrom(channel);
            } catch (IOException e) {
                kept.remove(file);
                closeQuietly(channel); // gone or replaced: one fresh open below decides
            }
        }
        FileChannel fresh = FileChannel.open(file, StandardOpenOption.READ);
        String content;
        try {
            content = readFrom(fresh);
        } catch (IOException e) {
            closeQuietly(fresh);
            content = readOnce(file); // throws when the file cannot be read at all
            notKeepable.add(file);    // readable, but not from an offset: read it the ordinary way
            return content;
        }
        FileChannel raced = kept.put(file, fresh);
        if (raced != null) {
            closeQuietly(raced);
        }
        return content;
    }

    private String readOnce(Path file) throws IOException {
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

    /** Reads a kept file from offset 0 to its end into the direct buffer (no copy through the JDK's). */
    private String readFrom(FileChannel channel) throws IOException {
        if (direct == null) {
            direct = ByteBuffer.allocateDirect(buffer.length);
        }
        direct.clear();
        long position = 0;
        for (;;) {
            int r = channel.read(direct, position);
            if (r < 0 || (r == 0 && direct.hasRemaining())) {
                break;
            }
            position += r;
            if (!direct.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocateDirect(direct.capacity() * 2);
                direct.flip();
                bigger.put(direct);
                direct = bigger;
            }
        }
        int n = direct.position();
        if (buffer.length < n) {
            buffer = new byte[Math.max(n, buffer.length * 2)];
        }
        direct.flip();
        direct.get(buffer, 0, n);
        return new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** How many files are kept open now. */
    int keptFiles() {
        return kept == null ? 0 : kept.size();
    }

    private void closeKept() {
        if (kept == null) {
            return;
        }
        for (Path p : List.copyOf(kept.keySet())) {
            FileChannel channel = kept.remove(p);
            if (channel != null) {
                closeQuietly(channel);
            }
        }
        notKeepable.clear();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // a read-only descriptor: nothing was buffered that could be lost
        }
    }

    /** Closes the kept files; a later read opens them again. */
    @Override
    public void close() {
        closeKept();
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
