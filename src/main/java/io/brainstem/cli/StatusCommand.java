package io.brainstem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code brainstem status}: what a running brainstem sees, printed for a terminal — the daemon's own
 * health, the host's latest readings, the busiest routes, the agent's components and queues, and the
 * alerts. It only reads the instance's HTTP API ({@code /api/v1/...}); nothing here starts Spring.
 *
 * <pre>
 *   java -jar brainstem-&lt;version&gt;-exec.jar status [--url=http://127.0.0.1:8080] [--window=5m] [--token=...]
 *   ./mvnw -q spring-boot:run -Dspring-boot.run.arguments=status
 * </pre>
 * The token may also come from {@code BRAINSTEM_API_TOKEN}. Exit status: 0 printed, 1 the instance
 * could not be read, 2 bad arguments.
 */
public final class StatusCommand {

    static final String USAGE = "usage: status [--url=http://127.0.0.1:8080] [--window=5m] [--token=<api token>]";

    private final URI base;
    private final String window;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    StatusCommand(URI base, String window, String token) {
        this.base = base;
        this.window = window;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    /** Runs the command: {@code args} are what follows the word {@code status}. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        String url = "http://127.0.0.1:8080";
        String window = "5m";
        String token = environment.get("BRAINSTEM_API_TOKEN");
        for (String arg : args) {
            if (arg.startsWith("--url=")) {
                url = arg.substring("--url=".length());
            } else if (arg.startsWith("--window=")) {
                window = arg.substring("--window=".length());
            } else if (arg.startsWith("--token=")) {
                token = arg.substring("--token=".length());
            } else if (arg.equals("--help") || arg.equals("-h")) {
                out.println(USAGE);
                return 0;
            } else {
                err.println("status: unknown argument '" + arg + "'");
                err.println(USAGE);
                return 2;
            }
        }
        URI base;
        try {
            base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (base.getHost() == null || !(base.getScheme().equals("http") || base.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
        } catch (IllegalArgumentException e) {
            err.println("status: --url '" + url + "' " + e.getMessage());
            return 2;
        }
        try {
            new StatusCommand(base, window, token).print(out);
            return 0;
        } catch (Unreadable e) {
            err.println("status: " + e.getMessage());
            return 1;
        }
    }

    /** The instance answered something other than what the command can print. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    void print(PrintStream out) {
        JsonNode daemonStatus = get("/api/v1/daemon", true);
        JsonNode daemon = daemonStatus.path("daemon");
        JsonNode latest = get("/api/v1/samples/latest", false);
        JsonNode requests = get("/api/v1/requests", true);
        JsonNode components = get("/api/v1/components?window=" + URLEncoder.encode(window, StandardCharsets.UTF_8),
                false);
        JsonNode alerts = get("/api/v1/alerts", true);

        String host = latest == null ? "?" : latest.path("host").path("hostname").asText("?");
        out.printf("brainstem at %s, host %s, instance %s%n", base, host, daemon.path("instanceId").asText("?"));
        out.printf("started %s (%s ago)%n%n", daemon.path("startedAt").asText("?"),
                ago(daemon.path("startedAt").asText(null)));

        printDaemon(out, daemon, daemonStatus);
        printHost(out, latest);
        printRequests(out, requests);
        printComponents(out, components);
        printAlerts(out, alerts);
    }

    private void printDaemon(PrintStream out, JsonNode daemon, JsonNode status) {
        out.println("Daemon");
        JsonNode poll = daemon.path("pollDurations");
        out.printf("  %s, every %s: polls %,d  overruns %,d  poll p50 %s  p95 %s  p99 %s  buffer %d/%d%n",
                daemon.path("running").asBoolean() ? "running" : "NOT RUNNING",
                duration(daemon.path("pollInterval").asText("?")), daemon.path("polls").asLong(),
                daemon.path("overruns").asLong(), ms(poll.path("p50")), ms(poll.path("p95")), ms(poll.path("p99")),
                daemon.path("bufferSize").asInt(), daemon.path("bufferCapacity").asInt());
        List<String> failing = new ArrayList<>();
        for (JsonNode s : daemon.path("sensors")) {
            if (s.path("consecutiveFailures").asInt() > 0 || s.path("inFlight").asBoolean()) {
                failing.add(s.path("name").asText() + " (" + s.path("consecutiveFailures").asInt() + " failures"
                        + (s.path("lastError").isTextual() ? ": " + s.path("lastError").asText() : "") + ")");
            }
        }
        out.println("  sensors failing: " + (failing.isEmpty() ? "none" : String.join(", ", failing)));
        JsonNode emitter = status.path("emitter");
        JsonNode spool = status.path("spool").path("stats");
        String shipping = !emitter.path("configured").asBoolean() ? "no Elasticsearch configured"
                : "Elasticsearch " + emitter.path("urls") + ", circuit "
                + emitter.path("state").path("circuit").asText("?")
                + ", reachable " + emitter.path("state").path("reachable").asText("?");
        out.printf("  %s; spool %,d documents waiting (oldest %s)%n%n", shipping, spool.path("records").asLong(),
                spool.path("oldestTimestamp").isTextual() ? ago(spool.path("oldestTimestamp").asText()) + " old" : "none");
    }

    private void printHost(PrintStream out, JsonNode latest) {
        out.println("Host");
        if (latest == null) {
            out.println("  no poll yet");
            out.println();
            return;
        }
        JsonNode cpu = latest.path("cpu");
        JsonNode memory = latest.path("memory");
        JsonNode load = latest.path("load");
        JsonNode process = latest.path("process");
        out.printf("  latest poll %s ago: cpu %s  memory %s  load %s (%s per core)  this process cpu %s rss %s%n%n",
                ago(latest.path("timestamp").asText(null)), pct(cpu.path("total")), pct(memory.path("usedFraction")),
                num(load.path("load1")), num(load.path("norm1")), pct(process.path("cpuFraction")),
                bytes(process.path("rssBytes")));
    }

    private void printRequests(PrintStream out, JsonNode requests) {
        out.printf("Requests (%,d since start)%n", requests.path("total").asLong());
        List<JsonNode> routes = new ArrayList<>();
        requests.path("routes").forEach(routes::add);
        routes.sort((a, b) -> Long.compare(b.path("count").asLong(), a.path("count").asLong()));
        if (routes.isEmpty()) {
            out.println("  none yet");
        } else {
            out.printf("  %-32s %8s %7s %9s %9s %9s%n", "route", "count", "errors", "p50", "p95", "p99");
            for (JsonNode r : routes.subList(0, Math.min(10, routes.size()))) {
                out.printf("  %-32s %,8d %7s %9s %9s %9s%n", clip(r.path("route").asText(), 32), r.path("count").asLong(),
                        pct(r.path("errorRate")), ms(r.path("p50Millis")), ms(r.path("p95Millis")), ms(r.path("p99Millis")));
            }
        }
        out.println();
    }

    private void printComponents(PrintStream out, JsonNode components) {
        out.printf("Components (last %s)%n", window);
        if (components == null) {
            out.println("  not available on this instance");
            out.println();
            return;
        }
        JsonNode list = components.path("components");
        if (!list.isArray() || list.isEmpty()) {
            out.println("  none observed");
        } else {
            out.printf("  %-30s %7s %7s %9s %9s %9s %9s %9s %8s  %s%n", "component", "count", "errors", "avg", "p95",
                    "p99", "peak", "cpu/op", "budget", "tokens in/out, ttft");
            for (JsonNode c : list) {
                String budget = c.path("budgetRatio").isNumber()
                        ? String.format(Locale.ROOT, "%.0f%%", c.path("budgetRatio").asDouble() * 100) : "-";
                String ai = c.path("tokensIn").isNumber() || c.path("ttftAvgMs").isNumber()
                        ? c.path("tokensIn").asText("-") + "/" + c.path("tokensOut").asText("-") + ", "
                        + ms(c.path("ttftAvgMs")) : "";
                out.printf("  %-30s %,7d %7s %9s %9s %9s %9s %9s %8s  %s%n", clip(c.path("name").asText(), 30),
                        c.path("count").asLong(), pct(c.path("errorRate")), ms(c.path("avgMs")), ms(c.path("p95Ms")),
                        ms(c.path("p99Ms")), ms(c.path("maxMs")), ms(c.path("cpuMsPerOp")), budget, ai);
            }
        }
        JsonNode queues = components.path("queues");
        if (queues.isArray() && !queues.isEmpty()) {
            out.printf("  %-30s %11s %7s %6s %9s %9s%n", "queue", "depth", "util", "peak", "overflows", "oldest");
            for (JsonNode q : queues) {
                out.printf("  %-30s %11s %7s %6d %,9d %9s%n", clip(q.path("name").asText(), 30),
                        q.path("depth").asText("-") + "/" + q.path("capacity").asText("-"), pct(q.path("utilization")),
                        q.path("peak").asInt(), q.path("overflows").asLong(), ms(q.path("oldestAgeMs")));
            }
        }
        out.println();
    }

    private void printAlerts(PrintStream out, JsonNode alerts) {
        JsonNode active = alerts.path("active");
        out.printf("Alerts (%d active, %d rules)%n", active.size(), alerts.path("status").path("rules").asInt());
        if (active.isEmpty()) {
            out.println("  none");
        }
        for (JsonNode a : active) {
            out.printf("  %-8s %-8s %s (since %s)%n", a.path("state").asText().toLowerCase(Locale.ROOT),
                    a.path("severity").asText().toLowerCase(Locale.ROOT), a.path("message").asText(),
                    ago(a.path("since").asText(null)) + " ago");
        }
    }

    /**
     * @param required whether a missing endpoint (404) is an error; otherwise null stands for "not there"
     */
    private JsonNode get(String path, boolean required) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Unreadable("no brainstem answers at " + base + " (connection refused)");
        } catch (IOException e) {
            throw new Unreadable("cannot read " + base + path + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreadable("interrupted");
        }
        int status = response.statusCode();
        if (status == 401) {
            throw new Unreadable(base + " wants an API token: pass --token=... or set BRAINSTEM_API_TOKEN");
        }
        if ((status == 404 || status == 503) && !required) {
            return null;
        }
        if (status != 200) {
            throw new Unreadable(base + path + " answered " + status + ": " + clip(response.body(), 200));
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new Unreadable(base + path + " is not JSON; is this a brainstem?");
        }
    }

    static String ms(JsonNode millis) {
        if (!millis.isNumber()) {
            return "-";
        }
        double v = millis.asDouble();
        if (v >= 10_000) {
            return String.format(Locale.ROOT, "%.1fs", v / 1000);
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0fms", v);
        }
        return String.format(Locale.ROOT, "%.2fms", v);
    }

    static String pct(JsonNode fraction) {
        return fraction.isNumber() ? String.format(Locale.ROOT, "%.1f%%", fraction.asDouble() * 100) : "-";
    }

    static String num(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.2f", value.asDouble()) : "-";
    }

    static String bytes(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.0f MiB", value.asDouble() / (1024 * 1024)) : "-";
    }

    /** "PT5S" as "5s"; anything else as it is. */
    static String duration(String iso) {
        try {
            return human(Duration.parse(iso));
        } catch (RuntimeException e) {
            return iso;
        }
    }

    private static String ago(String instant) {
        if (instant == null) {
            return "?";
        }
        try {
            Duration d = Duration.between(Instant.parse(instant), Instant.now());
            return human(d.isNegative() ? Duration.ZERO : d);
        } catch (RuntimeException e) {
            return "?";
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 1) {
            return d.toMillis() + "ms";
        }
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        }
        return (s / 3600) + "h" + ((s % 3600) / 60) + "m";
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
