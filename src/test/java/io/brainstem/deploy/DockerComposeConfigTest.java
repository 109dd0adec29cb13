package io.brainstem.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker-compose.yml as Compose itself reads it ({@code docker-compose config}, from Debian's
 * docker-compose package, which {@code .ci/run} installs; no Docker engine is needed). Skipped with a
 * message where the tool is not installed.
 */
class DockerComposeConfigTest {

    private static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void resolve() throws IOException, InterruptedException {
        Path tool = Path.of("/usr/bin/docker-compose");
        assumeTrue(Files.isExecutable(tool), "docker-compose is not installed (apt-get install docker-compose)");
        Process p = new ProcessBuilder(tool.toString(), "-f", "docker-compose.yml", "config")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("docker-compose config said:%n%s", out).isZero();
        Map<String, Object> config = new Yaml().load(out);
        services = (Map<String, Object>) config.get("services");
    }

    @Test
    void elasticsearchAndKibanaAre819() {
        assertThat(service("elasticsearch").get("image")).asString().contains("elasticsearch:8.19.");
        assertThat(service("kibana").get("image")).asString().contains("kibana:8.19.");
    }

    @Test
    @SuppressWarnings("unchecked")
    void brainstemIsBuiltHereAndShipsToThatElasticsearch() {
        Map<String, Object> brainstem = service("brainstem");
        Map<String, Object> build = (Map<String, Object>) brainstem.get("build");
        assertThat(Path.of(build.get("context").toString())).isEqualTo(Path.of("").toAbsolutePath());
        assertThat(Files.exists(Path.of("Dockerfile"))).isTrue();
        Map<String, Object> env = (Map<String, Object>) brainstem.get("environment");
        assertThat(env).containsEntry("BRAINSTEM_ELASTICSEARCH_URL", "http://elasticsearch:9200");
        assertThat((Map<String, Object>) brainstem.get("depends_on")).containsKey("elasticsearch");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aOneShotJobImportsTheKibanaObjects() {
        Map<String, Object> setup = service("kibana-setup");
        assertThat(setup.get("restart")).isEqualTo("no");
        assertThat((Map<String, Object>) setup.get("depends_on")).containsKey("kibana");
        assertThat((List<String>) setup.get("entrypoint")).contains("/kibana/import.sh");
        assertThat(Path.of("kibana/import.sh")).exists();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyPublishedPortIsLoopbackOnly() {
        for (Map.Entry<String, Object> s : services.entrySet()) {
            List<Object> ports = (List<Object>) ((Map<String, Object>) s.getValue()).getOrDefault("ports", List.of());
            assertThat(ports).as(s.getKey()).allSatisfy(p -> assertThat(p.toString()).startsWith("127.0.0.1:"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        assertThat(services).containsKey(name);
        return (Map<String, Object>) services.get(name);
    }
}
