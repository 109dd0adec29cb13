package io.brainstem.emit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a server that, on the next N connections it accepts, forwards the requests
 * but never passes the answers back: the server does the work, the client waits until its timeout and
 * cannot know the outcome. Later connections are relayed both ways. The one fault
 * {@code io.brainstem.testsupport.FaultProxy} does not make (its {@code hang()} never forwards).
 * Thread-safe; virtual threads per connection.
 */
final class AnswerSwallowingRelay implements AutoCloseable {

    private final ServerSocket server;
    private final URI upstream;
    private final AtomicInteger toSwallow = new AtomicInteger();
    private final AtomicInteger swallowed = new AtomicInteger();

    AnswerSwallowingRelay(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().name("relay-accept").start(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The next {@code connections} accepted connections forward requests and swallow every answer. */
    void swallowAnswersOnNext(int connections) {
        toSwallow.set(connections);
    }

    /** Connections whose answers were swallowed so far. */
    int swallowedConnections() {
        return swallowed.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket up = new Socket(upstream.getHost(), upstream.getPort());
                boolean swallow = toSwallow.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
                if (swallow) {
                    swallowed.incrementAndGet();
                }
                Thread.ofVirtual().start(() -> pipe(client, up, false));
                Thread.ofVirtual().start(() -> pipe(up, client, swallow));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pipe(Socket from, Socket to, boolean discard) {
        try (InputStream in = from.getInputStream()) {
            OutputStream out = discard ? OutputStream.nullOutputStream() : to.getOutputStream();
            in.transferTo(out);
        } catch (IOException e) {
            // the other side went away: close both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
