package io.brainstem.sensor;

import io.brainstem.sample.NetworkReadings;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-interface traffic rates from {@code /proc/net/dev}. The file lists every interface on each read,
 * so a new interface appears at the next poll (with absent rates on that first poll) without a
 * separate enumeration. A counter that went backwards (interface re-created, 32-bit wrap) makes that
 * interval's rate absent.
 *
 * <p>Not thread-safe: the daemon calls it one poll at a time.
 */
public final class NetworkSensor implements KernelCounterSensor {

    private final ProcText polled = ProcText.keepingFilesOpen();
    private final Names names = new Names();
    private final Path netDev;

    private Map<String, Counters> previous = Map.of();
    private Instant previousAt;

    public NetworkSensor(SensorSettings settings) {
        this.netDev = settings.procRoot().resolve("net/dev");
    }

    @Override
    public void close() {
        polled.close();
    }

    @Override
    public String name() {
        return "network";
    }

    @Override
    public NetworkReadings read(Instant now) throws IOException {
        Map<String, Counters> current = parse(polled.read(netDev), names);
        NetworkReadings reading = rates(previous, current, Rates.seconds(previousAt, now));
        previous = current;
        previousAt = now;
        return reading;
    }

    /** One interface's cumulative counters; -1 where the kernel gave no value. */
    record Counters(long rxBytes, long rxPackets, long rxErrors, long rxDrops,
                    long txBytes, long txPackets, long txErrors, long txDrops) {
    }

    /** Interfaces in file order; the two header lines have no colon-separated name and are skipped. */
    static Map<String, Counters> parse(String text) {
        return parse(text, new Names());
    }

    /** As {@link #parse(String)}, the interface names shared with earlier polls. */
    static Map<String, Counters> parse(String text, Names names) {
        Map<String, Counters> out = new LinkedHashMap<>();
        for (String line : ProcText.lines(text)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            List<String> f = ProcText.fields(line.substring(colon + 1));
            if (name.isEmpty() || f.size() < 12 || name.contains("|")) {
                continue;
            }
            // rx: bytes packets errs drop fifo frame compressed multicast; tx: bytes packets errs drop ...
            out.put(names.of(name), new Counters(ProcText.counter(f, 0), ProcText.counter(f, 1), ProcText.counter(f, 2),
                    ProcText.counter(f, 3), ProcText.counter(f, 8), ProcText.counter(f, 9),
                    ProcText.counter(f, 10), ProcText.counter(f, 11)));
        }
        return out;
    }

    /** Rates between two polls (pure), in the order of the current poll. */
    static NetworkReadings rates(Map<String, Counters> previous, Map<String, Counters> current, double seconds) {
        return new NetworkReadings(Rates.perSubject(previous, current, seconds, (name, p, c, s) ->
                new NetworkReadings.Interface(name,
                        Rates.perSecond(p.rxBytes(), c.rxBytes(), s), Rates.perSecond(p.txBytes(), c.txBytes(), s),
                        Rates.perSecond(p.rxPackets(), c.rxPackets(), s),
                        Rates.perSecond(p.txPackets(), c.txPackets(), s),
                        Rates.perSecond(p.rxErrors(), c.rxErrors(), s), Rates.perSecond(p.txErrors(), c.txErrors(), s),
                        Rates.perSecond(p.rxDrops(), c.rxDrops(), s), Rates.perSecond(p.txDrops(), c.txDrops(), s))));
    }
}
