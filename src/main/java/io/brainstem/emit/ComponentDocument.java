package io.brainstem.emit;

import io.brainstem.component.ComponentStats;
import io.brainstem.component.QueueStats;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one component or one queue did in one poll interval, as a COMPONENT document for the
 * {@code metrics-brainstem.component-<namespace>} data stream: one per component with operations in the
 * interval, one per sampled queue per poll.
 *
 * <p>Shape (listed in {@code docs/schema.md}, mapped in {@code config/elasticsearch/index-template-component.json}):
 * the ECS header with {@code @timestamp} the interval's end and {@code event.start/end};
 * {@code brainstem.component.name} and {@code .kind} ({@code observation} or {@code queue}); for an
 * observation the interval's statistics under {@code brainstem.component.*} (count, errors, durations in
 * ms, CPU and allocation per operation, tokens, time to first token, budget); for a queue its sample under
 * {@code brainstem.queue.*}. Absent values are left out. The id is deterministic. Immutable and
 * thread-safe.
 */
public final class ComponentDocument {

    public static final String ACTION = "COMPONENT";
    public static final String KIND_OBSERVATION = "observation";
    public static final String KIND_QUEUE = "queue";

    private final Origin origin;
    private final Duration interval;

    /** @param interval the poll interval: an interval ends at a poll and starts this much earlier */
    public ComponentDocument(Origin origin, Duration interval) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /** {@code metrics-brainstem.component-<namespace>} */
    public String dataStream() {
        return DataStreams.component(origin.namespace());
    }

    public String id(String kind, String name, Instant end) {
        return DocumentIds.of(origin.instanceId(), ACTION, kind, name, end.toString());
    }

    public byte[] toJson(ComponentStats s, Instant end) {
        return tree(s, end).toJson();
    }

    public byte[] toJson(QueueStats q, Instant end) {
        return tree(q, end).toJson();
    }

    private JsonTree header(Instant end, String name, String kind) {
        return Ecs.header(end, origin, "metrics", DataStreams.COMPONENT, "metric", "brainstem", ACTION)
                .put("event.start", Ecs.timestamp(end.minus(interval)))
                .put("event.end", Ecs.timestamp(end))
                .put("brainstem.component.name", name)
                .put("brainstem.component.kind", kind);
    }

    JsonTree tree(ComponentStats s, Instant end) {
        String b = "brainstem.component.";
        JsonTree doc = header(end, s.name(), KIND_OBSERVATION)
                .put(b + "count", s.count())
                .put(b + "errors", s.errors())
                .put(b + "error_rate", s.errorRate())
                .put(b + "duration.avg.ms", s.avgMs())
                .put(b + "duration.p50.ms", s.p50Ms())
                .put(b + "duration.p95.ms", s.p95Ms())
                .put(b + "duration.p99.ms", s.p99Ms())
                .put(b + "duration.max.ms", s.maxMs())
                .put(b + "cpu.ms_per_op", s.cpuMsPerOp())
                .put(b + "cpu.share", s.cpuShare())
                .put(b + "allocated.bytes_per_op", s.allocBytesPerOp())
                .put(b + "timeouts", s.timeouts())
                .put(b + "in_flight", (long) s.inFlight())
                .put(b + "overdue", (long) s.overdue())
                .put(b + "ttft.avg.ms", s.ttftAvgMs())
                .put(b + "ttft.max.ms", s.ttftMaxMs())
                .put(b + "budget.expected.ms", s.expectedMs())
                .put(b + "budget.timeout.ms", s.timeoutMs())
                .put(b + "budget.ratio", s.budgetRatio());
        if (s.tokensIn() != null) {
            doc.put(b + "tokens.in", s.tokensIn()).put(b + "tokens.out", s.tokensOut());
        }
        if (s.tier() != null) {
            doc.put(b + "budget.tier", (long) s.tier());
        }
        return doc;
    }

    JsonTree tree(QueueStats q, Instant end) {
        String b = "brainstem.queue.";
        JsonTree doc = header(end, q.name(), KIND_QUEUE)
                .put(b + "peak", (long) q.peak())
                .put(b + "overflows", q.overflows())
                .put(b + "overflows_total", q.overflowsTotal())
                .put(b + "oldest_age.ms", q.oldestAgeMs())
                .put(b + "utilization.pct", q.utilization())
                .put(b + "sample_errors", q.sampleErrors());
        if (q.capacity() != null) {
            doc.put(b + "capacity", (long) q.capacity());
        }
        if (q.depth() != null) {
            doc.put(b + "depth", (long) q.depth());
        }
        return doc;
    }
}
