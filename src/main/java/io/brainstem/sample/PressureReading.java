package io.brainstem.sample;

/**
 * Linux pressure stall information (PSI): the share of time tasks waited for CPU, memory or I/O,
 * host-wide ({@code /proc/pressure/*}) and for this service's own cgroup ({@code *.pressure} in the
 * cgroup v2 directory). Immutable.
 *
 * <p>A whole part is {@code null} when the kernel has no PSI (before 4.20, or booted with
 * {@code psi=0}) or the cgroup has no pressure files. Host-wide {@code cpu.full} is absent: the kernel
 * documents it as undefined at the system level (it reports zeros only for compatibility).
 *
 * @param system host-wide pressure, or {@code null} without {@code /proc/pressure}
 * @param cgroup this service's cgroup, or {@code null} when it has no pressure files
 */
public record PressureReading(Resources system, Resources cgroup) implements Reading {

    /** Pressure on the three resources; a resource the kernel does not report is {@code null}. */
    public record Resources(Resource cpu, Resource memory, Resource io) {
    }

    /**
     * @param some at least one task stalled on the resource
     * @param full every non-idle task stalled at once (no progress at all)
     */
    public record Resource(Stall some, Stall full) {
    }

    /**
     * One PSI line. The kernel's averages are percentages; here they are fractions 0–1.
     *
     * @param avg10                  share of the last 10 s spent stalled, 0–1
     * @param avg60                  share of the last 60 s, 0–1
     * @param avg300                 share of the last 300 s, 0–1
     * @param stallSecondsPerSecond  seconds stalled per second of wall time since the previous poll
     *                               (from the {@code total} counter, in µs); absent on the first poll
     */
    public record Stall(double avg10, double avg60, double avg300, double stallSecondsPerSecond) {
        /** A line that is undefined or missing: every value absent. */
        public static final Stall ABSENT = new Stall(Reading.ABSENT, Reading.ABSENT, Reading.ABSENT, Reading.ABSENT);
    }
}
