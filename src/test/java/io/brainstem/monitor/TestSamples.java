package io.brainstem.monitor;

import io.brainstem.sample.CpuReading;
import io.brainstem.sample.DiskIoReadings;
import io.brainstem.sample.LoadReading;
import io.brainstem.sample.MemoryReading;
import io.brainstem.sample.NetworkReadings;
import io.brainstem.sample.ProcessReading;
import io.brainstem.sample.Sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.brainstem.sample.Reading.ABSENT;

/** Scripted samples for the monitor's tests: only the headline readings are set, the rest absent. */
final class TestSamples {

    private final Sample.Builder builder;
    private final List<DiskIoReadings.Device> devices = new ArrayList<>();
    private final List<NetworkReadings.Interface> interfaces = new ArrayList<>();
    private boolean withDisks;
    private boolean withNetworks;

    private TestSamples(long sequence, Instant at) {
        builder = Sample.builder(sequence, at);
    }

    static TestSamples at(long sequence, Instant at) {
        return new TestSamples(sequence, at);
    }

    /** A sample with every headline reading derived from {@code v}, so tests can tell samples apart. */
    static Sample full(long sequence, Instant at, double v) {
        return at(sequence, at).cpu(v).memory(v / 2).load1(v * 4).disk(v * 1000, v * 500)
                .network(v * 300, v * 100).process(v / 10, 1e8 + v * 1e6).build();
    }

    TestSamples cpu(double total) {
        builder.put(new CpuReading(total, ABSENT, ABSENT, ABSENT, ABSENT, List.of(), 2, 1));
        return this;
    }

    TestSamples memory(double usedFraction) {
        builder.put(new MemoryReading(8e9, ABSENT, ABSENT, usedFraction, ABSENT, ABSENT));
        return this;
    }

    TestSamples load1(double load1) {
        builder.put(new LoadReading(load1, ABSENT, ABSENT, load1 / 2, ABSENT, ABSENT));
        return this;
    }

    TestSamples disk(double readBytesPerSecond, double writeBytesPerSecond) {
        withDisks = true;
        devices.add(new DiskIoReadings.Device("sd" + (char) ('a' + devices.size()), readBytesPerSecond,
                writeBytesPerSecond, ABSENT, ABSENT, ABSENT));
        return this;
    }

    TestSamples noDisks() {
        withDisks = true;
        return this;
    }

    TestSamples network(double rxBytesPerSecond, double txBytesPerSecond) {
        withNetworks = true;
        interfaces.add(new NetworkReadings.Interface("eth" + interfaces.size(), rxBytesPerSecond, txBytesPerSecond,
                ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT));
        return this;
    }

    TestSamples process(double cpuFraction, double rssBytes) {
        builder.put(new ProcessReading(42, cpuFraction, rssBytes, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT,
                ABSENT, ABSENT));
        return this;
    }

    Sample build() {
        if (withDisks) {
            builder.put(new DiskIoReadings(devices));
        }
        if (withNetworks) {
            builder.put(new NetworkReadings(interfaces));
        }
        return builder.build();
    }
}
