package io.brainstem.bench;

import io.brainstem.component.Component;
import io.brainstem.component.ComponentRegistry;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Random;

/**
 * The heap 100 components busy in every poll of a full buffer span retain, measured as used heap after
 * full collections before and after, per component; printed beside the registry's own estimate.
 */
final class ComponentMemory {

    private ComponentMemory() {
    }

    static long busyComponentBytes() throws InterruptedException {
        int n = 100;
        Instant[] now = {Instant.parse("2026-03-01T12:00:00Z")};
        InstantSource clock = () -> now[0];
        long before = settled();
        ComponentRegistry r = new ComponentRegistry(n, 720, name -> null, clock);
        Random rnd = new Random(1);
        for (int poll = 0; poll < 720; poll++) {
            for (int c = 0; c < n; c++) {
                Component comp = r.component("component." + c);
                for (int k = 0; k < 20; k++) {
                    comp.record(200_000_000L + (long) (rnd.nextDouble() * 4_800_000_000L), k == 0, 3_000_000, 1 << 20,
                            100, 300, 150_000_000);
                }
            }
            now[0] = now[0].plus(Duration.ofSeconds(5));
            r.close(now[0]);
        }
        long after = settled();
        System.out.println("bench: components: " + n + " busy components retain " + (after - before) / n
                + " B each (measured), " + r.retainedBytes() / n + " B each (estimated)");
        Reference.reachabilityFence(r);
        return (after - before) / n;
    }

    private static long settled() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
