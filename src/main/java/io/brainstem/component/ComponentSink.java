package io.brainstem.component;

import java.time.Instant;
import java.util.List;

/**
 * Told after each poll of what the components and queues did in the poll interval that just ended
 * (the emitter's COMPONENT documents). On the daemon thread: must be quick and must not throw.
 */
@FunctionalInterface
public interface ComponentSink {

    /**
     * @param end        the poll's time: the end of the interval
     * @param components the components with operations in the interval
     * @param queues     every sampled queue as of this poll's sample
     */
    void onInterval(Instant end, List<ComponentStats> components, List<QueueStats> queues);
}
