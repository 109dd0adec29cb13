package io.brainstem.emit;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * brainstem's HTTP link to Elasticsearch, on the JDK's {@link HttpClient}: the few requests the emitter and
 * the template installer make (bulks, index templates), nothing an application's dependency management
 * can move (see docs/adr/0009). Built from {@link ElasticsearchSettings}:
 * <ul>
 *   <li>several nodes, taken in turn; a node that fails to answer (refused, reset, timed out; or 502, 503,
 *       504) is skipped for a while, one minute after its first failure and longer after each further one
 *       (at most 30), and the request goes on to the next node when nothing can have been done yet (no
 *       connection, or a gateway status). When every node is being skipped, the one whose time is up first
 *       is tried;</li>
 *   <li>each URL's path as a prefix of every request to that node;</li>
 *   <li>basic auth (the username and password, or the user info of the first URL that has one) or an API
 *       key, sent with every request;</li>
 *   <li>TLS trusting the JDK's store, a PEM CA file or a CA fingerprint ({@link TlsTrust}), host names
 *       checked;</li>
 *   <li>HTTP/1.1 with kept-alive connections, a connect timeout of the request timeout (at most 5 s) and a
 *       request timeout one second longer than {@link ElasticsearchSettings#requestTimeout()} as a backstop:
 *       the emitter enforces that one itself and cancels, which closes the connection.</li>
 * </ul>
 * Requests and answers are plain JSON and NDJSON without {@code compatible-with} media types, which every
 * Elasticsearch from 8.0 to 9.x takes as its own version.
 *
 * <p>Thread-safe; {@link #close()} closes the connections without waiting for requests in flight.
 */
public final class ElasticsearchTransport implements AutoCloseable {

    static final Duration FIRST_SKIP = Duration.ofMinutes(1);
    static final Duration LONGEST_SKIP = Duration.ofMinutes(30);
    private static final String USER_AGENT = "brainstem/" + version() + " (Java " + Runtime.version().feature() + ")";

    /**
     * One request: method, path below the node's prefix (already URL-encoded), query parameters and an
     * optional body with its media type.
     */
    public record Request(String method, String path, Map<String, String> parameters, byte[] body,
                          String contentType) {
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with /, was " + path);
            }
            parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
            if ((body == null) != (contentType == null)) {
                throw new IllegalArgumentException("a body needs a content type and a content type a body");
            }
        }

        public static Request of(String method, String path) {
            return new Request(method, path, Map.of(), null, null);
        }

        public Request withParameter(String name, String value) {
            Map<String, String> p = new LinkedHashMap<>(parameters);
            p.put(name, value);
            return new Request(method, path, p, body, contentType);
        }

        public Request withBody(byte[] body, String contentType) {
            return new Request(method, path, parameters, body, contentType);
        }

        public Request withJson(String json) {
            return withBody(json.getBytes(StandardCharsets.UTF_8), "application/json");
        }

        /** Method and path, for messages (never the body). */
        String line() {
            return method + " " + path;
        }
    }

    /**
     * An answer, whatever its status.
     *
     * @param node   the node that answered, as it may be shown (no user info)
     * @param status the HTTP status
     * @param body   the body's bytes (empty when there was none)
     */
    public record Response(String node, int status, byte[] body) {
        public boolean successful() {
            return status >= 200 && status < 300;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public InputStream stream() {
            return new ByteArrayInputStream(body);
        }

        /** {@code HTTP 429 Too Many Requests}: the status and its standard reason phrase. */
        public String statusLine() {
            String reason = reasonPhrase(status);
            return "HTTP " + status + (reason.isEmpty() ? "" : " " + reason);
        }
    }

    /** A status other than 2xx from {@link #perform}; the message has the node, the request line and the body. */
    public static final class ResponseException extends IOException {
        private final transient Response response;

        ResponseException(Request request, Response response) {
            super(request.line() + " on " + response.node() + " answered " + response.statusLine() + ": "
                    + abbreviate(response.text(), 2000));
            this.response = response;
        }

        public Response response() {
            return response;
        }

        public int status() {
            return response.status();
        }
    }

    private final List<Node> nodes;
    private final HttpClient client;
    private final String authorization;
    private final Duration requestTimeout;
    private final LongSupplier nanoClock;
    private final AtomicInteger turn = new AtomicInteger();

    private ElasticsearchTransport(List<Node> nodes, HttpClient client, String authorization, Duration requestTimeout,
                                   LongSupplier nanoClock) {
        this.nodes = nodes;
        this.client = client;
        this.authorization = authorization;
        this.requestTimeout = requestTimeout;
        this.nanoClock = nanoClock;
    }

    /**
     * @throws IllegalArgumentException naming the setting when the CA file cannot be read or parsed, or the
     *                                  URL's user info is badly encoded
     */
    public static ElasticsearchTransport create(ElasticsearchSettings settings) {
        return create(settings, System::nanoTime);
    }

    /** With the clock that times how long a failed node is skipped (tests step it). */
    static ElasticsearchTransport create(ElasticsearchSettings settings, LongSupplier nanoClock) {
        List<Node> nodes = new ArrayList<>();
        String userInfo = null;
        for (URI url : settings.urls()) {
            nodes.add(new Node(url));
            if (userInfo == null && url.getRawUserInfo() != null) {
                userInfo = url.getRawUserInfo();
            }
        }
        String authorization = null;
        if (settings.apiKey() != null) {
            authorization = "ApiKey " + settings.apiKey();
        } else if (settings.username() != null) {
            authorization = basic(settings.username(), settings.password());
        } else if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            authorization = basic(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)),
                    colon < 0 ? "" : decode(userInfo.substring(colon + 1)));
        }
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(min(settings.requestTimeout(), Duration.ofSeconds(5)));
        SSLContext tls = TlsTrust.of(settings);
        if (tls != null) {
            http.sslContext(tls);
        }
        return new ElasticsearchTransport(List.copyOf(nodes), http.build(), authorization, settings.requestTimeout(),
                nanoClock);
    }

    /** The nodes as they may be shown, in configured order. */
    public List<String> nodes() {
        return nodes.stream().map(n -> n.display).toList();
    }

    /**
     * Sends a request to the next node, and on to the following ones as the class comment says. The future
     * completes with the answer whatever its status, or fails with an {@link IOException} naming the node(s)
     * ({@link ConnectException} when none could be reached, {@link HttpTimeoutException} when one did not
     * answer in time). Cancelling it aborts the exchange and closes its connection.
     */
    public CompletableFuture<Response> send(Request request) {
        Call call = new Call(request, candidates());
        call.next();
        return call;
    }

    /**
     * Sends a request and waits for its answer.
     *
     * @throws ResponseException      for any status but 2xx
     * @throws InterruptedIOException when the thread is interrupted meanwhile (the exchange is aborted)
     * @throws IOException            when no node answered
     */
    public Response perform(Request request) throws IOException {
        CompletableFuture<Response> answer = send(request);
        Response response;
        try {
            response = answer.get();
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during " + request.line());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        if (!response.successful()) {
            throw new ResponseException(request, response);
        }
        return response;
    }

    /** Closes the connections at once, aborting any request still in flight (its future fails). */
    @Override
    public void close() {
        client.shutdownNow();
    }

    // ---- nodes ----

    /** One node, with how long it is to be skipped. Mutable state guarded by the node itself. */
    private static final class Node {
        final URI base;
        final String display;
        private int failures;
        private long skipUntil;

        Node(URI url) {
            int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
            String path = url.getRawPath() == null ? "" : url.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            this.base = URI.create(url.getScheme().toLowerCase() + "://" + hostForUri(url.getHost()) + ":" + port + path);
            this.display = ElasticsearchSettings.strip(url);
        }

        synchronized boolean skipped(long now) {
            return failures > 0 && now - skipUntil < 0;
        }

        synchronized long skipUntil() {
            return skipUntil;
        }

        synchronized void failed(long now) {
            failures++;
            double minutes = Math.min(LONGEST_SKIP.toMinutes(), FIRST_SKIP.toMinutes() * Math.pow(2, 0.5 * (failures - 1)));
            skipUntil = now + (long) (minutes * 60e9);
        }

        synchronized void answered() {
            failures = 0;
            skipUntil = 0;
        }
    }

    /** The nodes to try for one request: those not skipped, the next in turn first; else the first to come back. */
    private List<Node> candidates() {
        int n = nodes.size();
        int first = Math.floorMod(turn.getAndIncrement(), n);
        long now = nanoClock.getAsLong();
        List<Node> out = new ArrayList<>(n);
        Node soonest = null;
        for (int i = 0; i < n; i++) {
            Node node = nodes.get((first + i) % n);
            if (!node.skipped(now)) {
                out.add(node);
            } else if (soonest == null || node.skipUntil() - soonest.skipUntil() < 0) {
                soonest = node;
            }
        }
        if (out.isEmpty()) {
            out.add(soonest);
        }
        return out;
    }

    // ---- one request ----

    /** The future of one request across its candidate nodes; cancelling it cancels the exchange in progress. */
    private final class Call extends CompletableFuture<Response> {
        private final Request request;
        private final List<Node> candidates;
        private final List<String> failures = new ArrayList<>();
        private int next;
        private volatile CompletableFuture<HttpResponse<byte[]>> exchange;

        Call(Request request, List<Node> candidates) {
            this.request = request;
            this.candidates = candidates;
        }

        void next() {
            Node node = candidates.get(next++);
            CompletableFuture<HttpResponse<byte[]>> f;
            try {
                f = client.sendAsync(http(node, request), HttpResponse.BodyHandlers.ofByteArray());
            } catch (RuntimeException e) {
                completeExceptionally(new IOException(request.line() + " to " + node.display + ": " + e.getMessage(), e));
                return;
            }
            exchange = f;
            if (isCancelled()) {
                f.cancel(true);
                return;
            }
            f.whenComplete((response, failure) -> settle(node, response, failure));
        }

        private void settle(Node node, HttpResponse<byte[]> response, Throwable failure) {
            if (isDone()) {
                return;
            }
            long now = nanoClock.getAsLong();
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof CancellationException) {
                    cancel(true);
                    return;
                }
                node.failed(now);
                failures.add(node.display + ": " + describe(cause));
                boolean nothingSent = cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException;
                if (nothingSent && next < candidates.size()) {
                    next();
                } else {
                    completeExceptionally(failure(cause));
                }
                return;
            }
            int status = response.statusCode();
            if (status == 502 || status == 503 || status == 504) {
                node.failed(now);
                if (next < candidates.size()) {
                    failures.add(node.display + ": HTTP " + status);
                    next();
                    return;
                }
            } else {
                node.answered();
            }
            byte[] body = response.body();
            complete(new Response(node.display, status, body == null ? new byte[0] : body));
        }

        /** The failure to report: of the type of the last one, with every node's part in the message. */
        private IOException failure(Throwable last) {
            String message = (candidates.size() > 1 ? "no node answered " + request.line() + ": " : request.line() + " to ")
                    + String.join("; ", failures);
            IOException e;
            if (last instanceof HttpConnectTimeoutException) {
                e = new HttpConnectTimeoutException(message);
            } else if (last instanceof HttpTimeoutException) {
                e = new HttpTimeoutException(message);
            } else if (last instanceof ConnectException) {
                e = new ConnectException(message);
            } else {
                e = new IOException(message);
            }
            e.initCause(last);
            return e;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            CompletableFuture<HttpResponse<byte[]>> f = exchange;
            if (f != null) {
                f.cancel(true);
            }
            return cancelled;
        }
    }

    private HttpRequest http(Node node, Request request) {
        StringBuilder uri = new StringBuilder(node.base.toString()).append(request.path());
        char separator = request.path().contains("?") ? '&' : '?';
        for (Map.Entry<String, String> p : request.parameters().entrySet()) {
            uri.append(separator).append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(requestTimeout.plusSeconds(1))
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.body() != null) {
            b.header("Content-Type", request.contentType());
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    // ---- text ----

    /** The standard reason phrase of a status (RFC 9110 and 6585), or "" for one without. */
    static String reasonPhrase(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }

    /** A failure in a few words: its message, else its cause's, and its kind. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        if (message == null && t.getCause() != null) {
            message = t.getCause().getMessage();
        }
        if (message == null && t instanceof ConnectException) {
            message = "cannot connect";
        }
        return (message == null ? "" : message + " ") + "(" + t.getClass().getSimpleName() + ")";
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("brainstem.elasticsearch.url has badly encoded user info");
        }
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String version() {
        String v = ElasticsearchTransport.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
