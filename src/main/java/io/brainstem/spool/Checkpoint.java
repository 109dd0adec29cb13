package io.brainstem.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The durable acknowledgement position: every record with a smaller offset was acknowledged.
 *
 * <p>The file has two slots, 512 bytes apart so no disk sector holds both; each holds magic, a sequence
 * number, the position and a CRC-32 of those. A write goes to the slot the previous write did not use and
 * is forced before it returns; a reader takes the valid slot with the higher sequence number. A write
 * torn by a crash therefore leaves the previous position readable, and a moving position costs one
 * data force, no file creation or rename. The file itself is created once, through a temporary file and an
 * atomic rename, so it never exists half-written.
 *
 * <p>Not thread-safe; {@link Spool} calls it under its lock.
 */
final class Checkpoint implements Closeable {

    static final String FILE_NAME = "ack.checkpoint";
    private static final String TEMP_NAME = FILE_NAME + ".tmp";
    private static final int MAGIC = 0x4253_4B32; // "BSK2"
    private static final int SLOT_SIZE = 24;
    private static final int SLOT_DISTANCE = 512;
    private static final int FILE_SIZE = 2 * SLOT_DISTANCE;

    private final Path path;
    /** Reopened if an interrupt closed it (see {@code Segment}). */
    private FileChannel channel;
    private boolean closed;
    private final long recovered;
    private final String damage;
    private long sequence;

    private Checkpoint(Path path, FileChannel channel, long recovered, long sequence, String damage) {
        this.path = path;
        this.channel = channel;
        this.recovered = recovered;
        this.sequence = sequence;
        this.damage = damage;
    }

    /** Opens the checkpoint in {@code directory}, creating one at position 0 if there is none. */
    static Checkpoint open(Path directory) throws IOException {
        Path path = directory.resolve(FILE_NAME);
        Files.deleteIfExists(directory.resolve(TEMP_NAME));
        byte[] bytes = null;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            // first start
        }
        long position = 0;
        long sequence = 0;
        String damage = null;
        if (bytes != null) {
            boolean found = false;
            for (int slot = 0; slot < 2; slot++) {
                int at = slot * SLOT_DISTANCE;
                if (bytes.length < at + SLOT_SIZE) {
                    continue;
                }
                ByteBuffer in = ByteBuffer.wrap(bytes, at, SLOT_SIZE);
                if (in.getInt(at) == MAGIC && in.getInt(at + 20) == RecordFormat.crc(bytes, at, 20)
                        && in.getLong(at + 12) >= 0 && (!found || in.getLong(at + 4) > sequence)) {
                    found = true;
                    sequence = in.getLong(at + 4);
                    position = in.getLong(at + 12);
                }
            }
            if (!found) {
                damage = path + " holds no valid position (" + bytes.length + " bytes)";
            }
        }
        if (bytes == null || damage != null || bytes.length != FILE_SIZE) {
            create(directory, sequence, position);
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Checkpoint(path, channel, position, sequence, damage);
    }

    private static void create(Path directory, long sequence, long position) throws IOException {
        Path temp = directory.resolve(TEMP_NAME);
        ByteBuffer content = ByteBuffer.allocate(FILE_SIZE);
        slot(content, 0, sequence, position);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (content.hasRemaining()) {
                channel.write(content);
            }
            channel.force(true);
        }
        try {
            Files.move(temp, directory.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, directory.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(directory);
    }

    private static void slot(ByteBuffer into, int at, long sequence, long position) {
        into.putInt(at, MAGIC).putLong(at + 4, sequence).putLong(at + 12, position);
        into.putInt(at + 20, RecordFormat.crc(into.array(), at, 20));
    }

    /** The position found on open (0 for a new or damaged checkpoint). */
    long recovered() {
        return recovered;
    }

    /** Why the file on disk could not be read, or {@code null}. */
    String damage() {
        return damage;
    }

    /** Makes {@code position} durable before returning. */
    void write(long position) throws IOException {
        long next = sequence + 1;
        ByteBuffer slot = ByteBuffer.allocate(SLOT_SIZE);
        slot(slot, 0, next, position);
        long at = (next % 2) * SLOT_DISTANCE;
        if (!channel.isOpen() && !closed) {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        while (slot.hasRemaining()) {
            at += channel.write(slot, at);
        }
        channel.force(false); // the file's size never changes: forcing the data is enough
        sequence = next;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }

    /**
     * Makes created, renamed and deleted names in the directory durable. Linux and macOS allow forcing a
     * directory; where the platform refuses, the rename is as durable as the platform makes it.
     */
    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; NTFS journals the rename itself.
        }
    }
}
