package io.brainstem.daemon;

import io.brainstem.sample.Sample;

/**
 * Told of every sample right after it is in the buffer, on the daemon thread: the spool, the alert
 * evaluator and the gauges hook in here. It must be quick; an exception is counted and does not stop
 * the loop or the other listeners.
 */
@FunctionalInterface
public interface SampleListener {
    void onSample(Sample sample);
}
