package io.brainstem.web;

import io.brainstem.daemon.SampleListener;
import io.brainstem.sample.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fans each new sample out to the connected live-page clients ({@code GET /api/v1/stream}).
 *
 * <p>The daemon calls {@link #onSample} on its own thread, which must never wait for a client: each
 * client has a bounded queue and a virtual thread of its own that writes to the network. {@code onSample}
 * only offers the sample to every queue; a client whose queue is full is too slow to follow and is
 * dropped (its thread ends its response; the browser reconnects and reloads its window). The sample is
 * turned into JSON once, by whichever sender needs it first, not on the daemon thread. A client that
 * gets no sample for {@code heartbeat} is sent a heartbeat, which also finds connections that died
 * silently.
 *
 * <p>Thread-safe: {@link #onSample} from the daemon thread, {@link #connect} from request threads,
 * {@link #close} from the shutdown thread.
 */
public final class SampleStream implements SampleListener, AutoCloseable {

    /** Where one client's events go: a server-sent-events response, in production. */
    public interface Sink {
        /** Sends one sample event: {@code id} the sample's sequence, {@code json} the sample as the API writes it. */
        void sample(long id, String json) throws IOException;

        /** Sends a comment line, which clients ignore. */
        void heartbeat() throws IOException;

        /**
         * Ends the response because the stream stops serving the client (it was too slow, or the stream
         * is shutting down); called once, on the client's own sender thread. Not called after a send
         * failed: the connection is gone then, and the server cleans it up itself.
         */
        void close();
    }

    /** One connected client, as seen by whoever serves its connection. */
    public interface Connection extends AutoCloseable {
        /** Stops serving the client (its connection is known to be gone); idempotent, any thread. */
        @Override
        void close();
    }

    /** Too many clients are connected already. */
    public static final class TooManyClientsException extends RuntimeException {
        TooManyClientsException(int max) {
            super("the live stream serves at most " + max + " clients at once");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SampleStream.class);

    private final int maxClients;
    private final int queueCapacity;
    private final Duration heartbeat;
    private final CopyOnWriteArraySet<Client> clients = new CopyOnWriteArraySet<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong served = new AtomicLong();
    private boolean closed; // guarded by clients

    /**
     * @param maxClients    clients served at once; one more is refused
     * @param queueCapacity samples one client may lag behind before it is dropped
     * @param heartbeat     longest silence on a connection
     */
    public SampleStream(int maxClients, int queueCapacity, Duration heartbeat) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1, was " + maxClients);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
        }
        if (heartbeat == null || heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("heartbeat must be a positive duration, was " + heartbeat);
        }
        this.maxClients = maxClients;
        this.queueCapacity = queueCapacity;
        this.heartbeat = heartbeat;
    }

    /**
     * Starts serving a new client: from now on it gets every sample, on a virtual thread of its own.
     *
     * @return the client, to stop serving it when its connection is known to be gone
     *
     * @throws TooManyClientsException when {@code maxClients} are connected already
     * @throws IllegalStateException   after {@link #close()}
     */
    public Connection connect(Sink sink) {
        Objects.requireNonNull(sink, "sink");
        Client client = new Client(sink, new ArrayBlockingQueue<>(queueCapacity));
        synchronized (clients) {
            if (closed) {
                throw new IllegalStateException("the live stream is shut down");
            }
            if (clients.size() >= maxClients) {
                throw new TooManyClientsException(maxClients);
            }
            clients.add(client);
        }
        Thread.ofVirtual().name("brainstem-stream-" + served.incrementAndGet()).start(client::run);
        return client::stop;
    }

    /** Offers the sample to every client without waiting; drops a client whose queue is full. */
    @Override
    public void onSample(Sample sample) {
        if (clients.isEmpty()) {
            return;
        }
        Event event = new Event(sample);
        for (Client client : clients) {
            if (!client.queue.offer(event)) {
                dropped.incrementAndGet();
                client.stop();
                log.debug("live stream client dropped: {} samples behind", queueCapacity);
            }
        }
    }

    /** Clients connected now. */
    public int clients() {
        return clients.size();
    }

    /** Clients dropped since start because they could not keep up. */
    public long dropped() {
        return dropped.get();
    }

    /** Ends every client's response; new clients are refused from now on. */
    @Override
    public void close() {
        synchronized (clients) {
            closed = true;
        }
        for (Client client : clients) {
            client.stop();
        }
    }

    /** A sample waiting to be sent, written as JSON at most once whatever the number of clients. */
    private static final class Event {
        static final Event STOP = new Event(null);

        final Sample sample;
        private volatile String json;

        Event(Sample sample) {
            this.sample = sample;
        }

        String json() {
            String j = json;
            if (j == null) { // two senders may both write it; the result is the same
                j = new String(ApiJson.bytes(sample), StandardCharsets.UTF_8);
                json = j;
            }
            return j;
        }
    }

    private final class Client {
        final Sink sink;
        final BlockingQueue<Event> queue;
        private volatile boolean stopped;

        Client(Sink sink, BlockingQueue<Event> queue) {
            this.sink = sink;
            this.queue = queue;
        }

        /**
         * Never blocks. The flag is what stops the sender; the marker only wakes it early (should a
         * concurrent offer have taken the freed slot, the sender sees the flag at its next heartbeat).
         */
        void stop() {
            stopped = true;
            clients.remove(this);
            queue.clear();
            queue.offer(Event.STOP);
        }

        void run() {
            boolean gone = false;
            try {
                while (true) {
                    Event event = queue.poll(heartbeat.toNanos(), TimeUnit.NANOSECONDS);
                    if (stopped || event == Event.STOP) {
                        break;
                    }
                    if (event == null) {
                        sink.heartbeat();
                    } else {
                        sink.sample(event.sample.sequence(), event.json());
                    }
                }
            } catch (IOException e) {
                gone = true;
                log.debug("live stream client went away: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("live stream client failed: {}", e.toString());
            } finally {
                clients.remove(this);
                if (!gone) {
                    sink.close();
                }
            }
        }
    }
}
