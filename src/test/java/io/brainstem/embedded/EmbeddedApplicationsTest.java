package io.brainstem.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.testsupport.ElasticsearchNode;
import io.brainstem.testsupport.FileTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * brainstem in real applications of both Spring Boot lines it supports, as a user would have it: the small
 * applications under {@code src/it/} (a Spring Boot 3.5 and a Spring Boot 4 web application, each with only
 * its Boot parent, its web starter and brainstem) are built with the Maven wrapper against the jar of this
 * build, which the build deploys to {@code target/it-repository} before the tests run (the tests run in
 * Maven's integration-test phase, after the jar is packaged). Each application resolves brainstem's
 * dependencies through its own Boot BOM, which is what moved them before. Then each is started as its
 * fat jar and checked over HTTP: the headers on its own endpoint, polls, both health components, a
 * SENSOR_POLL document in the real Elasticsearch node, and that brainstem's own JSON is the same on both.
 */
class EmbeddedApplicationsTest {

    /** The applications and the Spring Boot each builds on. */
    private static final Map<String, String> APPS = Map.of("boot35-app", "3.5.7", "boot4-app", "4.0.7");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Path root = Path.of("").toAbsolutePath();
    private final Path target = root.resolve("target");

    @TempDir
    Path work;

    /** What one application answered, to set beside the other's. */
    private record Seen(String badLimitBody, Set<String> daemonFields, Set<String> sampleFields) {
    }

    @Test
    void brainstemRunsTheSameInASpringBoot35AndASpringBoot4Application() throws Exception {
        ElasticsearchNode node = ElasticsearchNode.shared();
        Path repository = target.resolve("it-repository");
        assertThat(repository.resolve("io/brainstem/brainstem")).as("the brainstem jar deployed by the build to "
                + repository + " (run the tests through ./mvnw verify)").isDirectory();

        Map<String, Seen> seen = new LinkedHashMap<>();
        for (String app : List.of("boot35-app", "boot4-app")) {
            Path jar = build(app, repository);
            checkDependencies(app, jar, APPS.get(app));
            seen.put(app, run(app, jar, node));
        }

        Seen boot35 = seen.get("boot35-app");
        Seen boot4 = seen.get("boot4-app");
        assertThat(boot4.badLimitBody()).as("an error body").isEqualTo(boot35.badLimitBody());
        assertThat(boot4.daemonFields()).as("GET /api/v1/daemon").isEqualTo(boot35.daemonFields());
        assertThat(boot4.sampleFields()).as("GET /api/v1/samples/latest").isEqualTo(boot35.sampleFields());
    }

    /** Builds the application's fat jar from a copy of its sources, against the deployed brainstem. */
    private Path build(String app, Path repository) throws IOException, InterruptedException {
        Path source = root.resolve("src/it").resolve(app);
        Path copy = target.resolve("it-apps").resolve(app);
        FileTrees.delete(copy);
        FileTrees.copy(source, copy);
        Path log = target.resolve("it-apps").resolve(app + "-build.log");
        List<String> command = List.of(root.resolve("mvnw").toString(), "-q", "-B", "-ntp",
                "-f", copy.resolve("pom.xml").toString(), "package", "-DskipTests",
                "-Dbrainstem.repository=" + repository.toUri());
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // The applications need a JDK >= 21 like brainstem itself: the one these tests run on.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = builder.start();
        if (!p.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(app + ": the build did not finish within " + BUILD_TIMEOUT + "; " + tail(log));
        }
        assertThat(p.exitValue()).as(app + ": ./mvnw package failed; " + tail(log)).isZero();
        return copy.resolve("target/app.jar");
    }

    /** The application's BOM decided the versions: its Spring Boot, no Elasticsearch client, Jackson 2's java.time. */
    private static void checkDependencies(String app, Path jar, String bootVersion) throws IOException {
        List<String> libs = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().map(e -> e.getName()).filter(n -> n.startsWith("BOOT-INF/lib/"))
                    .forEach(n -> libs.add(n.substring("BOOT-INF/lib/".length())));
        }
        assertThat(libs).as(app).anyMatch(n -> n.startsWith("brainstem-0.1.0-"))
                .contains("spring-boot-" + bootVersion + ".jar")
                .anyMatch(n -> n.startsWith("jackson-datatype-jsr310-"))
                .noneMatch(n -> n.startsWith("elasticsearch-") || n.startsWith("co.elastic"))
                .noneMatch(n -> n.startsWith("spring-boot-health-") && bootVersion.startsWith("3."));
    }

    private Seen run(String app, Path jar, ElasticsearchNode node) throws Exception {
        String namespace = ElasticsearchNode.uniqueName(app.replace("-app", "").replace("boot", "it"));
        Path log = target.resolve("it-apps").resolve(app + ".log");
        Path spool = Files.createDirectories(work.resolve(app + "-spool"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(),
                "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                "--brainstem.poll-interval=500ms", "--brainstem.emit-interval=1s",
                "--brainstem.spool.directory=" + spool,
                "--brainstem.elasticsearch.url=" + node.url(),
                "--brainstem.elasticsearch.namespace=" + namespace,
                "--management.endpoints.web.exposure.include=health,prometheus",
                "--management.endpoint.health.show-components=always",
                "--management.endpoint.health.show-details=always");
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            URI base = URI.create("http://127.0.0.1:" + awaitPort(app, p, log) + "/");

            // Its own endpoint is measured.
            String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
            HttpResponse<String> own = http.send(HttpRequest.newBuilder(base.resolve("agents/scout/status"))
                    .header("traceparent", "00-" + trace + "-00f067aa0ba902b7-01").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(own.statusCode()).as(app + " " + own.body()).isEqualTo(200);
            assertThat(own.headers().firstValue("Server-Timing")).as(app)
                    .hasValueSatisfying(v -> assertThat(v).contains("total;dur=").contains("cpu;dur="));
            JsonNode header = json.readTree(own.headers().firstValue("Brainstem-Request").orElseThrow());
            assertThat(header.toString()).as(app).contains(trace).contains("/agents/{agent}/status");
            JsonNode body = json.readTree(own.body());
            assertThat(body.path("metrics").path("traceId").asText()).as(app + ": " + own.body()).isEqualTo(trace);
            assertThat(body.path("metrics").path("method").asText()).as(app).isEqualTo("GET");

            // Polls happen.
            JsonNode first = await(app, "a first poll", () -> get(base, "api/v1/samples/latest"),
                    r -> r.statusCode() == 200);
            long sequence = first.path("sequence").asLong();
            JsonNode later = await(app, "a later poll", () -> get(base, "api/v1/samples/latest"),
                    r -> r.statusCode() == 200 && sequenceOf(r) > sequence);

            // Both health components.
            JsonNode health = await(app, "both health components UP", () -> get(base, "actuator/health"),
                    r -> r.body().contains("brainstemDaemon") && r.body().contains("brainstemElasticsearch"));
            assertThat(health.at("/components/brainstemDaemon/status").asText()).as(app + " " + health).isEqualTo("UP");
            assertThat(health.at("/components/brainstemElasticsearch/status").asText()).as(app).isEqualTo("UP");
            assertThat(health.at("/components/brainstemElasticsearch/details/configured").asBoolean()).isTrue();

            // Meters.
            HttpResponse<String> prometheus = get(base, "actuator/prometheus");
            assertThat(prometheus.body()).as(app).contains("brainstem_poll_duration_seconds");

            // A SENSOR_POLL document in the real node.
            String stream = "metrics-brainstem.sensor_poll-" + namespace;
            await(app, "SENSOR_POLL documents in " + stream, () -> {
                node.request("POST", "/" + stream + "/_refresh", null);
                ElasticsearchNode.Response r = node.request("GET", "/" + stream + "/_count", null);
                return new Answer(r.status(), r.body());
            }, r -> r.statusCode() == 200 && json.readTree(r.body()).path("count").asLong() > 0);

            HttpResponse<String> badLimit = get(base, "api/v1/samples?limit=0");
            assertThat(badLimit.statusCode()).as(app).isEqualTo(400);
            return new Seen(badLimit.body(), fields(json.readTree(get(base, "api/v1/daemon").body())),
                    fields(later));
        } catch (AssertionError | Exception e) {
            throw new AssertionError(app + " failed: " + e.getMessage() + "\n" + tail(log), e);
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private int awaitPort(String app, Process p, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError(app + " exited with " + p.exitValue() + " before it was up");
            }
            Matcher m = PORT.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(200);
        }
        throw new AssertionError(app + " did not start within " + START_TIMEOUT);
    }

    /** A status and body, from the application or the node. */
    private record Answer(int statusCode, String body) {
    }

    private interface Call {
        Object call() throws Exception;
    }

    private interface Check {
        boolean test(Answer a) throws Exception;
    }

    /** Asks until the answer passes, for up to 60 s; returns its body as JSON. */
    private JsonNode await(String app, String what, Call call, Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline) {
            Object r = call.call();
            last = r instanceof HttpResponse<?> h ? new Answer(h.statusCode(), String.valueOf(h.body())) : (Answer) r;
            if (check.test(last)) {
                return json.readTree(last.body());
            }
            Thread.sleep(250);
        }
        throw new AssertionError(app + ": no " + what + " within 60 s; last answer " + last);
    }

    private long sequenceOf(Answer a) throws IOException {
        return json.readTree(a.body()).path("sequence").asLong();
    }

    private HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> fields(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> i = object.fieldNames(); i.hasNext(); ) {
            names.add(i.next());
        }
        return names;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
