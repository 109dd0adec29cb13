package io.brainstem.component;

import io.brainstem.daemon.SampleListener;
import io.brainstem.sample.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What happens to components and queues at each poll, on the daemon thread, before the alert rules
 * look (register it ahead of the evaluator): the operations in flight are counted, the components'
 * interval is closed, the queues are sampled, the statistics of the recent window are computed once for
 * the alert readings ({@link #recent()}) and the bottleneck log, the baseline is taken once the first
 * {@code baselineAfter} have passed, and the sinks get the interval (COMPONENT documents). Nothing here
 * throws into the daemon; a sink that throws is counted.
 */
public final class ComponentPoll implements SampleListener {

    private static final System.Logger LOG = System.getLogger(ComponentPoll.class.getName());

    /** The recent window's statistics as of one poll. */
    public record Recent(Instant at, Duration window, List<ComponentStats> components, List<QueueStats> queues) {
    }

    private final ComponentRegistry registry;
    private final QueueRegistry queues;
    private final Runnable inFlightScan;
    private final Duration window;
    private final Duration baselineAfter;
    private final BottleneckLog bottlenecks;
    private final List<ComponentSink> sinks = new CopyOnWriteArrayList<>();
    private volatile Recent recent;
    private boolean baselineTaken;
    private long sinkErrors;

    /**
     * @param inFlightScan  counts the operations in flight into the registry (the observation handler's)
     * @param window        the recent window the alert readings and the bottleneck log look at
     * @param minCount      operations a component needs in the window for its latency to be judged
     * @param baselineAfter the baseline is the first this-long after start; zero for none
     * @param bottleneckLogEvery at most one bottleneck line per component per this
     */
    public ComponentPoll(ComponentRegistry registry, QueueRegistry queues, Runnable inFlightScan, Duration window,
                         int minCount, Duration baselineAfter, Duration bottleneckLogEvery) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.queues = Objects.requireNonNull(queues, "queues");
        this.inFlightScan = Objects.requireNonNull(inFlightScan, "inFlightScan");
        this.window = Objects.requireNonNull(window, "window");
        this.baselineAfter = Objects.requireNonNull(baselineAfter, "baselineAfter");
        this.bottlenecks = new BottleneckLog(bottleneckLogEvery, minCount);
        this.recent = new Recent(registry.startedAt(), window, List.of(), List.of());
    }

    public void addSink(ComponentSink sink) {
        sinks.add(Objects.requireNonNull(sink, "sink"));
    }

    @Override
    public void onSample(Sample sample) {
        Instant at = sample.timestamp();
        try {
            inFlightScan.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "counting observations in flight failed", e);
        }
        registry.close(at);
        queues.sample(at);
        Recent now = new Recent(at, window, registry.window(window), queues.window(window));
        recent = now;
        if (!baselineTaken && !baselineAfter.isZero()
                && !at.isBefore(registry.startedAt().plus(baselineAfter))) {
            baselineTaken = true;
            registry.takeBaseline(baselineAfter);
        }
        bottlenecks.check(now.components(), window, at);
        if (!sinks.isEmpty()) {
            List<ComponentStats> interval = registry.lastClosed();
            List<QueueStats> sampled = queues.lastSample();
            for (ComponentSink sink : sinks) {
                try {
                    sink.onInterval(at, interval, sampled);
                } catch (RuntimeException e) {
                    if (sinkErrors++ == 0) {
                        LOG.log(System.Logger.Level.WARNING, "component sink " + sink + " failed", e);
                    }
                }
            }
        }
    }

    /** The recent window as of the last poll. */
    public Recent recent() {
        return recent;
    }

    public Duration window() {
        return window;
    }

    /** Bottleneck lines written so far. */
    public long bottleneckLines() {
        return bottlenecks.lines();
    }
}
