package io.brainstem.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kibana saved objects under {@code kibana/} only reference fields that the index templates under
 * {@code config/elasticsearch/} map, for the data stream each data view covers; every dashboard panel
 * points at an object that is shipped; and the sensor-poll template carries what Kibana's built-in
 * Infrastructure / Hosts view reads (see ADR 0006).
 */
class KibanaSavedObjectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KQL_FIELD = Pattern.compile("([A-Za-z_@][\\w.@]*)\\s*:");

    /** What the Hosts view and its host details read from Metricbeat-shaped documents. */
    static final List<String> INFRA_HOSTS_FIELDS = List.of(
            "@timestamp", "host.name", "host.hostname", "host.os.name", "host.os.family", "host.os.kernel",
            "host.architecture", "data_stream.type", "data_stream.dataset", "data_stream.namespace",
            "event.module", "event.dataset", "metricset.name", "metricset.period", "agent.type", "agent.version",
            "system.cpu.cores", "system.cpu.total.norm.pct", "system.cpu.user.norm.pct", "system.cpu.system.norm.pct",
            "system.cpu.iowait.norm.pct", "system.cpu.steal.norm.pct",
            "system.load.1", "system.load.5", "system.load.15", "system.load.cores",
            "system.memory.total", "system.memory.actual.used.bytes", "system.memory.actual.used.pct",
            "system.memory.actual.free",
            "host.network.ingress.bytes", "host.network.egress.bytes",
            "system.filesystem.used.pct");

    private static final List<JsonNode> objects = new ArrayList<>();
    private static final Map<String, Set<String>> mappedFieldsByPattern = new HashMap<>();

    @BeforeAll
    static void load() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("kibana"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        objects.add(JSON.readTree(line));
                    }
                }
            }
        }
        try (Stream<Path> files = Files.list(Path.of("config/elasticsearch"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("index-template-")).toList()) {
                JsonNode template = JSON.readTree(file.toFile());
                Set<String> fields = new TreeSet<>();
                flatten("", template.path("template").path("mappings").path("properties"), fields);
                for (JsonNode pattern : template.path("index_patterns")) {
                    mappedFieldsByPattern.put(pattern.asText(), fields);
                }
            }
        }
    }

    private static void flatten(String prefix, JsonNode properties, Set<String> into) {
        properties.fields().forEachRemaining(e -> {
            JsonNode def = e.getValue();
            if (def.has("properties")) {
                if (def.path("type").asText().equals("nested") || def.path("type").asText().equals("object")) {
                    into.add(prefix + e.getKey());
                }
                flatten(prefix + e.getKey() + ".", def.path("properties"), into);
            } else {
                into.add(prefix + e.getKey());
            }
        });
    }

    @Test
    void thereAreDataViewsDashboardsAndAnAlertsView() {
        assertThat(titles("index-pattern")).containsExactlyInAnyOrder(
                "metrics-brainstem.sensor_poll-*", "metrics-brainstem.request_summary-*", "logs-brainstem.alert-*",
                "metrics-brainstem.component-*");
        assertThat(titles("dashboard")).contains("brainstem — host overview", "brainstem — requests", "brainstem — alerts",
                "brainstem — components");
        assertThat(titles("search")).isNotEmpty();
    }

    @Test
    void everyDataViewCoversAnIndexTemplate() {
        for (JsonNode view : ofType("index-pattern")) {
            String title = view.path("attributes").path("title").asText();
            assertThat(mappedFieldsByPattern).as("template for data view %s", title).containsKey(title);
            assertThat(view.path("attributes").path("timeFieldName").asText()).isEqualTo("@timestamp");
        }
    }

    @Test
    void everyFieldTheSavedObjectsReferenceIsMappedInItsTemplate() {
        Map<String, String> patternByView = new HashMap<>();
        for (JsonNode view : ofType("index-pattern")) {
            patternByView.put(view.path("id").asText(), view.path("attributes").path("title").asText());
        }
        int checked = 0;
        for (JsonNode object : objects) {
            String type = object.path("type").asText();
            if (!type.equals("lens") && !type.equals("search")) {
                continue;
            }
            String view = null;
            for (JsonNode ref : object.path("references")) {
                if (ref.path("type").asText().equals("index-pattern")) {
                    view = ref.path("id").asText();
                }
            }
            String pattern = patternByView.get(view);
            assertThat(pattern).as("%s %s references a shipped data view", type, object.path("id").asText()).isNotNull();
            Set<String> mapped = mappedFieldsByPattern.get(pattern);
            for (String field : fieldsOf(object)) {
                assertThat(mapped).as("%s '%s' uses %s, mapped for %s",
                        type, object.path("attributes").path("title").asText(), field, pattern).contains(field);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void everyDashboardPanelPointsAtAShippedObject() {
        Set<String> ids = new LinkedHashSet<>();
        objects.forEach(o -> ids.add(o.path("type").asText() + "/" + o.path("id").asText()));
        for (JsonNode dashboard : ofType("dashboard")) {
            List<JsonNode> panels = new ArrayList<>();
            try {
                JSON.readTree(dashboard.path("attributes").path("panelsJSON").asText()).forEach(panels::add);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertThat(panels).isNotEmpty();
            for (JsonNode panel : panels) {
                String refName = panel.path("panelIndex").asText() + ":" + panel.path("panelRefName").asText();
                JsonNode ref = null;
                for (JsonNode r : dashboard.path("references")) {
                    if (r.path("name").asText().equals(refName)) {
                        ref = r;
                    }
                }
                assertThat(ref).as("reference %s of %s", refName, dashboard.path("id").asText()).isNotNull();
                assertThat(ids).contains(ref.path("type").asText() + "/" + ref.path("id").asText());
            }
        }
    }

    @Test
    void theSensorPollTemplateCarriesWhatTheInfrastructureHostsViewReads() {
        Set<String> mapped = mappedFieldsByPattern.get("metrics-brainstem.sensor_poll-*");
        assertThat(mapped).containsAll(INFRA_HOSTS_FIELDS);
    }

    private static Set<String> fieldsOf(JsonNode object) {
        Set<String> fields = new TreeSet<>();
        JsonNode attributes = object.path("attributes");
        if (object.path("type").asText().equals("search")) {
            attributes.path("columns").forEach(c -> fields.add(c.asText()));
            return fields;
        }
        JsonNode state = attributes.path("state");
        state.path("datasourceStates").path("formBased").path("layers").forEach(layer ->
                layer.path("columns").forEach(column -> {
                    String field = column.path("sourceField").asText("");
                    if (!field.isEmpty() && !field.equals("___records___")) {
                        fields.add(field);
                    }
                }));
        Matcher m = KQL_FIELD.matcher(state.path("query").path("query").asText(""));
        while (m.find()) {
            fields.add(m.group(1));
        }
        return fields;
    }

    private static List<JsonNode> ofType(String type) {
        return objects.stream().filter(o -> o.path("type").asText().equals(type)).toList();
    }

    private static List<String> titles(String type) {
        return ofType(type).stream().map(o -> o.path("attributes").path("title").asText()).toList();
    }
}
