package io.brainstem.bench;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.sample.Sample;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ring buffer's operations with nothing running beside them: what the service sees, where one
 * append comes every poll interval and queries almost never meet it. Same data and window as
 * {@link RingBufferBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RingBufferAloneBenchmark {

    @Param({"720", "100000"})
    public int slots;

    private RingBuffer<Sample> buffer;
    private Sample template;
    private long nextSecond;
    private long sequence;
    private Instant windowStart;

    @Setup(Level.Trial)
    public void fill() {
        template = RealSamples.one();
        buffer = new RingBuffer<>(slots, Sample::timestamp);
        nextSecond = RingBufferBenchmark.EPOCH_SECOND;
        for (int i = 0; i < slots; i++) {
            append();
        }
        long newest = nextSecond - RingBufferBenchmark.STEP_SECONDS;
        windowStart = Instant.ofEpochSecond(newest - RingBufferBenchmark.WINDOW_SECONDS + RingBufferBenchmark.STEP_SECONDS);
    }

    @Benchmark
    public void append() {
        long at = nextSecond;
        nextSecond = at + RingBufferBenchmark.STEP_SECONDS;
        buffer.append(RealSamples.restamped(template, ++sequence, Instant.ofEpochSecond(at)));
    }

    /** The last hour of a buffer that is not being appended to (the window does not move). */
    @Benchmark
    public List<Sample> windowQuery() {
        return buffer.since(windowStart);
    }
}
