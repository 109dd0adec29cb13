package io.brainstem.emit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a {@code _bulk} response into one {@link BulkItem} per document, in request order. When the
 * response says {@code "errors":false} every item is delivered and the items are not read one by one.
 * Thread-safe.
 */
final class BulkResponses {

    /** Asks Elasticsearch to leave out everything the emitter does not read. */
    static final String FILTER_PATH = "errors,items.*.status,items.*.error.type,items.*.error.reason,"
            + "items.*.error.caused_by.reason";

    private static final JsonFactory JSON = new JsonFactory();
    private static final BulkItem CREATED = new BulkItem(201, null, null);

    private BulkResponses() {
    }

    /**
     * @param expected how many documents the request carried
     * @throws IOException when the body is not a bulk response or has a different number of items
     */
    static List<BulkItem> read(InputStream body, int expected) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("bulk response is not a JSON object");
            }
            Boolean errors = null;
            List<BulkItem> items = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("errors")) {
                    errors = value == JsonToken.VALUE_TRUE;
                    if (!errors) {
                        return Collections.nCopies(expected, CREATED);
                    }
                } else if (field.equals("items") && value == JsonToken.START_ARRAY) {
                    items = readItems(p, expected);
                } else {
                    p.skipChildren();
                }
            }
            if (errors == null) {
                throw new IOException("bulk response has no \"errors\" field");
            }
            if (items == null || items.size() != expected) {
                throw new IOException("bulk response has " + (items == null ? 0 : items.size()) + " items for "
                        + expected + " documents");
            }
            return items;
        }
    }

    private static List<BulkItem> readItems(JsonParser p, int expected) throws IOException {
        List<BulkItem> items = new ArrayList<>(expected);
        while (p.nextToken() == JsonToken.START_OBJECT) {
            BulkItem item = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                p.nextToken();
                item = readAction(p);
            }
            items.add(item == null ? new BulkItem(0, "unknown", "empty bulk item") : item);
        }
        return items;
    }

    /** The object under the action name: {@code {"status":201}} or with an {@code error}. */
    private static BulkItem readAction(JsonParser p) throws IOException {
        int status = 0;
        String type = null;
        String reason = null;
        String cause = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("status")) {
                status = p.getIntValue();
            } else if (field.equals("error") && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken v = p.nextToken();
                    if (f.equals("type")) {
                        type = p.getText();
                    } else if (f.equals("reason")) {
                        reason = p.getText();
                    } else if (f.equals("caused_by") && v == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            p.nextToken();
                            if (p.currentName().equals("reason")) {
                                cause = p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        if (cause != null) {
            reason = reason == null ? cause : reason + ": " + cause;
        }
        return new BulkItem(status, type, reason);
    }
}
