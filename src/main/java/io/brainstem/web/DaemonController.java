package io.brainstem.web;

import io.brainstem.daemon.DaemonState;
import io.brainstem.daemon.MetricsDaemon;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/daemon}: the daemon's own state (started-at, polls, overruns, per-sensor errors and
 * durations, poll duration percentiles, buffer fill) and every other {@link StatusSection}.
 */
@RestController
public class DaemonController {

    private final MetricsDaemon daemon;
    private final List<StatusSection> sections;

    public DaemonController(MetricsDaemon daemon, List<StatusSection> sections) {
        this.daemon = daemon;
        this.sections = List.copyOf(sections);
    }

    @GetMapping(path = "/api/v1/daemon", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> daemon() {
        Map<String, Object> body = new LinkedHashMap<>();
        DaemonState state = daemon.state();
        body.put("daemon", state);
        for (StatusSection section : sections) {
            body.put(section.name(), section.state());
        }
        return Responses.json(body);
    }
}
