package io.brainstem.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * An {@link AlertEvent} as an ECS document for the {@code logs-brainstem.alert-<namespace>} data stream,
 * and its deterministic id (so a document shipped twice after a retry is stored once).
 *
 * <p>Shape: {@code @timestamp} (the sample's), {@code message}, {@code event.kind} ({@code alert} for
 * transitions into firing or resolved, {@code event} for pending and back to ok), {@code event.action}
 * {@code ALERT}, {@code event.dataset}/{@code data_stream.dataset} {@code brainstem.alert},
 * {@code ecs.version}, {@code host.name}, {@code log.level} (the severity), {@code rule.name}, {@code labels}, and the
 * transition under {@code brainstem.alert.*}. Absent values (NaN) are left out. Stateless.
 */
public final class AlertDocument {

    public static final String DATASET = "brainstem.alert";
    public static final String ACTION = "ALERT";
    public static final String ECS_VERSION = "8.11.0";

    private static final JsonFactory JSON = new JsonFactory();

    private AlertDocument() {
    }

    /** The data stream the document goes to. */
    public static String dataStream(String namespace) {
        return "logs-" + DATASET + "-" + namespace;
    }

    /** The document, UTF-8 JSON. */
    public static byte[] toJson(AlertEvent e, String hostName, String namespace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(768);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("@timestamp", e.at().toString());
            g.writeStringField("message", e.message());
            g.writeObjectFieldStart("event");
            g.writeStringField("kind", e.notifiable() ? "alert" : "event");
            g.writeStringField("action", ACTION);
            g.writeStringField("dataset", DATASET);
            g.writeStringField("module", "brainstem");
            g.writeStringField("id", id(e, hostName));
            g.writeEndObject();
            g.writeObjectFieldStart("ecs");
            g.writeStringField("version", ECS_VERSION);
            g.writeEndObject();
            g.writeObjectFieldStart("data_stream");
            g.writeStringField("type", "logs");
            g.writeStringField("dataset", DATASET);
            g.writeStringField("namespace", namespace);
            g.writeEndObject();
            if (hostName != null) {
                g.writeObjectFieldStart("host");
                g.writeStringField("name", hostName);
                g.writeEndObject();
            }
            g.writeObjectFieldStart("log");
            g.writeStringField("level", e.severity().label());
            g.writeEndObject();
            g.writeObjectFieldStart("rule");
            g.writeStringField("name", e.rule());
            g.writeStringField("category", "threshold");
            g.writeEndObject();
            if (!e.labels().isEmpty()) {
                g.writeObjectFieldStart("labels");
                for (Map.Entry<String, String> l : e.labels().entrySet()) {
                    g.writeStringField(l.getKey(), l.getValue());
                }
                g.writeEndObject();
            }
            g.writeObjectFieldStart("brainstem");
            g.writeObjectFieldStart("alert");
            writeTransition(g, e);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** The transition's own fields (state, reading, thresholds, details), shared with the webhook body. */
    static void writeTransition(JsonGenerator g, AlertEvent e) throws IOException {
        g.writeStringField("state", e.to().label());
        g.writeStringField("previous_state", e.from().label());
        g.writeStringField("severity", e.severity().label());
        g.writeStringField("field", e.field());
        if (e.subject() != null) {
            g.writeStringField("subject_kind", e.subjectKind());
            g.writeStringField("subject", e.subject());
        }
        number(g, "value", e.value());
        g.writeStringField("comparison", e.comparison().label());
        number(g, "threshold", e.threshold());
        number(g, "clear_threshold", e.clearThreshold());
        if (!e.details().isEmpty()) {
            g.writeObjectFieldStart("details");
            for (Map.Entry<String, Double> d : e.details().entrySet()) {
                number(g, d.getKey(), d.getValue());
            }
            g.writeEndObject();
        }
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeFieldName(name);
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                g.writeNumber((long) v);
            } else {
                g.writeNumber(v);
            }
        }
    }

    /**
     * A stable id: the same host, rule, subject, transition and sample instant always give the same id,
     * so re-sending after a retry cannot duplicate the document. 22 URL-safe characters (128 bits of SHA-256).
     */
    public static String id(AlertEvent e, String hostName) {
        String key = String.join("\u0000", String.valueOf(hostName), e.rule(), String.valueOf(e.subject()),
                e.from().label(), e.to().label(), Long.toString(e.at().getEpochSecond()),
                Integer.toString(e.at().getNano()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }
}
