package io.brainstem.emit;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/**
 * Writes values under dotted paths as nested JSON objects straight to a generator, without building a
 * tree first: the object path of the previous value stays open, so consecutive values that share a
 * prefix land in the same object. The caller must give the values of one object consecutively (a path
 * whose object was already closed would open a second object of the same name). For documents written
 * on every request, where {@link JsonTree}'s maps cost more than the JSON itself. Absent numbers (NaN,
 * infinite) and null strings are left out, as {@link JsonTree} leaves them out. Not thread-safe.
 */
final class NestedJsonWriter {

    private final JsonGenerator out;
    private final String[] open = new String[16];
    private int depth;

    /** Starts the document's root object. */
    NestedJsonWriter(JsonGenerator out) throws IOException {
        this.out = out;
        out.writeStartObject();
    }

    /** Splits a dotted path once, for a constant. */
    static String[] path(String dotted) {
        return dotted.split("\\.");
    }

    /** The same path with {@code leaf} appended. */
    static String[] path(String[] parent, String leaf) {
        String[] p = java.util.Arrays.copyOf(parent, parent.length + 1);
        p[parent.length] = leaf;
        return p;
    }

    NestedJsonWriter put(String[] path, String value) throws IOException {
        if (value != null) {
            field(path);
            out.writeString(value);
        }
        return this;
    }

    NestedJsonWriter put(String[] path, double value) throws IOException {
        if (Double.isFinite(value)) {
            field(path);
            out.writeNumber(value);
        }
        return this;
    }

    NestedJsonWriter put(String[] path, long value) throws IOException {
        field(path);
        out.writeNumber(value);
        return this;
    }

    NestedJsonWriter put(String[] path, boolean value) throws IOException {
        field(path);
        out.writeBoolean(value);
        return this;
    }

    /**
     * Opens an array under {@code path} and hands the generator over for its elements; the caller
     * writes them and then calls {@link #endArray()}.
     */
    JsonGenerator startArray(String[] path) throws IOException {
        field(path);
        out.writeStartArray();
        return out;
    }

    NestedJsonWriter endArray() throws IOException {
        out.writeEndArray();
        return this;
    }

    /** Closes every open object and the root. */
    void end() throws IOException {
        closeTo(0);
        out.writeEndObject();
    }

    /** Closes the objects the path does not share, opens the ones it adds, writes the leaf's name. */
    private void field(String[] path) throws IOException {
        int parents = path.length - 1;
        int shared = 0;
        while (shared < depth && shared < parents && open[shared].equals(path[shared])) {
            shared++;
        }
        closeTo(shared);
        for (int i = shared; i < parents; i++) {
            out.writeFieldName(path[i]);
            out.writeStartObject();
            open[depth++] = path[i];
        }
        out.writeFieldName(path[parents]);
    }

    private void closeTo(int level) throws IOException {
        while (depth > level) {
            out.writeEndObject();
            depth--;
        }
    }
}
