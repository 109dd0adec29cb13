package io.brainstem.testsupport;

import io.brainstem.emit.ElasticsearchSettings;
import io.brainstem.emit.ElasticsearchTransport;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real single-node Elasticsearch for the test suite, started at most once per test JVM and shared by
 * every test class that asks for it ({@link #shared()}); a second node with security on and a file-realm
 * user ({@link #secured()}) starts only if a test asks for it. Both stop in a shutdown hook.
 *
 * <p>The node is the server's integration-test distribution that the build unpacks into {@code target/}
 * (property {@code es.test.home}, see the pom). It has no bundled JDK and runs on the test JVM's own
 * ({@code java.home}, JDK ≥ 21). It is a minimal server: core mappings, data streams, index templates,
 * aggregations and security, but no ILM, no ingest pipelines, no mapper-extras types
 * ({@code scaled_float}, {@code match_only_text}), no {@code constant_keyword}, and no {@code data-streams}
 * module (no {@code GET _data_stream}, no lifecycle runs, and a time-series data stream gets no time
 * bounds). It listens on 127.0.0.1 only, on free ports.
 *
 * <p>Elasticsearch refuses to run as root; as root (CI) the node runs as uid/gid 65534 through
 * {@code setpriv}, and its temporary directory is handed to that user.
 *
 * <p>With {@code -Des.test.skip=true} a test that asks for a node is skipped (JUnit assumption); without
 * it, a missing distribution or a node that does not come up fails the test with the reason and the
 * tail of the node's console output.
 *
 * <p>Thread-safe: {@link #shared()} and {@link #secured()} may be called from any thread; the node's
 * address never changes once started. Tests isolate themselves by using their own data stream
 * namespaces or index names ({@link #uniqueName(String)}), never by restarting the node.
 */
public final class ElasticsearchNode {

    /** Unprivileged uid/gid the node runs as when the tests run as root ("nobody" on Debian). */
    private static final int NOBODY = 65534;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300); // generous: build machines are shared
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** The file-realm user of the secured node with every privilege, for test set-up and checks. */
    public static final String ADMIN_USER = "brainstem_admin";
    /** The file-realm user of the secured node with only what brainstem's emitter needs. */
    public static final String WRITER_USER = "brainstem_writer";

    private static ElasticsearchNode shared;
    private static ElasticsearchNode secured;

    private final Path home;
    private final Path dir;
    private final Process process;
    private final URI uri;
    private final int transportPort;
    private final String username;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private ElasticsearchNode(Path home, Path dir, Process process, URI uri, int transportPort,
                              String username, String password) {
        this.home = home;
        this.dir = dir;
        this.process = process;
        this.uri = uri;
        this.transportPort = transportPort;
        this.username = username;
        this.password = password;
    }

    /** The node without security, started on first use. */
    public static synchronized ElasticsearchNode shared() {
        if (shared == null) {
            shared = start(false);
        }
        return shared;
    }

    /**
     * A node with {@code xpack.security.enabled=true} (HTTP without TLS) and two file-realm users:
     * {@link #ADMIN_USER} (superuser) and {@link #WRITER_USER} (role {@code brainstem_writer}: monitor the
     * cluster, manage index templates, create documents in {@code metrics-brainstem.*} and
     * {@code logs-brainstem.*}). Both have {@link #password()}. Started on first use.
     */
    public static synchronized ElasticsearchNode secured() {
        if (secured == null) {
            secured = start(true);
        }
        return secured;
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI uri() {
        return uri;
    }

    public String url() {
        return uri.toString();
    }

    public int httpPort() {
        return uri.getPort();
    }

    public int transportPort() {
        return transportPort;
    }

    /** Whether security is on; then requests need basic auth. */
    public boolean isSecured() {
        return password != null;
    }

    /** The password of both users of the secured node; {@code null} on the open node. */
    public String password() {
        return password;
    }

    /**
     * A new transport to this node, brainstem's own; on the secured node it authenticates as
     * {@link #ADMIN_USER}. The caller closes it.
     */
    public ElasticsearchTransport transport() {
        ElasticsearchSettings settings = ElasticsearchSettings.of(url());
        return ElasticsearchTransport.create(isSecured() ? settings.withBasicAuth(username, password) : settings);
    }

    /** A status and body from {@link #request}. */
    public record Response(int status, String body) {
    }

    /**
     * One HTTP request with a JSON body (or none), as {@link #ADMIN_USER} on the secured node. For test
     * set-up and checks, where a full client would only add noise.
     */
    public Response request(String method, String path, String jsonBody) {
        return request(method, path, jsonBody, username, password);
    }

    /** One HTTP request as the given user ({@code null} for none). */
    public Response request(String method, String path, String jsonBody, String user, String pass) {
        var builder = HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        if (jsonBody != null) {
            builder.header("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json");
        }
        if (user != null) {
            String token = Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
            builder.header("Authorization", "Basic " + token);
        }
        try {
            HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " to " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    /**
     * A name no other test in this JVM gets: lower-case letters and digits only, so it is valid as a data
     * stream namespace and an index name.
     */
    public static String uniqueName(String prefix) {
        return prefix.toLowerCase() + NAMES.incrementAndGet() + Long.toString(System.nanoTime() % 100_000, 36);
    }

    // ---- start and stop ----

    private static ElasticsearchNode start(boolean withSecurity) {
        Assumptions.assumeFalse(Boolean.getBoolean("es.test.skip"),
                "es.test.skip is set: tests that need an Elasticsearch node are skipped");
        Path home = distribution(System.getProperty("es.test.home"), Paths.get("target"));
        try {
            return launch(home, withSecurity);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the Elasticsearch test node from " + home, e);
        }
    }

    /** The unpacked distribution: {@code es.test.home}, or else the only {@code <target>/elasticsearch-*}. */
    static Path distribution(String property, Path target) {
        Path home;
        if (property != null && !property.isBlank()) {
            home = Paths.get(property);
        } else {
            List<Path> found = new ArrayList<>();
            if (Files.isDirectory(target)) {
                try (DirectoryStream<Path> dirs = Files.newDirectoryStream(target, "elasticsearch-*")) {
                    dirs.forEach(found::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (found.size() != 1) {
                throw new IllegalStateException("no Elasticsearch test distribution: system property es.test.home "
                        + "is not set and target/ holds " + found + "; run the tests through Maven "
                        + "(./mvnw verify), which unpacks it, or pass -Des.test.skip=true to skip these tests");
            }
            home = found.getFirst();
        }
        if (!Files.isExecutable(home.resolve("bin/elasticsearch"))) {
            throw new IllegalStateException("no Elasticsearch test distribution at " + home.toAbsolutePath()
                    + " (es.test.home): bin/elasticsearch is missing; run './mvnw process-test-resources' to "
                    + "unpack it, or pass -Des.test.skip=true to skip the tests that need it");
        }
        return home.toAbsolutePath();
    }

    private static ElasticsearchNode launch(Path home, boolean withSecurity) throws IOException {
        Path dir = Files.createTempDirectory("brainstem-es-");
        // the owner of a directory just made is this process's effective user
        boolean root = ((Integer) Files.getAttribute(dir, "unix:uid")) == 0;
        Path config = dir.resolve("config");
        FileTrees.copy(home.resolve("config"), config);
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("tmp"));
        Path console = dir.resolve("console.log");

        Map<String, String> env = Map.of(
                "ES_PATH_CONF", config.toString(),
                "ES_JAVA_HOME", javaHome(),
                "ES_JAVA_OPTS", "-Xms256m -Xmx256m",
                "ES_TMPDIR", dir.resolve("tmp").toString());

        String password = null;
        if (withSecurity) {
            password = "test-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
            Files.writeString(config.resolve("roles.yml"), """
                    brainstem_writer:
                      cluster: [ "monitor", "manage_index_templates" ]
                      indices:
                        - names: [ "metrics-brainstem.*", "logs-brainstem.*" ]
                          privileges: [ "create_doc", "auto_configure", "view_index_metadata" ]
                    """);
            users(home, env, console, "useradd", ADMIN_USER, "-p", password, "-r", "superuser");
            users(home, env, console, "useradd", WRITER_USER, "-p", password, "-r", "brainstem_writer");
        }

        int httpPort = freePort();
        int transportPort = freePort();
        List<String> command = new ArrayList<>();
        if (root) {
            makeReadable(home);
            chownTree(dir, NOBODY);
            command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        for (String setting : List.of(
                "cluster.name=brainstem-test",
                "node.name=brainstem-test" + (withSecurity ? "-secured" : ""),
                "discovery.type=single-node",
                "xpack.security.enabled=" + withSecurity,
                "xpack.security.autoconfiguration.enabled=false",
                "xpack.security.http.ssl.enabled=false",
                "xpack.security.transport.ssl.enabled=false",
                "network.host=127.0.0.1",
                "http.host=127.0.0.1",
                "http.port=" + httpPort,
                "transport.port=" + transportPort,
                "path.data=" + dir.resolve("data"),
                "path.logs=" + dir.resolve("logs"),
                // a nearly full disk on a build machine must not turn the node read-only mid-suite
                "cluster.routing.allocation.disk.threshold_enabled=false",
                "action.destructive_requires_name=false")) {
            command.add("-E");
            command.add(setting);
        }
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        builder.environment().putAll(env);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        Process process = builder.start();

        long started = System.nanoTime();
        URI uri = URI.create("http://127.0.0.1:" + httpPort + "/");
        var node = new ElasticsearchNode(home, dir, process, uri, transportPort,
                withSecurity ? ADMIN_USER : null, password);
        Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "elasticsearch-test-node-stop"));
        node.awaitYellow(console);
        System.err.printf("Elasticsearch test node %s ready in %.1f s%n", node, (System.nanoTime() - started) / 1e9);
        return node;
    }

    private void awaitYellow(Path console) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Elasticsearch test node exited with code " + process.exitValue()
                        + " before it was ready; its console:\n" + tail(console));
            }
            try {
                Response r = request("GET", "/_cluster/health?wait_for_status=yellow&timeout=2s", null);
                if (r.status() == 200) {
                    return;
                }
                last = r.status() + " " + r.body();
                sleep(200);
            } catch (UncheckedIOException e) {
                last = String.valueOf(e.getCause());
                sleep(500);
            }
        }
        stop();
        throw new IllegalStateException("the Elasticsearch test node at " + uri + " was not ready within "
                + START_TIMEOUT + " (last answer: " + last + "); its console:\n" + tail(console));
    }

    /** Stops the node (SIGTERM, then SIGKILL after a grace period) and deletes its data. Idempotent. */
    private void stop() {
        if (process.isAlive()) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        try {
            FileTrees.delete(dir);
        } catch (IOException | UncheckedIOException e) {
            // best effort: the directory is under the system temporary directory
        }
    }

    private static void users(Path home, Map<String, String> env, Path console, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/elasticsearch-users").toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        builder.environment().putAll(env);
        try {
            Process p = builder.start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("elasticsearch-users " + args[0] + " " + args[1] + " failed; output:\n"
                        + tail(console));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating test users", e);
        }
    }

    private static String javaHome() {
        String javaHome = System.getProperty("java.home");
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("the Elasticsearch test node runs on the test JVM's JDK, which must be "
                    + "21 or newer; this one is " + Runtime.version() + " at " + javaHome);
        }
        return javaHome;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    /** Lets the unprivileged user read the distribution (and every directory above it) as the node runs. */
    private static void makeReadable(Path home) throws IOException {
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(p));
                boolean changed = perms.add(PosixFilePermission.OTHERS_READ);
                if (Files.isDirectory(p) || perms.contains(PosixFilePermission.OWNER_EXECUTE)) {
                    changed |= perms.add(PosixFilePermission.OTHERS_EXECUTE);
                }
                if (changed) {
                    Files.setPosixFilePermissions(p, perms);
                }
            }
        }
        for (Path p = home.getParent(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("the Elasticsearch test node runs as uid " + NOBODY
                        + " and cannot reach its distribution: " + p + " is not searchable by others");
            }
        }
    }

    private static void chownTree(Path dir, int uid) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(p, "unix:uid", uid);
                Files.setAttribute(p, "unix:gid", uid);
            }
        }
    }

    private static String tail(Path console) {
        try {
            List<String> lines = Files.readAllLines(console, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no console output: " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Elasticsearch test node", e);
        }
    }

    @Override
    public String toString() {
        return "ElasticsearchNode[" + uri + (isSecured() ? ", secured" : "") + ", home=" + home + "]";
    }
}
