package io.brainstem.web;

import io.brainstem.component.Baseline;
import io.brainstem.component.ComponentRegistry;
import io.brainstem.component.ComponentStats;
import io.brainstem.component.QueueRegistry;
import io.brainstem.component.QueueStats;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/components?window=5m}: the application's components (count, errors, latency
 * percentiles, CPU and allocation per operation, tokens, time to first token, budget, baseline) and
 * queues over a window; {@code POST /api/v1/components/baseline?window=10m} takes the last window as the
 * baseline the "p95 × baseline" rule compares against.
 */
@RestController
public class ComponentsController {

    private static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    private final ComponentRegistry components;
    private final QueueRegistry queues;
    private final Duration span;

    /** @param span the buffer's span: the longest window there is history for */
    public ComponentsController(ComponentRegistry components, QueueRegistry queues, Duration span) {
        this.components = components;
        this.queues = queues;
        this.span = span;
    }

    public record BaselineInfo(Instant takenAt, String window, int components) {
        static BaselineInfo of(Baseline b) {
            return b == null ? null : new BaselineInfo(b.takenAt(), Params.human(b.window()), b.components().size());
        }
    }

    public record ComponentsResponse(String window, int tracked, int maxComponents, long overflow,
                                     List<ComponentStats> components, List<QueueStats> queues,
                                     BaselineInfo baseline) {
    }

    @GetMapping(path = "/api/v1/components", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> components(@RequestParam(required = false) String window) {
        Duration d = window(window);
        return Responses.json(new ComponentsResponse(Params.human(d), components.size(), components.maxComponents(),
                components.overflow(), components.window(d), queues.window(d),
                BaselineInfo.of(components.baseline())));
    }

    public record BaselineResponse(BaselineInfo baseline, List<ComponentStats> components) {
    }

    @PostMapping(path = "/api/v1/components/baseline", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> baseline(@RequestParam(required = false) String window) {
        Baseline b = components.takeBaseline(window(window));
        return Responses.json(new BaselineResponse(BaselineInfo.of(b), List.copyOf(b.components().values())));
    }

    private Duration window(String text) {
        if (text == null) {
            return DEFAULT_WINDOW.compareTo(span) > 0 ? span : DEFAULT_WINDOW;
        }
        return Params.window("window", text, span);
    }
}
