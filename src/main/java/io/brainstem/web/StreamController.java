package io.brainstem.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;

/**
 * {@code GET /api/v1/stream}: server-sent events, one {@code sample} event per poll (its {@code id} the
 * sample's sequence, its data the sample as {@code /api/v1/samples} writes it) and a comment line as
 * heartbeat. The live page reads it; so can {@code curl -N}.
 */
@RestController
public class StreamController {

    private final SampleStream stream;
    private final Duration reconnect;

    /** @param reconnect how long a browser waits before reconnecting after the stream ends */
    public StreamController(SampleStream stream, Duration reconnect) {
        this.stream = stream;
        this.reconnect = reconnect;
    }

    @GetMapping(path = "/api/v1/stream")
    public SseEmitter stream() throws IOException {
        SseEmitter emitter = new SseEmitter(0L); // no time-out: the heartbeat finds dead connections
        // First bytes at once, so that the client sees the response start before the next poll.
        emitter.send(SseEmitter.event().reconnectTime(reconnect.toMillis()).comment("brainstem samples"));
        SampleStream.Connection client = stream.connect(new EmitterSink(emitter));
        emitter.onCompletion(client::close);
        emitter.onTimeout(client::close);
        emitter.onError(e -> client.close());
        return emitter;
    }

    @ExceptionHandler(SampleStream.TooManyClientsException.class)
    ResponseEntity<byte[]> tooMany(SampleStream.TooManyClientsException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON)
                .body(ApiJson.bytes(new ApiError(503, "Service Unavailable", null, e.getMessage())));
    }

    /** One client's events, written to its response on the client's own sender thread. */
    private record EmitterSink(SseEmitter emitter) implements SampleStream.Sink {
        @Override
        public void sample(long id, String json) throws IOException {
            emitter.send(SseEmitter.event().id(Long.toString(id)).name("sample").data(json));
        }

        @Override
        public void heartbeat() throws IOException {
            emitter.send(SseEmitter.event().comment("heartbeat"));
        }

        @Override
        public void close() {
            emitter.complete();
        }
    }
}
