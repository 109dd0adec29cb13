package io.brainstem.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32;

/**
 * The on-disk frame of one record, big-endian:
 *
 * <pre>
 * int    bodyLength                 bytes from epochSecond to the end of document
 * long   epochSecond
 * int    nano
 * u16    targetLength, then target  UTF-8
 * u16    idLength,     then id      UTF-8
 * byte[] document                   the rest of the body
 * int    crc32                      CRC-32 of bodyLength and body
 * </pre>
 *
 * The length comes first so a reader can skip; the CRC covers the length too, so a damaged length is
 * caught as surely as a damaged body. A frame whose length points past the end of the file, whose CRC
 * does not match or whose inner lengths do not add up is damaged: a torn write at the tail or corruption.
 */
final class RecordFormat {

    /** Bytes of a frame besides target, id and document. */
    static final int OVERHEAD = 4 + 8 + 4 + 2 + 2 + 4;
    /** Smallest legal body: timestamp and the two lengths. */
    static final int MIN_BODY = 8 + 4 + 2 + 2;
    static final int MAX_NAME_BYTES = 0xFFFF;

    private RecordFormat() {
    }

    static int frameSize(int targetBytes, int idBytes, int documentBytes) {
        return OVERHEAD + targetBytes + idBytes + documentBytes;
    }

    static ByteBuffer encode(Instant timestamp, byte[] target, byte[] id, byte[] document) {
        int size = frameSize(target.length, id.length, document.length);
        ByteBuffer frame = ByteBuffer.allocate(size);
        frame.putInt(size - 8)
                .putLong(timestamp.getEpochSecond())
                .putInt(timestamp.getNano())
                .putShort((short) target.length).put(target)
                .putShort((short) id.length).put(id)
                .put(document);
        frame.putInt(crc(frame.array(), 0, size - 4));
        return frame.flip();
    }

    /**
     * Checks the frame starting at {@code at} in {@code bytes}, of which {@code available} bytes from
     * {@code at} on belong to the file.
     *
     * @return the frame's total size, or a negative number when the frame is damaged (see {@link #why})
     */
    static int check(byte[] bytes, int at, long available, int maxFrame) {
        if (available < 4) {
            return TRUNCATED;
        }
        int body = ByteBuffer.wrap(bytes, at, 4).getInt();
        if (body < MIN_BODY || body > maxFrame - 8) {
            return BAD_LENGTH;
        }
        int size = body + 8;
        if (size > available) {
            return TRUNCATED;
        }
        ByteBuffer frame = ByteBuffer.wrap(bytes, at, size);
        if (frame.getInt(at + size - 4) != crc(bytes, at, size - 4)) {
            return BAD_CRC;
        }
        int targetLength = Short.toUnsignedInt(frame.getShort(at + 16));
        if (18 + targetLength + 2 > size - 4) {
            return BAD_LAYOUT;
        }
        int idLength = Short.toUnsignedInt(frame.getShort(at + 18 + targetLength));
        if (20 + targetLength + idLength > size - 4) {
            return BAD_LAYOUT;
        }
        return size;
    }

    static final int TRUNCATED = -1;
    static final int BAD_LENGTH = -2;
    static final int BAD_CRC = -3;
    static final int BAD_LAYOUT = -4;

    static String why(int checkResult) {
        return switch (checkResult) {
            case TRUNCATED -> "frame cut short by the end of the file";
            case BAD_LENGTH -> "frame length out of range";
            case BAD_CRC -> "CRC-32 mismatch";
            case BAD_LAYOUT -> "inner lengths exceed the frame";
            default -> "frame of " + checkResult + " bytes";
        };
    }

    /** Decodes a frame that {@link #check} accepted. */
    static SpoolRecord decode(long offset, byte[] bytes, int at, int size) {
        ByteBuffer frame = ByteBuffer.wrap(bytes);
        Instant timestamp = Instant.ofEpochSecond(frame.getLong(at + 4), frame.getInt(at + 12));
        int targetLength = Short.toUnsignedInt(frame.getShort(at + 16));
        String target = new String(bytes, at + 18, targetLength, StandardCharsets.UTF_8);
        int idAt = at + 18 + targetLength;
        int idLength = Short.toUnsignedInt(frame.getShort(idAt));
        String id = new String(bytes, idAt + 2, idLength, StandardCharsets.UTF_8);
        int documentAt = idAt + 2 + idLength;
        byte[] document = new byte[at + size - 4 - documentAt];
        System.arraycopy(bytes, documentAt, document, 0, document.length);
        return new SpoolRecord(offset, timestamp, target, id, document);
    }

    /** The timestamp of a frame whose first 16 bytes are in {@code head}. */
    static Instant timestamp(ByteBuffer head) {
        return Instant.ofEpochSecond(head.getLong(4), head.getInt(12));
    }

    static int crc(byte[] bytes, int at, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, at, length);
        return (int) crc.getValue();
    }
}
