package io.brainstem.emit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.emit.ElasticsearchTransport.Request;
import io.brainstem.emit.ElasticsearchTransport.Response;
import io.brainstem.emit.ElasticsearchTransport.ResponseException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Puts brainstem's index templates into Elasticsearch, idempotently: a template is written only when the
 * cluster has none of that name, or one without a {@code version}, or one with a lower version. A template
 * with the same or a higher version (put there by this or a newer brainstem, or by an operator who raised
 * it on purpose) is left alone, so an older brainstem never downgrades a newer one.
 *
 * <p>A changed template applies to data streams at their next rollover (backing indices keep the mappings
 * they were created with); the documents' mappings are {@code dynamic: false}, so a field the current
 * backing index lacks is kept in {@code _source} and not rejected.
 *
 * <p>Thread-safe. Two instances installing at once both write the same template, which is harmless.
 */
public final class IndexTemplateInstaller {

    /** What {@link #install} did. */
    public enum Outcome {
        /** There was no template of that name; it was written. */
        INSTALLED,
        /** There was one with a lower version, or none; it was replaced. */
        UPGRADED,
        /** The same version was there; nothing was written. */
        UP_TO_DATE,
        /** A higher version was there; nothing was written. */
        NEWER_INSTALLED
    }

    /**
     * @param installedVersion the version found before, or {@code null} when there was no template (or
     *                         one without a version)
     */
    public record Result(String name, Outcome outcome, Long installedVersion, long version) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticsearchTransport client;

    public IndexTemplateInstaller(ElasticsearchTransport client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Installs every template in order; stops at the first failure. */
    public List<Result> installAll(List<IndexTemplate> templates) throws IOException {
        List<Result> results = new ArrayList<>();
        for (IndexTemplate t : templates) {
            results.add(install(t));
        }
        return results;
    }

    /**
     * Installs one template unless the cluster has the same or a newer version.
     *
     * @throws IOException naming the template and the cluster's answer when reading or writing fails
     */
    public Result install(IndexTemplate template) throws IOException {
        Installed installed = installedVersion(template.name());
        if (installed.exists() && installed.version().isPresent()) {
            long current = installed.version().getAsLong();
            if (current == template.version()) {
                return new Result(template.name(), Outcome.UP_TO_DATE, current, template.version());
            }
            if (current > template.version()) {
                return new Result(template.name(), Outcome.NEWER_INSTALLED, current, template.version());
            }
        }
        Request put = Request.of("PUT", "/_index_template/" + encode(template.name())).withJson(template.json());
        try {
            client.perform(put);
        } catch (ResponseException e) {
            throw new IOException("Elasticsearch refused index template '" + template.name() + "' version "
                    + template.version() + ": " + e.getMessage(), e);
        }
        Long before = installed.version().isPresent() ? installed.version().getAsLong() : null;
        return new Result(template.name(), installed.exists() ? Outcome.UPGRADED : Outcome.INSTALLED, before,
                template.version());
    }

    private record Installed(boolean exists, OptionalLong version) {
    }

    private Installed installedVersion(String name) throws IOException {
        Request get = Request.of("GET", "/_index_template/" + encode(name))
                .withParameter("filter_path", "index_templates.name,index_templates.index_template.version");
        Response response;
        try {
            response = client.perform(get);
        } catch (ResponseException e) {
            if (e.status() == 404) {
                return new Installed(false, OptionalLong.empty());
            }
            throw new IOException("could not read index template '" + name + "': " + e.getMessage(), e);
        }
        JsonNode root;
        try (InputStream in = response.stream()) {
            root = JSON.readTree(in);
        }
        for (JsonNode t : root.path("index_templates")) {
            if (name.equals(t.path("name").asText())) {
                JsonNode version = t.path("index_template").path("version");
                return new Installed(true, version.canConvertToLong() && version.isIntegralNumber()
                        ? OptionalLong.of(version.asLong()) : OptionalLong.empty());
            }
        }
        return new Installed(false, OptionalLong.empty());
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
