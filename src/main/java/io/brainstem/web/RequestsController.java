package io.brainstem.web;

import io.brainstem.monitor.RequestLog;
import io.brainstem.monitor.RequestSummary;
import io.brainstem.monitor.RouteStats;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /api/v1/requests}: recent request summaries and per-route count, error rate and latency. */
@RestController
public class RequestsController {

    private final RequestLog log;

    public RequestsController(RequestLog log) {
        this.log = log;
    }

    public record RequestsResponse(long total, List<RouteStats> routes, List<RequestSummary> recent) {
    }

    @GetMapping(path = "/api/v1/requests", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> requests(@RequestParam(required = false) String limit) {
        int n = limit == null ? Math.min(50, log.capacity()) : Params.limit("limit", limit, log.capacity());
        return Responses.json(new RequestsResponse(log.total(), log.routes(), log.recent(n)));
    }
}
