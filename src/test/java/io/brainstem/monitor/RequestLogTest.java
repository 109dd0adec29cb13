package io.brainstem.monitor;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestLogTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final StepClock clock = new StepClock(T0);

    private static RequestSummary summary(String route, int status, double millis, Instant start) {
        return new RequestSummary(TRACE, "GET", route, status, start, start, Math.round(millis * 1e6), null, null,
                true, Basis.NONE, null, null, null);
    }

    private RequestSummary summary(String route, int status, double millis) {
        return summary(route, status, millis, clock.instant());
    }

    @Test
    void shouldKeepTheLastSummariesNewestFirst() {
        RequestLog log = new RequestLog(5, 10, Duration.ofMinutes(5), clock);
        List<RequestSummary> added = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RequestSummary s = summary("/r", 200, i);
            added.add(s);
            log.add(s);
        }

        assertThat(log.recent(10)).containsExactly(added.get(7), added.get(6), added.get(5), added.get(4),
                added.get(3));
        assertThat(log.recent(2)).containsExactly(added.get(7), added.get(6));
        assertThat(log.recent(0)).isEmpty();
        assertThat(log.total()).isEqualTo(8);
        assertThatThrownBy(() -> log.recent(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCountRequestsAndErrorsAndGiveLatencyPercentilesPerRoute() {
        RequestLog log = new RequestLog(50, 10, Duration.ofMinutes(5), clock);
        for (int i = 1; i <= 100; i++) {
            int status = i <= 10 ? 404 : i <= 15 ? 503 : 200;
            log.add(summary("/a", status, i)); // 1 .. 100 ms
        }
        log.add(summary("/b", 200, 7));

        List<RouteStats> routes = log.routes();

        assertThat(routes).extracting(RouteStats::route).containsExactly("/a", "/b");
        RouteStats a = routes.get(0);
        assertThat(a.count()).isEqualTo(100);
        assertThat(a.clientErrors()).isEqualTo(10);
        assertThat(a.serverErrors()).isEqualTo(5);
        assertThat(a.errorRate()).isEqualTo(0.05);
        assertThat(a.latencySamples()).isEqualTo(100);
        assertThat(a.p50Millis()).isEqualTo(50);
        assertThat(a.p95Millis()).isEqualTo(95);
        assertThat(a.p99Millis()).isEqualTo(99);
        assertThat(a.maxMillis()).isEqualTo(100);
        RouteStats b = routes.get(1);
        assertThat(b.p50Millis()).isEqualTo(7);
        assertThat(b.p99Millis()).isEqualTo(7);
        assertThat(b.errorRate()).isZero();
    }

    @Test
    void shouldFoldRoutesBeyondTheLimitIntoOther() {
        RequestLog log = new RequestLog(50, 3, Duration.ofMinutes(5), clock);
        for (int i = 0; i < 10; i++) {
            log.add(summary("/route" + i, i == 9 ? 500 : 200, 1));
        }
        log.add(summary("/route0", 200, 1)); // an admitted route keeps its own entry

        Map<String, RouteStats> byRoute = log.routes().stream()
                .collect(Collectors.toMap(RouteStats::route, r -> r));

        assertThat(byRoute).containsOnlyKeys("/route0", "/route1", "/route2", RequestLog.OTHER_ROUTE);
        assertThat(byRoute.get("/route0").count()).isEqualTo(2);
        assertThat(byRoute.get(RequestLog.OTHER_ROUTE).count()).isEqualTo(7);
        assertThat(byRoute.get(RequestLog.OTHER_ROUTE).serverErrors()).isEqualTo(1);
    }

    @Test
    void shouldCountRequestsWithoutRouteTogether() {
        RequestLog log = new RequestLog(10, 5, Duration.ofMinutes(5), clock);
        log.add(summary(null, 404, 1));
        log.add(summary("  ", 404, 1));

        assertThat(log.routes()).singleElement().satisfies(r -> {
            assertThat(r.route()).isEqualTo(RequestLog.NO_ROUTE);
            assertThat(r.count()).isEqualTo(2);
            assertThat(r.clientErrors()).isEqualTo(2);
        });
    }

    @Test
    void shouldComputeLatenciesOverTheRecentWindowOnly() {
        RequestLog log = new RequestLog(10, 5, Duration.ofMinutes(5), clock);
        log.add(summary("/a", 200, 900));
        clock.step(Duration.ofMinutes(4));
        log.add(summary("/a", 200, 10));
        clock.step(Duration.ofMinutes(2)); // the 900 ms request ended 6 minutes ago

        RouteStats a = log.routes().get(0);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.latencySamples()).isEqualTo(1);
        assertThat(a.maxMillis()).isEqualTo(10);

        clock.step(Duration.ofMinutes(10));
        RouteStats idle = log.routes().get(0);
        assertThat(idle.count()).isEqualTo(2);
        assertThat(idle.latencySamples()).isZero();
        assertThat(idle.p50Millis()).isNaN();
        assertThat(idle.maxMillis()).isNaN();
    }

    @Test
    void shouldKeepABoundedNumberOfLatenciesPerRoute() {
        RequestLog log = new RequestLog(10, 5, Duration.ofHours(1), clock);
        int n = RequestLog.LATENCIES_PER_ROUTE * 2;
        for (int i = 1; i <= n; i++) {
            log.add(summary("/a", 200, i));
        }

        RouteStats a = log.routes().get(0);
        assertThat(a.count()).isEqualTo(n);
        assertThat(a.latencySamples()).isEqualTo(RequestLog.LATENCIES_PER_ROUTE);
        // the newest 1024 are n-1023 .. n: their median is the 512th of them
        assertThat(a.p50Millis()).isEqualTo(n - RequestLog.LATENCIES_PER_ROUTE + 512);
        assertThat(a.maxMillis()).isEqualTo(n);
    }

    @Test
    void shouldStayConsistentUnderConcurrentAddsAndReads() throws Exception {
        int threads = 4;
        int perThread = 50_000;
        int capacity = 500;
        RequestLog log = new RequestLog(capacity, 10, Duration.ofHours(1), clock);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                writers.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        int status = i % 50 == 0 ? 500 : i % 10 == 0 ? 404 : 200;
                        log.add(summary("/route" + ((id * 7 + i) % 20), status, i % 100, T0));
                    }
                    return null;
                }));
            }
            Future<Integer> reader = pool.submit(() -> {
                go.await();
                int reads = 0;
                while (writing.get()) {
                    assertThat(log.recent(capacity)).hasSizeLessThanOrEqualTo(capacity).doesNotContainNull();
                    assertThat(log.routes()).hasSizeLessThanOrEqualTo(11);
                    reads++;
                }
                return reads;
            });
            go.countDown();
            for (Future<?> w : writers) {
                w.get();
            }
            writing.set(false);
            assertThat(reader.get()).isPositive();
        } finally {
            pool.shutdownNow();
        }

        long total = (long) threads * perThread;
        List<RouteStats> routes = log.routes();
        assertThat(log.total()).isEqualTo(total);
        assertThat(routes).hasSize(11); // 10 named routes and "other"
        assertThat(routes.stream().mapToLong(RouteStats::count).sum()).isEqualTo(total);
        assertThat(routes.stream().mapToLong(RouteStats::serverErrors).sum()).isEqualTo(total / 50);
        assertThat(routes.stream().mapToLong(RouteStats::clientErrors).sum()).isEqualTo(total / 10 - total / 50);
        assertThat(routes).allSatisfy(r -> assertThat(r.latencySamples())
                .isEqualTo((int) Math.min(r.count(), RequestLog.LATENCIES_PER_ROUTE)));

        List<RequestSummary> recent = log.recent(capacity);
        Set<RequestSummary> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(recent);
        assertThat(recent).hasSize(capacity);
        assertThat(distinct).hasSize(capacity);
    }

    @Test
    void shouldRejectUnusableBounds() {
        assertThatThrownBy(() -> new RequestLog(0, 1, Duration.ofMinutes(1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new RequestLog(1, 0, Duration.ofMinutes(1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRoutes");
        assertThatThrownBy(() -> new RequestLog(1, 1, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latencyWindow");
    }
}
