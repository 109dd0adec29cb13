package io.brainstem.emit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The NDJSON body of a {@code _bulk} request: a {@code create} action per entry ({@code _index} = target,
 * {@code _id} = id; data streams accept only {@code create}) followed by the document's own bytes.
 * The document is copied as it is, except that a raw line break in it (legal JSON whitespace, fatal to
 * NDJSON) becomes a space. Stateless, thread-safe.
 */
final class BulkBody {

    private static final byte[] OPEN = "{\"create\":{\"_index\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "\",\"_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "\"}}\n".getBytes(StandardCharsets.US_ASCII);

    private BulkBody() {
    }

    static byte[] of(List<BacklogEntry> entries) {
        int estimate = 0;
        for (BacklogEntry e : entries) {
            estimate += e.size() + e.target().length() + e.id().length() + 40;
        }
        Out out = new Out(estimate);
        for (BacklogEntry e : entries) {
            out.write(OPEN);
            out.writeJsonString(e.target());
            out.write(ID);
            out.writeJsonString(e.id());
            out.write(CLOSE);
            out.writeDocument(e.document());
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** A ByteArrayOutputStream without synchronisation or checked exceptions. */
    private static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(size);
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        void writeDocument(byte[] doc) {
            int start = count;
            write(doc);
            for (int i = start; i < count; i++) {
                if (buf[i] == '\n' || buf[i] == '\r') {
                    buf[i] = ' ';
                }
            }
        }

        /** The string's JSON escaping without the quotes: only quote, backslash and control characters change. */
        void writeJsonString(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    write('\\');
                    write(c);
                } else if (c < 0x20) {
                    write(String.format("\\u%04x", (int) c).getBytes(StandardCharsets.US_ASCII));
                } else if (c < 0x80) {
                    write(c);
                } else {
                    int end = i + 1;
                    while (end < s.length() && s.charAt(end) >= 0x80) {
                        end++;
                    }
                    write(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                    i = end - 1;
                }
            }
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }
    }
}
