package io.brainstem.sample;

import java.time.Instant;
import java.util.List;

/**
 * The heaviest processes on the host, by CPU and by resident memory, from the last process enumeration.
 * Enumerating every process is costly, so it runs on its own slower cadence and thread; between
 * enumerations every sample carries the last result (see {@code takenAt}). Immutable.
 *
 * @param takenAt           when the enumeration that produced these lists started; {@code null} until the
 *                          first enumeration has finished (the lists are then empty)
 * @param enumerationMillis what that enumeration cost, wall time on its own thread
 * @param processCount      processes seen by it
 * @param complete          false when it ran out of its time budget and the lists rank only the
 *                          processes seen until then
 * @param byCpu             the heaviest by CPU, heaviest first
 * @param byRss             the heaviest by resident memory, heaviest first
 */
public record TopProcessesReading(Instant takenAt, double enumerationMillis, double processCount, boolean complete,
                                  List<Proc> byCpu, List<Proc> byRss) implements Reading {

    public TopProcessesReading {
        byCpu = List.copyOf(byCpu);
        byRss = List.copyOf(byRss);
    }

    /** Before the first enumeration has finished: nothing known yet. */
    public static TopProcessesReading pending() {
        return new TopProcessesReading(null, ABSENT, ABSENT, false, List.of(), List.of());
    }

    /**
     * One process.
     *
     * @param name        the kernel's short name ({@code comm}, at most 15 characters)
     * @param commandLine arguments joined by spaces, trimmed to 200 characters ("…" marks a cut);
     *                    {@code [name]} for kernel threads, as {@code ps} shows them
     * @param user        the real user's name, or the numeric uid when {@code /etc/passwd} lacks it
     * @param cpuCores    CPU in cores, as {@code top}'s %CPU / 100: 1.0 is one core fully busy, and a
     *                    multi-threaded process may exceed 1. Over the interval since the previous
     *                    enumeration, or since the process started when it is newer than that.
     * @param cpuFraction the same as a fraction of the whole host (all logical cores), 0–1
     * @param rssBytes    resident memory
     */
    public record Proc(long pid, String name, String commandLine, String user, double cpuCores, double cpuFraction,
                       double rssBytes) {
    }
}
