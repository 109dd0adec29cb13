package io.brainstem.bench;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.sample.Sample;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
 * The ring buffer under one writer appending as fast as it can while readers query the last hour.
 * The suite runs the group with 1, 4 and 16 reader threads ({@code threadGroups(1, readers)}).
 *
 * <p>Samples are 5 s apart, so the one-hour window holds 720 samples in either buffer size; in the
 * 100,000-slot buffer the query also binary-searches a longer range. An append includes re-stamping a
 * real sample (one small record allocation), since timestamps must not go back.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RingBufferBenchmark {

    static final long EPOCH_SECOND = 1_800_000_000L;
    static final long STEP_SECONDS = 5;
    static final long WINDOW_SECONDS = 3600;

    @Param({"720", "100000"})
    public int slots;

    private RingBuffer<Sample> buffer;
    private Sample template;
    /** The newest timestamp appended, for readers to place their window. */
    private volatile long newestSecond;
    /** Writer thread only. */
    private long nextSecond;
    private long sequence;

    @Setup(Level.Trial)
    public void fill() {
        template = RealSamples.one();
        buffer = new RingBuffer<>(slots, Sample::timestamp);
        nextSecond = EPOCH_SECOND;
        for (int i = 0; i < slots; i++) {
            append();
        }
    }

    @Benchmark
    @Group("appendWhileReading")
    @GroupThreads(1)
    public void append() {
        long at = nextSecond;
        nextSecond = at + STEP_SECONDS;
        buffer.append(RealSamples.restamped(template, ++sequence, Instant.ofEpochSecond(at)));
        newestSecond = at;
    }

    @Benchmark
    @Group("appendWhileReading")
    @GroupThreads(1)
    public List<Sample> windowQuery() {
        return buffer.since(Instant.ofEpochSecond(newestSecond - WINDOW_SECONDS + STEP_SECONDS));
    }
}
