package io.brainstem.web;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.sample.Sample;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/** {@code /api/v1/samples}: the buffer's samples as the daemon recorded them. */
@RestController
@RequestMapping(path = "/api/v1/samples", produces = MediaType.APPLICATION_JSON_VALUE)
public class SamplesController {

    private final RingBuffer<Sample> buffer;
    private final InstantSource clock;
    private final Duration bufferSpan;
    private final int maxLimit;

    public SamplesController(RingBuffer<Sample> buffer, InstantSource clock, Duration pollInterval, int maxLimit) {
        this.buffer = buffer;
        this.clock = clock;
        this.bufferSpan = pollInterval.multipliedBy(buffer.capacity());
        this.maxLimit = maxLimit;
    }

    public record SamplesResponse(int count, Instant from, Instant to, List<Sample> samples) {
    }

    @GetMapping("/latest")
    public ResponseEntity<byte[]> latest() {
        Sample latest = buffer.latest().orElseThrow(() -> new NotReadyException("no poll has completed yet"));
        return Responses.json(latest);
    }

    @GetMapping
    public ResponseEntity<byte[]> samples(@RequestParam(required = false) String window,
                                          @RequestParam(required = false) String since,
                                          @RequestParam(required = false) String limit) {
        if (window != null && since != null) {
            throw new BadParameterException("since", "give either window or since, not both");
        }
        int max = Math.min(maxLimit, buffer.capacity());
        int n = limit == null ? max : Params.limit("limit", limit, max);
        Instant now = clock.instant();
        List<Sample> found;
        Instant from;
        if (since != null) {
            from = Params.instant("since", since);
            found = buffer.since(from);
        } else if (window != null) {
            from = now.minus(Params.window("window", window, bufferSpan));
            found = buffer.since(from);
        } else {
            from = null;
            found = buffer.last(n);
        }
        if (found.size() > n) {
            found = found.subList(found.size() - n, found.size());
        }
        return Responses.json(new SamplesResponse(found.size(), from, now, found));
    }
}
