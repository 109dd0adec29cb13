package io.brainstem.spool;

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
 * <p>Written whole to a temporary file, forced, renamed over the old one and the directory forced, so
 * after a crash the file holds either the old or the new position, never a mix. 16 bytes: magic,
 * position, CRC-32 of the first 12.
 */
final class Checkpoint {

    static final String FILE_NAME = "ack.checkpoint";
    private static final String TEMP_NAME = FILE_NAME + ".tmp";
    private static final int MAGIC = 0x4253_4B31; // "BSK1"
    private static final int SIZE = 16;

    private Checkpoint() {
    }

    /**
     * The stored position, 0 when there is no checkpoint yet.
     *
     * @throws IOException when the file exists but is not a checkpoint (the caller decides what to do)
     */
    static long read(Path directory) throws IOException {
        Files.deleteIfExists(directory.resolve(TEMP_NAME));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(directory.resolve(FILE_NAME));
        } catch (NoSuchFileException e) {
            return 0;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length != SIZE || in.getInt(0) != MAGIC || in.getInt(12) != RecordFormat.crc(bytes, 0, 12)
                || in.getLong(4) < 0) {
            throw new IOException(directory.resolve(FILE_NAME) + " is damaged (" + bytes.length + " bytes)");
        }
        return in.getLong(4);
    }

    static void write(Path directory, long position) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(SIZE).putInt(MAGIC).putLong(position);
        out.putInt(RecordFormat.crc(out.array(), 0, 12)).flip();
        Path temp = directory.resolve(TEMP_NAME);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (out.hasRemaining()) {
                channel.write(out);
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
