package io.brainstem.testsupport;

import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of a real server (usually the {@link ElasticsearchNode}) that
 * a test switches between passing requests through and failing in the ways a network and an overloaded
 * cluster fail: connections refused, connections reset, requests that never get an answer, and
 * {@code 429} / {@code 503} answers to the next N requests.
 *
 * <p>It reads each request whole (Content-Length or chunked body) so a fault applies per request, also
 * on kept-alive connections, and forwards passed requests byte for byte over one upstream connection
 * per client connection. {@code Expect: 100-continue} and protocol upgrades are not supported.
 *
 * <p>{@link #tls} makes it an HTTPS endpoint (TLS towards its clients, plain HTTP upstream), for testing the
 * emitter's TLS trust against the real node.
 *
 * <p>Thread-safe: one virtual thread accepts, one serves each client connection; the mode may be
 * switched from any thread and applies to the next request read (a switch to {@link #refuseConnections()}
 * or {@link #resetConnections()} also drops the open connections, as a restarting server would).
 */
public final class FaultProxy implements AutoCloseable {

    private enum Mode { PASS, REFUSE, RESET, HANG }

    private final String upstreamHost;
    private final int upstreamPort;
    private final ServerSocketFactory sockets;
    private final int port;
    private final AtomicInteger connectionsAccepted = new AtomicInteger();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pendingFaults = new AtomicInteger();
    private final AtomicInteger requestsSeen = new AtomicInteger();
    private final AtomicInteger requestsForwarded = new AtomicInteger();
    private final AtomicInteger forwarding = new AtomicInteger();
    private final AtomicInteger mostForwardedAtOnce = new AtomicInteger();
    private final AtomicInteger markedFaults = new AtomicInteger();
    private volatile String faultMarker;
    private volatile String slowMarker;
    private volatile long slowMillis;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<List<String>> requestHeaders = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    private volatile Mode mode = Mode.PASS;
    private volatile int faultStatus;
    private volatile String faultBody;
    private volatile boolean closed;
    private ServerSocket listener;

    private FaultProxy(String upstreamHost, int upstreamPort, ServerSocketFactory sockets) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.sockets = sockets;
        ServerSocket first = sockets.createServerSocket();
        first.setReuseAddress(true);
        first.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.port = first.getLocalPort();
        listen(first);
    }

    /** A proxy passing everything through to {@code upstream} ({@code http://host:port}). */
    public static FaultProxy to(URI upstream) {
        return open(upstream, ServerSocketFactory.getDefault());
    }

    /** A proxy that speaks TLS to its clients with {@code server}'s key and certificate, plain HTTP upstream. */
    public static FaultProxy tls(URI upstream, SSLContext server) {
        return open(upstream, server.getServerSocketFactory());
    }

    private static FaultProxy open(URI upstream, ServerSocketFactory sockets) {
        try {
            return new FaultProxy(upstream.getHost(), upstream.getPort(), sockets);
        } catch (IOException e) {
            throw new IllegalStateException("could not open a proxy port on 127.0.0.1", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/} (https for {@link #tls}): where clients connect instead of the upstream. */
    public URI uri() {
        return URI.create(url() + "/");
    }

    public String url() {
        return (sockets instanceof javax.net.ssl.SSLServerSocketFactory ? "https" : "http") + "://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Forwards every request without delay (the default); connections refused before are accepted again. */
    public void passThrough() {
        pendingFaults.set(0);
        markedFaults.set(0);
        slowMarker = null;
        switchTo(Mode.PASS);
    }

    /** Stops listening: new connections are refused by the OS; open connections are dropped. */
    public void refuseConnections() {
        switchTo(Mode.REFUSE);
    }

    /** Accepts connections and resets them (TCP RST) without answering; open connections are reset too. */
    public void resetConnections() {
        switchTo(Mode.RESET);
    }

    /**
     * Reads requests and never answers them, until the mode is switched again; then the hung connections
     * are closed without an answer. Clients see their read time-out.
     */
    public void hang() {
        switchTo(Mode.HANG);
    }

    /**
     * Answers the next {@code times} requests with {@code status} and an Elasticsearch-shaped JSON error
     * body (429: {@code es_rejected_execution_exception}, otherwise {@code unavailable_shards_exception}),
     * then passes requests through again.
     */
    public void failNext(int times, int status) {
        String type = status == 429 ? "es_rejected_execution_exception" : "unavailable_shards_exception";
        failNext(times, status, "{\"error\":{\"root_cause\":[{\"type\":\"" + type + "\",\"reason\":\"injected by "
                + "FaultProxy\"}],\"type\":\"" + type + "\",\"reason\":\"injected by FaultProxy\"},\"status\":"
                + status + "}");
    }

    /** Answers the next {@code times} requests with {@code status} and {@code jsonBody}, then passes through. */
    public void failNext(int times, int status, String jsonBody) {
        if (times < 0 || status < 100 || status > 599) {
            throw new IllegalArgumentException("times must be >= 0 and status an HTTP status, got times=" + times
                    + " status=" + status);
        }
        faultStatus = status;
        faultBody = jsonBody;
        pendingFaults.set(times);
        switchTo(Mode.PASS);
    }

    /**
     * Answers the next {@code times} requests whose bytes contain {@code marker} (a document id, say) with
     * {@code status} and an Elasticsearch-shaped error, whatever the mode's other faults; other requests
     * are not affected.
     */
    public void failRequestsContaining(String marker, int times, int status) {
        failNext(0, status);
        faultMarker = marker;
        markedFaults.set(times);
    }

    /** Holds every request whose bytes contain {@code marker} for {@code delay} before forwarding it. */
    public void slowDown(String marker, java.time.Duration delay) {
        slowMillis = delay.toMillis();
        slowMarker = marker;
    }

    /** The most requests being forwarded (or held by {@link #slowDown}) at one moment: how many a client had in flight. */
    public int mostForwardedAtOnce() {
        return mostForwardedAtOnce.get();
    }

    /** Injected answers still to give. */
    public int pendingFaults() {
        return pendingFaults.get();
    }

    /** Requests read from clients so far, whatever happened to them. */
    public int requestsSeen() {
        return requestsSeen.get();
    }

    /** Connections accepted so far (while refusing, none are). */
    public int connectionsAccepted() {
        return connectionsAccepted.get();
    }

    /** Requests forwarded upstream so far. */
    public int requestsForwarded() {
        return requestsForwarded.get();
    }

    /** Request lines ({@code POST /_bulk HTTP/1.1}) of every request read, in order. */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /** The header lines ({@code Name: value}) of every request read, in order. */
    public List<List<String>> requestHeaders() {
        return List.copyOf(requestHeaders);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            closeQuietly(listener);
            listener = null;
            lock.notifyAll();
        }
        dropClients(false);
    }

    // ---- modes ----

    private void switchTo(Mode next) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the proxy is closed");
            }
            mode = next;
            if (next == Mode.REFUSE) {
                closeQuietly(listener);
                listener = null;
            } else if (listener == null) {
                try {
                    ServerSocket again = sockets.createServerSocket();
                    again.setReuseAddress(true);
                    again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    listen(again);
                } catch (IOException e) {
                    throw new IllegalStateException("could not listen again on port " + port, e);
                }
            }
            // hung handlers wake up and close their own connections
            lock.notifyAll();
            if (next == Mode.REFUSE || next == Mode.RESET) {
                dropClients(next == Mode.RESET);
            }
        }
    }

    private void listen(ServerSocket socket) {
        synchronized (lock) {
            listener = socket;
        }
        Thread.ofVirtual().name("fault-proxy-accept-" + port).start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    connectionsAccepted.incrementAndGet();
                    if (mode == Mode.RESET) {
                        reset(client);
                        continue;
                    }
                    clients.add(client);
                    Thread.ofVirtual().name("fault-proxy-" + port).start(() -> serve(client));
                } catch (IOException e) {
                    // closed by refuseConnections() or close()
                }
            }
        });
    }

    private void dropClients(boolean reset) {
        for (Socket client : clients) {
            if (reset) {
                reset(client);
            } else {
                closeQuietly(client);
            }
        }
        clients.clear();
    }

    // ---- one client connection ----

    private void serve(Socket client) {
        Socket upstream = null;
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            InputStream upIn = null;
            OutputStream upOut = null;
            while (!closed) {
                Message request = Message.read(in, true, null);
                if (request == null) {
                    return; // client closed the connection
                }
                requestsSeen.incrementAndGet();
                requestLines.add(request.startLine);
                requestHeaders.add(request.headers);
                Mode now = mode;
                if (now == Mode.HANG) {
                    awaitLeaving(Mode.HANG);
                    return;
                }
                if (now == Mode.RESET) {
                    reset(client);
                    return;
                }
                if (now == Mode.REFUSE) {
                    return;
                }
                String marker = faultMarker;
                boolean marked = marker != null && contains(request.bytes, marker)
                        && markedFaults.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
                if (marked || pendingFaults.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                    byte[] body = faultBody.getBytes(StandardCharsets.UTF_8);
                    String head = "HTTP/1.1 " + faultStatus + " " + reason(faultStatus) + "\r\n"
                            + "content-type: application/json\r\ncontent-length: " + body.length + "\r\n"
                            + (faultStatus == 429 || faultStatus == 503 ? "retry-after: 1\r\n" : "")
                            + "\r\n";
                    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                    out.flush();
                    continue;
                }
                if (upstream == null || upstream.isClosed()) {
                    upstream = new Socket(upstreamHost, upstreamPort);
                    upIn = new BufferedInputStream(upstream.getInputStream());
                    upOut = upstream.getOutputStream();
                }
                mostForwardedAtOnce.accumulateAndGet(forwarding.incrementAndGet(), Math::max);
                Message response;
                try {
                    String slow = slowMarker;
                    if (slow != null && contains(request.bytes, slow)) {
                        Thread.sleep(slowMillis);
                    }
                    upOut.write(request.bytes);
                    upOut.flush();
                    requestsForwarded.incrementAndGet();
                    response = Message.read(upIn, false, request.method());
                } catch (InterruptedException e) {
                    return;
                } finally {
                    forwarding.decrementAndGet();
                }
                if (response == null) {
                    return; // upstream closed without answering: so does the proxy
                }
                out.write(response.bytes);
                out.flush();
                if (response.closeAfter || request.closeAfter) {
                    return;
                }
            }
        } catch (IOException e) {
            // a dropped connection on either side ends this client's connection, as it would without a proxy
        } finally {
            clients.remove(client);
            closeQuietly(upstream);
        }
    }

    private void awaitLeaving(Mode hung) {
        synchronized (lock) {
            while (mode == hung && !closed) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static boolean contains(byte[] bytes, String marker) {
        return new String(bytes, StandardCharsets.ISO_8859_1).contains(marker);
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing to do
            }
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Injected";
        };
    }

    /** One HTTP/1.1 request or response exactly as read, framing included. */
    private record Message(String startLine, List<String> headers, byte[] bytes, boolean closeAfter) {

        String method() {
            int space = startLine.indexOf(' ');
            return space < 0 ? startLine : startLine.substring(0, space);
        }

        /**
         * Reads one message, or returns null at a clean end of stream before its first byte. A response
         * to {@code requestMethod} HEAD, or with status 1xx/204/304, has no body; one without length or
         * chunking runs to the end of the stream.
         */
        static Message read(InputStream in, boolean isRequest, String requestMethod) throws IOException {
            ByteArrayOutputStream raw = new ByteArrayOutputStream(1024);
            String startLine = line(in, raw);
            if (startLine == null) {
                return null;
            }
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            List<String> headers = new ArrayList<>();
            for (String h = line(in, raw); h != null && !h.isEmpty(); h = line(in, raw)) {
                headers.add(h);
            }
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> close = value.contains("close");
                    default -> { }
                }
            }
            boolean noBody = false;
            if (!isRequest) {
                String[] parts = startLine.split(" ", 3);
                int status = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
                noBody = "HEAD".equals(requestMethod) || status / 100 == 1 || status == 204 || status == 304;
            }
            if (noBody) {
                // headers only
            } else if (chunked) {
                while (true) {
                    String sizeLine = line(in, raw);
                    if (sizeLine == null) {
                        throw new EOFException("stream ended inside a chunked body");
                    }
                    int semi = sizeLine.indexOf(';');
                    long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                    if (size == 0) {
                        for (String t = line(in, raw); t != null && !t.isEmpty(); t = line(in, raw)) {
                            // trailers, copied as read
                        }
                        break;
                    }
                    copy(in, raw, size + 2);
                }
            } else if (length >= 0) {
                copy(in, raw, length);
            } else if (!isRequest) {
                in.transferTo(raw);
                close = true;
            }
            return new Message(startLine, List.copyOf(headers), raw.toByteArray(), close);
        }

        /** One CRLF-terminated line (without the CRLF), also appended raw to {@code raw}; null at once-EOF. */
        private static String line(InputStream in, ByteArrayOutputStream raw) throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            boolean any = false;
            while ((c = in.read()) != -1) {
                any = true;
                raw.write(c);
                if (c == '\n') {
                    int n = sb.length();
                    if (n > 0 && sb.charAt(n - 1) == '\r') {
                        sb.setLength(n - 1);
                    }
                    return sb.toString();
                }
                sb.append((char) c);
            }
            if (any) {
                throw new EOFException("stream ended inside a line");
            }
            return null;
        }

        private static void copy(InputStream in, ByteArrayOutputStream raw, long n) throws IOException {
            byte[] buffer = new byte[8192];
            long left = n;
            while (left > 0) {
                int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (r < 0) {
                    throw new EOFException("stream ended " + left + " bytes before the end of the body");
                }
                raw.write(buffer, 0, r);
                left -= r;
            }
        }
    }
}
