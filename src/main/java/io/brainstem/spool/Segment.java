package io.brainstem.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;

/**
 * One segment file: a 16-byte header (magic, base offset, CRC-32 of both) followed by record frames
 * ({@link RecordFormat}). A record's spool offset is {@code base + its position in the file}, so the
 * file name, the header and the offsets agree and a segment's range is {@code [base, base + end)}.
 *
 * <p>Keeps an in-memory index of frame positions so peeking, acknowledging and counting never parse the
 * file, plus the acknowledgement state of its records. Not thread-safe: {@link Spool} guards every
 * segment with its lock.
 */
final class Segment {

    static final int HEADER_SIZE = 16;
    static final String SUFFIX = ".spool";
    static final String CORRUPT_SUFFIX = ".corrupt";
    private static final int MAGIC = 0x4253_5031; // "BSP1"
    private static final int SCAN_CHUNK = 256 * 1024;

    final long base;
    private final Path path;
    /**
     * Replaced when an interrupt closed it: a {@link FileChannel} closes itself when the thread using it
     * is interrupted, which must cost the interrupted call, not every later one.
     */
    private FileChannel channel;
    private boolean retired;
    /** Frame positions in the file, in append order; {@code positions[0..count)} are valid. */
    private int[] positions = new int[256];
    private int count;
    /** Bytes of the file holding the header and whole frames; appends go here. */
    private long end;
    /** Records below this index are acknowledged (the spool's ack position lies at or after them). */
    int headIndex;
    /** Records at or above headIndex that were acknowledged out of order. */
    final BitSet acked = new BitSet();

    private Segment(long base, Path path, FileChannel channel, long end) {
        this.base = base;
        this.path = path;
        this.channel = channel;
        this.end = end;
    }

    static String fileName(long base) {
        return String.format(Locale.ROOT, "%020d%s", base, SUFFIX);
    }

    /** The base offset a segment file name encodes, or -1 when the name is not a segment's. */
    static long baseOf(String fileName) {
        if (!fileName.endsWith(SUFFIX) || fileName.length() != 20 + SUFFIX.length()) {
            return -1;
        }
        try {
            return Long.parseLong(fileName.substring(0, 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Creates a new, empty segment file and makes it durable. */
    static Segment create(Path directory, long base) throws IOException {
        Path path = directory.resolve(fileName(base));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            writeFully(channel, header(base), 0);
            channel.force(true);
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
        Checkpoint.forceDirectory(directory);
        return new Segment(base, path, channel, HEADER_SIZE);
    }

    /**
     * Opens an existing segment file and indexes its frames up to the first damaged one.
     *
     * @return the segment and, when the file holds more than whole frames, where and why the damage is
     */
    static Opened open(Path path, long base) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            Segment segment = new Segment(base, path, channel, HEADER_SIZE);
            if (size < HEADER_SIZE) {
                return new Opened(segment, 0, "header cut short (" + size + " bytes)");
            }
            ByteBuffer head = ByteBuffer.allocate(HEADER_SIZE);
            readFully(channel, head, 0);
            if (!head.flip().equals(header(base))) {
                return new Opened(segment, 0, "header does not match the file name");
            }
            return segment.scan(size);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    record Opened(Segment segment, long damagedAt, String damage) {
        boolean damaged() {
            return damage != null;
        }
    }

    private Opened scan(long size) throws IOException {
        ScanWindow window = new ScanWindow(channel, size);
        int maxFrame = (int) Math.min(size, Integer.MAX_VALUE - 8);
        long position = HEADER_SIZE;
        while (position < size) {
            long remaining = size - position;
            window.cover(position, (int) Math.min(remaining, 4));
            if (remaining >= 4) {
                int body = ByteBuffer.wrap(window.bytes, window.at(position), 4).getInt();
                if (body >= RecordFormat.MIN_BODY && body <= maxFrame - 8) {
                    window.cover(position, (int) Math.min(remaining, body + 8L));
                }
            }
            int result = RecordFormat.check(window.bytes, window.at(position), remaining, maxFrame);
            if (result < 0) {
                return new Opened(this, position, RecordFormat.why(result));
            }
            addPosition(position);
            position += result;
            end = position;
        }
        return new Opened(this, -1, null);
    }

    /** A sliding read buffer over the file for the recovery scan: one read per chunk, not per frame. */
    private static final class ScanWindow {
        /**
     * Replaced when an interrupt closed it: a {@link FileChannel} closes itself when the thread using it
     * is interrupted, which must cost the interrupted call, not every later one.
     */
    private FileChannel channel;
    private boolean retired;
        private final long size;
        byte[] bytes;
        private long start = HEADER_SIZE;
        private int filled;

        ScanWindow(FileChannel channel, long size) {
            this.channel = channel;
            this.size = size;
            this.bytes = new byte[(int) Math.max(4, Math.min(SCAN_CHUNK, size))];
        }

        int at(long position) {
            return (int) (position - start);
        }

        /** Makes sure {@code need} bytes from {@code position} (which lies in the window) are held. */
        void cover(long position, int need) throws IOException {
            int held = filled - at(position);
            if (held >= need) {
                return;
            }
            byte[] next = need > bytes.length ? new byte[need] : bytes;
            System.arraycopy(bytes, at(position), next, 0, held);
            bytes = next;
            start = position;
            filled = held;
            int toRead = (int) Math.min(bytes.length - filled, size - (start + filled));
            readFully(channel, ByteBuffer.wrap(bytes, filled, toRead), start + filled);
            filled += toRead;
        }
    }

    private static ByteBuffer header(long base) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).putInt(MAGIC).putLong(base);
        header.putInt(RecordFormat.crc(header.array(), 0, 12));
        return header.flip();
    }

    private void addPosition(long position) {
        if (count == positions.length) {
            positions = Arrays.copyOf(positions, count * 2);
        }
        positions[count++] = (int) position;
    }

    /** Cuts the file back to its whole frames (after a torn tail) and makes that durable. */
    void truncateToEnd() throws IOException {
        FileChannel channel = channel();
        if (channel.size() < HEADER_SIZE) {
            channel.truncate(0);
            writeFully(channel, header(base), 0);
        }
        channel.truncate(end);
        channel.force(true);
    }

    /**
     * The open channel, reopened if an interrupt closed it. A frame whose write was interrupted is cut
     * off on reopening, so the file again ends with a whole frame.
     */
    private FileChannel channel() throws IOException {
        if (!channel.isOpen()) {
            if (retired) {
                throw new ClosedChannelException();
            }
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (channel.size() > end) {
                channel.truncate(end);
            }
        }
        return channel;
    }

    /** Writes a frame after the last one. On failure the file is cut back so no partial frame stays. */
    void append(ByteBuffer frame) throws IOException {
        append(frame, new int[] {frame.remaining()});
    }

    /**
     * Writes frames after the last one with one positional write: {@code frames} holds them back to back,
     * {@code sizes} their lengths. On failure the file is cut back so none of them stays.
     */
    void append(ByteBuffer frames, int[] sizes) throws IOException {
        int size = frames.remaining();
        FileChannel channel = channel();
        try {
            writeFully(channel, frames, end);
        } catch (IOException e) {
            try {
                channel.truncate(end); // fails when an interrupt closed the channel: channel() cuts it then
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        long at = end;
        for (int frame : sizes) {
            addPosition(at);
            at += frame;
        }
        end += size;
    }

    void force() throws IOException {
        channel().force(true);
    }

    int count() {
        return count;
    }

    /** File bytes: header plus whole frames. */
    long size() {
        return end;
    }

    long offsetOf(int index) {
        return base + positions[index];
    }

    int frameSize(int index) {
        return (int) ((index + 1 < count ? positions[index + 1] : end) - positions[index]);
    }

    /** Index of the record at {@code offset}, or a negative number when no record starts there. */
    int indexOf(long offset) {
        long position = offset - base;
        if (position < HEADER_SIZE || position >= end) {
            return -1;
        }
        return Arrays.binarySearch(positions, 0, count, (int) position);
    }

    /** Index of the first record at or after {@code offset} ({@link #count} if none). */
    int indexAtOrAfter(long offset) {
        long position = offset - base;
        if (position <= HEADER_SIZE) {
            return 0;
        }
        if (position >= end) {
            return count;
        }
        int i = Arrays.binarySearch(positions, 0, count, (int) position);
        return i >= 0 ? i : -i - 1;
    }

    boolean contains(long offset) {
        return offset >= base && offset < base + end;
    }

    /** Unacknowledged records. */
    int unacknowledged() {
        return count - headIndex - acked.cardinality();
    }

    /** Unacknowledged records at or after {@code index}. */
    int unacknowledgedFrom(int index) {
        int from = Math.max(index, headIndex);
        return from >= count ? 0 : count - from - acked.get(from, count).cardinality();
    }

    /** Reads the frames {@code [from, to)} into one array, with a single read. */
    byte[] read(int from, int to) throws IOException {
        long start = positions[from];
        long stop = to < count ? positions[to] : end;
        byte[] bytes = new byte[(int) (stop - start)];
        readFully(channel(), ByteBuffer.wrap(bytes), start);
        return bytes;
    }

    /** Position within {@link #read}'s array of frame {@code index}, for a read starting at {@code from}. */
    int relative(int from, int index) {
        return positions[index] - positions[from];
    }

    Instant timestamp(int index) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(16);
        readFully(channel(), head, positions[index]);
        return RecordFormat.timestamp(head.flip());
    }

    Path path() {
        return path;
    }

    void close() throws IOException {
        retired = true;
        channel.close();
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new IOException("unexpected end of " + "segment file at " + at);
            }
            at += n;
        }
    }
}
