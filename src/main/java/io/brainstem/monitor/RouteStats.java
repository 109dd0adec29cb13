package io.brainstem.monitor;

/**
 * Per-route request statistics from a {@link RequestLog}. Counts are since the log was created;
 * latencies are over the route's recent requests only (see {@link RequestLog}), so that they describe
 * the route now rather than since start-up. Immutable.
 *
 * @param route          the route pattern, {@link RequestLog#OTHER_ROUTE} for routes beyond the limit,
 *                       {@link RequestLog#NO_ROUTE} for requests without one
 * @param count          requests
 * @param clientErrors   responses with status 400–499
 * @param serverErrors   responses with status 500–599
 * @param errorRate      serverErrors / count: the failures the service owns (client errors are
 *                       counted apart, as a client sending bad requests is not the service failing)
 * @param latencySamples how many recent requests the latency figures are computed from (0: all NaN)
 * @param p50Millis      nearest-rank median latency
 * @param p95Millis      nearest-rank 95th percentile
 * @param p99Millis      nearest-rank 99th percentile
 * @param maxMillis      slowest of the recent requests
 */
public record RouteStats(String route, long count, long clientErrors, long serverErrors, double errorRate,
                         int latencySamples, double p50Millis, double p95Millis, double p99Millis,
                         double maxMillis) {
}
