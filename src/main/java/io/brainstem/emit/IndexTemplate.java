package io.brainstem.emit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One composable index template as brainstem ships it: its name, its {@code version} (raised whenever the
 * template changes, so {@link IndexTemplateInstaller} knows to replace an older one) and its JSON body.
 * The bundled templates are {@code config/elasticsearch/index-template-*.json}, packaged in the jar as
 * classpath resources {@code elasticsearch/index-template-*.json}. Immutable.
 */
public record IndexTemplate(String name, long version, String json) {

    /** Name of the template for SENSOR_POLL documents. */
    public static final String SENSOR_POLL = "metrics-" + DataStreams.SENSOR_POLL;
    /** Name of the template for REQUEST_SUMMARY documents. */
    public static final String REQUEST_SUMMARY = "metrics-" + DataStreams.REQUEST_SUMMARY;
    /** Name of the template for COMPONENT documents. */
    public static final String COMPONENT = "metrics-" + DataStreams.COMPONENT;
    /** Name of the template for ALERT documents. */
    public static final String ALERT = "logs-" + DataStreams.ALERT;

    private static final ObjectMapper JSON = new ObjectMapper();

    public IndexTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(json, "json");
    }

    /**
     * A template from its JSON body, which must be an object with a whole-number {@code version}.
     *
     * @throws IllegalArgumentException naming the template when the body is not such an object
     */
    public static IndexTemplate of(String name, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("index template '" + name + "' is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("version").canConvertToLong()
                || !root.path("version").isIntegralNumber()) {
            throw new IllegalArgumentException("index template '" + name
                    + "' must be a JSON object with a whole-number 'version'");
        }
        return new IndexTemplate(name, root.get("version").asLong(), json);
    }

    /** A template from a classpath resource. */
    public static IndexTemplate fromClasspath(String name, String resource) {
        try (InputStream in = IndexTemplate.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("index template resource '" + resource + "' is not on the class path");
            }
            return of(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read index template resource " + resource, e);
        }
    }

    /** The templates brainstem installs: sensor_poll, request_summary, component and alert. */
    public static List<IndexTemplate> bundled() {
        return List.of(
                fromClasspath(SENSOR_POLL, "elasticsearch/index-template-sensor_poll.json"),
                fromClasspath(REQUEST_SUMMARY, "elasticsearch/index-template-request_summary.json"),
                fromClasspath(COMPONENT, "elasticsearch/index-template-component.json"),
                fromClasspath(ALERT, "elasticsearch/index-template-alert.json"));
    }
}
