package io.brainstem.web;

import io.brainstem.monitor.RequestMonitor;
import io.brainstem.monitor.RequestSummary;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.servlet.HandlerMapping;

/**
 * For agent endpoints (brainstem's example and an embedding application's own): the summary of the
 * request being served, so far, to embed in a JSON body under {@code metrics}.
 */
public final class RequestMetrics {

    private RequestMetrics() {
    }

    /** The request's summary up to now (status 0: not answered yet), or null when it is not monitored. */
    public static RequestSummary summarySoFar(HttpServletRequest request) {
        return request.getAttribute(RequestMonitorFilter.ATTRIBUTE) instanceof RequestMonitor.Request r
                ? r.snapshot(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String route
                        ? route : null)
                : null;
    }

    /** The request's trace id, or null when it is not monitored. */
    public static String traceId(HttpServletRequest request) {
        return request.getAttribute(RequestMonitorFilter.ATTRIBUTE) instanceof RequestMonitor.Request r
                ? r.traceId() : null;
    }
}
