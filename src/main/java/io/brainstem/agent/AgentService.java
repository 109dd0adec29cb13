package io.brainstem.agent;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.client.ChatClient;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Answers a question with the model: the question waits in the {@link AdmissionQueue} for a free model
 * call, a worker streams the answer from the model (which may call the {@link HostTools} tool first),
 * and the caller gets the whole text back, or a {@link Failure} saying why not.
 *
 * <p>The agent's own stage is one observation, {@code agent.ask}, started on the caller's thread and
 * covering the wait and the answer; the worker makes it the parent of Spring AI's observations (chat
 * client, advisors, each model call, the tool call), so that all of them belong to the caller's request
 * although they run on other threads.
 *
 * <p>Thread-safe.
 */
public final class AgentService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AgentService.class);

    static final String SYSTEM_PROMPT = """
            You are the on-host agent of a monitoring service. When a question is about this host's CPU,
            memory or load, call the host_status tool and answer from its readings; say when a reading
            is missing. Answer in one or two sentences.""";

    /**
     * @param text             the whole answer
     * @param model            the model asked
     * @param queueWaitMillis  how long the question waited for a free model call
     * @param firstTokenMillis from the start of the answer to its first streamed text, or null if none came
     */
    public record Answer(String text, String model, long queueWaitMillis, Long firstTokenMillis) {
    }

    /** Why a question got no answer; each kind is an HTTP status at the endpoint. */
    public static final class Failure extends RuntimeException {
        public enum Kind { NOT_CONFIGURED, BUSY, TIMEOUT, MODEL }

        private final Kind kind;

        Failure(Kind kind, String message, Throwable cause) {
            super(message, cause, false, false);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    private final ChatClient chat;
    private final String model;
    private final AdmissionQueue queue;
    private final Runnable onRefused;
    private final ObservationRegistry registry;
    private final Duration timeout;

    /**
     * @param chat  the chat client, or null when no model server is configured (every question then
     *              fails with {@link Failure.Kind#NOT_CONFIGURED})
     * @param queue the wait line in front of the model; closed with this service
     * @param onRefused told of each question the full queue refused (brainstem's queue overflow count)
     */
    public AgentService(ChatClient chat, String model, AdmissionQueue queue, Runnable onRefused,
                        ObservationRegistry registry, Duration timeout) {
        this.chat = chat;
        this.model = Objects.requireNonNull(model, "model");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.onRefused = Objects.requireNonNull(onRefused, "onRefused");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public boolean configured() {
        return chat != null;
    }

    public AdmissionQueue queue() {
        return queue;
    }

    public String model() {
        return model;
    }

    /**
     * Answers on the calling thread's behalf, waiting at most the agent's timeout in all.
     *
     * @throws Failure when no model is configured, the queue is full, the time is up or the model failed
     */
    public Answer ask(String question) {
        if (chat == null) {
            throw new Failure(Failure.Kind.NOT_CONFIGURED, "no model server configured: set agent.model.url", null);
        }
        Observation ask = Observation.createNotStarted("agent.ask", registry)
                .lowCardinalityKeyValue("agent.model", model)
                .start();
        try (Observation.Scope ignored = ask.openScope()) {
            AdmissionQueue.Ticket<Answer> ticket;
            try {
                long enqueued = System.nanoTime();
                ticket = queue.submit(() -> answer(question, ask, System.nanoTime() - enqueued));
            } catch (AdmissionQueue.Full e) {
                onRefused.run();
                ask.error(e);
                throw new Failure(Failure.Kind.BUSY, e.getMessage(), e);
            }
            try {
                return ticket.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                ticket.cancel(true);
                Failure f = new Failure(Failure.Kind.TIMEOUT, "no answer within " + timeout + " (waited "
                        + ticket.waited().toMillis() + " ms for a free model call)", e);
                ask.error(f);
                throw f;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                ask.error(cause);
                log.warn("agent: the model call to {} failed: {}", model, cause.toString());
                throw new Failure(Failure.Kind.MODEL, "the model call failed: " + cause.getMessage(), cause);
            } catch (CancellationException e) {
                ask.error(e);
                throw new Failure(Failure.Kind.MODEL, "the answer was cancelled (the agent is stopping)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ask.error(e);
                throw new Failure(Failure.Kind.TIMEOUT, "interrupted while waiting for the answer", e);
            }
        } finally {
            ask.stop();
        }
    }

    /** On a worker: streams the answer; Spring AI's observations get {@code parent} from the stream's context. */
    private Answer answer(String question, Observation parent, long waitedNanos) {
        long start = System.nanoTime();
        AtomicLong firstToken = new AtomicLong(-1);
        String text = chat.prompt()
                .system(SYSTEM_PROMPT)
                .user(question)
                .stream()
                .content()
                .doOnNext(chunk -> {
                    if (!chunk.isEmpty()) {
                        firstToken.compareAndSet(-1, System.nanoTime() - start);
                    }
                })
                .contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, parent))
                .collect(Collectors.joining())
                .block(timeout);
        long first = firstToken.get();
        return new Answer(text == null ? "" : text, model, waitedNanos / 1_000_000,
                first < 0 ? null : first / 1_000_000);
    }

    @Override
    public void close() {
        queue.close();
    }
}
