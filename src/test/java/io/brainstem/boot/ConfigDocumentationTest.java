package io.brainstem.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code config/application.yml} is the operator's reference: it must list every {@code brainstem.*}
 * setting the code declares (and the standalone example agent's {@code agent.*}), with the code's
 * default, and nothing the code does not know.
 */
class ConfigDocumentationTest {

    private static final List<String> PREFIXES = List.of("brainstem", "agent");

    @Test
    void shouldListEveryDeclaredSettingWithItsDefault() throws Exception {
        Map<String, String> declared = declaredDefaults();
        Map<String, String> documented = documented();

        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
        declared.forEach((key, def) -> {
            if (def != null) {
                assertThat(documented.get(key)).as("documented default of %s", key).isEqualTo(def);
            } else {
                assertThat(documented.get(key)).as("%s has no default, so the file leaves it empty", key)
                        .isIn("", "[]");
            }
        });
    }

    private static Map<String, String> declaredDefaults() throws Exception {
        try (InputStream in = ConfigDocumentationTest.class
                .getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("configuration metadata (spring-boot-configuration-processor)").isNotNull();
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, String> out = new TreeMap<>();
            for (JsonNode p : root.get("properties")) {
                String name = p.get("name").asText();
                if (PREFIXES.stream().anyMatch(prefix -> name.startsWith(prefix + "."))) {
                    JsonNode d = p.get("defaultValue");
                    out.put(name, d == null || d.isNull() ? null : d.asText());
                }
            }
            return out;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> documented() throws Exception {
        Map<String, Object> yaml = new Yaml().load(Files.readString(Path.of("config/application.yml")));
        Map<String, String> flat = new TreeMap<>();
        for (String prefix : PREFIXES) {
            flatten(prefix, (Map<String, Object>) yaml.get(prefix), flat);
        }
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> node, Map<String, String> out) {
        node.forEach((k, v) -> {
            String key = prefix + "." + k;
            if (v instanceof Map<?, ?> m && m.isEmpty()) {
                out.put(key, ""); // a map setting with no entries by default (brainstem.components)
            } else if (v instanceof Map<?, ?> m) {
                flatten(key, (Map<String, Object>) m, out);
            } else if (v instanceof List<?> l) {
                out.put(key, l.isEmpty() ? "[]" : String.join(",", l.stream().map(String::valueOf).toList()));
            } else {
                out.put(key, v == null ? "" : String.valueOf(v));
            }
        });
    }
}
