package io.brainstem.bench;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.component.ComponentRegistry;
import io.brainstem.monitor.RequestMonitor;
import io.brainstem.observation.BrainstemObservationHandler;
import io.brainstem.sample.Sample;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

/**
 * What an observation costs with brainstem's handler and without it, on an ObservationRegistry that has
 * Micrometer's own meter handler as an application with actuator has: one {@code start} + {@code stop}
 * of a short observation (far below the length at which brainstem reads the thread CPU clock), on a
 * thread serving a monitored request ({@code request=true}: attributed to the request's summary as well)
 * or not. Run with JMH's gc profiler, the difference in bytes per operation is brainstem's allocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ObservationHandlerBenchmark {

    @Param({"micrometer", "brainstem"})
    public String handlers;

    @Param({"false", "true"})
    public boolean request;

    private ObservationRegistry registry;
    private RequestMonitor.Request monitored;

    @Setup(Level.Trial)
    public void setUp() {
        registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
        if (handlers.equals("brainstem")) {
            ComponentRegistry components = new ComponentRegistry(100, 720, name -> null, InstantSource.system());
            registry.observationConfig().observationHandler(new BrainstemObservationHandler(components));
        }
        if (request) {
            RequestMonitor monitor = new RequestMonitor(new RingBuffer<>(720, Sample::timestamp),
                    InstantSource.system(), Duration.ofSeconds(5));
            monitored = monitor.start("POST", "/agents/ask", RequestMonitorBenchmark.TRACE_ID);
            monitored.bind();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (monitored != null) {
            monitored.unbind();
        }
    }

    @Benchmark
    public Observation startStop() {
        Observation o = Observation.createNotStarted("agent.stage", registry).start();
        o.stop();
        return o;
    }
}
