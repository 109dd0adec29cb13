package io.brainstem.emit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Documents Elasticsearch rejected for good, kept so nothing is lost silently and the rest of the backlog
 * moves on: one JSON object per line with {@code time}, {@code target}, {@code id}, {@code offset},
 * {@code status}, {@code type}, {@code reason} and {@code document} (the document's bytes as a JSON
 * string, since a rejected document may not even be valid JSON). Lines are appended and forced to disk
 * before the documents are acknowledged. Used by the emitter's one thread; not thread-safe.
 */
public final class DeadLetterFile {

    /** One rejected document and why. */
    record Letter(Instant time, BacklogEntry entry, BulkItem item) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;

    public DeadLetterFile(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    /** Appends the letters and forces them to disk; all or, on an exception, possibly some of them. */
    void append(List<Letter> letters) throws IOException {
        if (letters.isEmpty()) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Letter letter : letters) {
            try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                BacklogEntry e = letter.entry();
                g.writeStartObject();
                g.writeStringField("time", letter.time().toString());
                g.writeStringField("target", e.target());
                g.writeStringField("id", e.id());
                g.writeNumberField("offset", e.offset());
                g.writeStringField("timestamp", e.timestamp().toString());
                g.writeNumberField("status", letter.item().status());
                g.writeStringField("type", letter.item().type());
                g.writeStringField("reason", letter.item().reason());
                g.writeStringField("document", new String(e.document(), StandardCharsets.UTF_8));
                g.writeEndObject();
            }
            out.write('\n');
        }
        Path parent = file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(out.toByteArray());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
    }
}
