package io.brainstem.sample;

/**
 * The limits and use of the control group this service runs in (a Docker or Kubernetes container, a
 * systemd slice), next to the host-wide readings so that "CPU 30 %" on a 64-core host is not mistaken
 * for headroom in a 2-core container. Immutable.
 *
 * <p>A limit the cgroup does not have ({@code max} in cgroup v2, {@code -1} or the kernel's
 * "unlimited" page-rounded {@code Long.MAX_VALUE} in v1) is absent (NaN), and so is every reading
 * relative to it. Limits are effective limits: the smallest along the path from the cgroup up to the
 * root of its hierarchy. Rates are per second over the interval since the previous poll and absent on
 * the first poll or when a counter went backwards. A process in the root cgroup (no container, or a
 * v1 controller it shares with the host) reads the whole host's use there. A {@code cpuset}
 * restriction without a quota is not a limit here: the CPU limit is the CFS quota only.
 *
 * @param cgroupVersion              {@code v2} or {@code v1}; {@code null} when no cgroup was found (then
 *                                   every value is absent)
 * @param cgroupPath                 the cgroup of this process as {@code /proc/self/cgroup} names it (v1:
 *                                   the memory controller's)
 * @param cpuLimitCores              CPU quota in cores (quota / period; 1.5 = one and a half cores)
 * @param cpuUsageCores              CPU used by the whole cgroup, in cores (0.5 = half a core busy)
 * @param cpuUsageFraction           CPU used as a fraction of the quota, 0–1
 * @param throttledPeriodsPerSecond  enforcement periods in which the cgroup was throttled, per second
 * @param throttledFraction          share of the elapsed enforcement periods that were throttled, 0–1
 * @param throttledMillisPerSecond   milliseconds the cgroup spent throttled, per second of wall time
 *                                   (summed over CPUs in v1, so it may exceed 1000)
 * @param memoryLimitBytes           memory limit ({@code memory.max}, v1 {@code memory.limit_in_bytes})
 * @param memoryUsageBytes           memory in use as the kernel counts it for the OOM killer: usage
 *                                   minus the reclaimable inactive file cache (v2 {@code memory.current}
 *                                   − {@code inactive_file}; v1 {@code usage_in_bytes} −
 *                                   {@code total_inactive_file}); Kubernetes calls it the working set
 * @param memoryUsageFraction        memory in use as a fraction of the limit, 0–1
 * @param oomKills                   processes the OOM killer has killed in this cgroup since it was
 *                                   created
 * @param oomKillsNew                OOM kills since the previous poll (a count, not a rate: they are rare)
 */
public record ContainerReading(String cgroupVersion, String cgroupPath,
                               double cpuLimitCores, double cpuUsageCores, double cpuUsageFraction,
                               double throttledPeriodsPerSecond, double throttledFraction,
                               double throttledMillisPerSecond,
                               double memoryLimitBytes, double memoryUsageBytes, double memoryUsageFraction,
                               double oomKills, double oomKillsNew) implements Reading {

    /** No cgroup on this host (not Linux, or {@code /proc/self/cgroup} unreadable): everything absent. */
    public static ContainerReading none() {
        return new ContainerReading(null, null, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT,
                ABSENT, ABSENT, ABSENT);
    }
}
