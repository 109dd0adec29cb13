package io.brainstem.emit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A document under construction: values put under dotted paths ({@code system.cpu.total.norm.pct}) and
 * written as nested JSON objects, in insertion order. Absent numbers (NaN, infinite) are not put, so
 * they never reach a document. Not thread-safe: one document, one thread.
 */
final class JsonTree {

    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, Object> root = new LinkedHashMap<>();

    /** Puts a string; {@code null} is left out. */
    JsonTree put(String path, String value) {
        if (value != null) {
            insert(path, value);
        }
        return this;
    }

    /** Puts a number; NaN and infinities (absent readings) are left out. */
    JsonTree put(String path, double value) {
        if (Double.isFinite(value)) {
            insert(path, value);
        }
        return this;
    }

    /** Puts a whole number, rounding; NaN and infinities are left out. */
    JsonTree putLong(String path, double value) {
        if (Double.isFinite(value)) {
            insert(path, Math.round(value));
        }
        return this;
    }

    JsonTree put(String path, long value) {
        insert(path, value);
        return this;
    }

    JsonTree put(String path, boolean value) {
        insert(path, value);
        return this;
    }

    /** Puts a list of strings or of {@link JsonTree}s (an array of objects); an empty list is left out. */
    JsonTree put(String path, List<?> values) {
        if (!values.isEmpty()) {
            insert(path, List.copyOf(values));
        }
        return this;
    }

    boolean isEmpty() {
        return root.isEmpty();
    }

    @SuppressWarnings("unchecked")
    private void insert(String path, Object value) {
        Map<String, Object> node = root;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
            if (!(child instanceof Map)) {
                throw new IllegalStateException("'" + path + "' would put an object where a value is");
            }
            node = (Map<String, Object>) child;
        }
        Object previous = node.putIfAbsent(parts[parts.length - 1], value);
        if (previous != null) {
            throw new IllegalStateException("'" + path + "' is set twice");
        }
    }

    byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes this tree as one JSON object to a generator already inside a document. */
    void write(JsonGenerator g) throws IOException {
        write(g, root);
    }

    @SuppressWarnings("unchecked")
    private static void write(JsonGenerator g, Map<String, Object> node) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : node.entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case Map<?, ?> m -> write(g, (Map<String, Object>) m);
            case JsonTree t -> write(g, t.root);
            case List<?> list -> {
                g.writeStartArray();
                for (Object item : list) {
                    writeValue(g, item);
                }
                g.writeEndArray();
            }
            case String s -> g.writeString(s);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(d);
            case Boolean b -> g.writeBoolean(b);
            default -> throw new IllegalStateException("cannot write " + v.getClass());
        }
    }
}
