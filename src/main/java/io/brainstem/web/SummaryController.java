package io.brainstem.web;

import io.brainstem.monitor.RequestMonitor;
import io.brainstem.monitor.WindowSummary;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;

/** {@code GET /api/v1/summary?window=5m}: min / avg / max / p95 of the headline readings over a window. */
@RestController
public class SummaryController {

    private final RequestMonitor monitor;

    public SummaryController(RequestMonitor monitor) {
        this.monitor = monitor;
    }

    public record SummaryResponse(String window, WindowSummary summary) {
    }

    @GetMapping(path = "/api/v1/summary", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> summary(@RequestParam(defaultValue = "5m") String window) {
        Duration d = Params.window("window", window, monitor.bufferSpan());
        return Responses.json(new SummaryResponse(Params.human(d), monitor.lastWindow(d)));
    }
}
