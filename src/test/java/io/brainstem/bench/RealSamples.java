package io.brainstem.bench;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.daemon.DaemonSettings;
import io.brainstem.daemon.MetricsDaemon;
import io.brainstem.sample.Sample;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Samples as this host's daemon takes them, and copies of one re-stamped at another time. */
final class RealSamples {

    private RealSamples() {
    }

    /** A daemon over the real sensors, polled on demand (never started). */
    static MetricsDaemon daemon(RingBuffer<Sample> buffer) {
        return new MetricsDaemon(ServiceSensors.create(), buffer,
                new DaemonSettings(Duration.ofSeconds(5), Duration.ofSeconds(1)), InstantSource.system());
    }

    /** The third poll of a fresh daemon, so that rates (which need a previous poll) are present. */
    static Sample one() {
        MetricsDaemon daemon = daemon(new RingBuffer<>(4, Sample::timestamp));
        try {
            Sample s = null;
            for (int i = 0; i < 3; i++) {
                s = daemon.pollOnce();
                Thread.sleep(20);
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling", e);
        }
    }

    /** The same readings under another sequence number and timestamp (one small allocation). */
    static Sample restamped(Sample t, long sequence, Instant at) {
        return new Sample(sequence, at, t.pollNanos(), t.host(), t.cpu(), t.memory(), t.load(), t.disks(),
                t.filesystems(), t.networks(), t.thermal(), t.process(), t.failedSensors(), t.container(),
                t.pressure(), t.topProcesses());
    }
}
