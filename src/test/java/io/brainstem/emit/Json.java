package io.brainstem.emit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.SortedSet;

/** JSON helpers for the document tests: parsing, and flattening documents and mappings to dotted paths. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Dotted paths of every value in a document; the objects inside arrays contribute their own paths
     * under the array's path, as Elasticsearch maps them (no array index in the path).
     */
    static SortedSet<String> documentPaths(JsonNode doc) {
        SortedSet<String> out = new TreeSet<>();
        collect(doc, "", out);
        return out;
    }

    private static void collect(JsonNode node, String path, SortedSet<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                collect(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                collect(item, path, out);
            }
        } else {
            out.add(path);
        }
    }

    /** Dotted paths of every field with a {@code type} other than object in a mapping's {@code properties}. */
    static SortedSet<String> mappedPaths(JsonNode properties) {
        SortedSet<String> out = new TreeSet<>();
        mapped(properties, "", out);
        return out;
    }

    private static void mapped(JsonNode properties, String path, SortedSet<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode field = e.getValue();
            if (field.has("properties")) {
                mapped(field.get("properties"), p, out);
            } else if (field.has("type") && !"object".equals(field.get("type").asText())) {
                out.add(p);
            } else {
                out.add(p + ".*"); // an object mapped dynamically (labels, details)
            }
        }
    }

    /** The mapping entry at a dotted path, or a missing node. */
    static JsonNode mappingAt(JsonNode properties, String path) {
        JsonNode node = properties;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            node = node.path(parts[i]);
            if (i < parts.length - 1) {
                node = node.path("properties");
            }
        }
        return node;
    }
}
