package io.brainstem.bench;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.monitor.RequestLog;
import io.brainstem.monitor.RequestMonitor;
import io.brainstem.monitor.RequestSummary;
import io.brainstem.monitor.ServerTiming;
import io.brainstem.monitor.TraceParent;
import io.brainstem.sample.Sample;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

/**
 * What the request path pays per request against a full one-hour buffer of real samples: the
 * monitor's {@code start} + {@code stop} (a request far shorter than a poll, so the summary names the
 * nearest samples), the same plus recording it in the request log, and the response headers the
 * filter writes from the summary.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestMonitorBenchmark {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String INCOMING = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    static final String ROUTE = "/api/v1/agent/ask";

    private RequestMonitor monitor;
    private RequestLog log;
    private RequestSummary summary;

    @Setup(Level.Trial)
    public void fill() {
        Sample template = RealSamples.one();
        RingBuffer<Sample> buffer = new RingBuffer<>(720, Sample::timestamp);
        Instant newest = Instant.now().minusSeconds(2);
        for (int i = 0; i < 720; i++) {
            buffer.append(RealSamples.restamped(template, i + 1, newest.minusSeconds(5L * (719 - i))));
        }
        monitor = new RequestMonitor(buffer, InstantSource.system(), Duration.ofSeconds(5));
        log = new RequestLog(500, 200, Duration.ofMinutes(5), InstantSource.system());
        summary = monitor.start("POST", ROUTE, TRACE_ID).stop(200);
    }

    @Benchmark
    public RequestSummary startStop() {
        return monitor.start("POST", null, TRACE_ID).stop(200, ROUTE);
    }

    @Benchmark
    public RequestSummary startStopLog() {
        RequestSummary s = monitor.start("POST", null, TRACE_ID).stop(200, ROUTE);
        log.add(s);
        return s;
    }

    @Benchmark
    public int responseHeaders() {
        TraceParent trace = TraceParent.forRequest(INCOMING);
        return trace.header().length() + ServerTiming.of(summary).length() + summary.compactJson().length();
    }
}
