package io.brainstem.bench;

import java.time.Duration;

/**
 * Runs an operation {@code n} times with a pause between calls and reports wall time per call and
 * this process's CPU per call, net of what the process burns when idle over the same wall time.
 */
final class Loop {

    @FunctionalInterface
    interface Op {
        void run() throws Exception;
    }

    /** Wall nanos of each call, and CPU nanos per call net of the idle rate. */
    record Measured(long[] wallNanos, double cpuNanosPerOp, long elapsedNanos) {
        Stats wall() {
            return Stats.of(wallNanos);
        }

        /** The same with the loop's own CPU per call (pause and wake-up, measured on an empty call) taken off. */
        Measured minus(Measured emptyLoop) {
            return new Measured(wallNanos, Math.max(0, cpuNanosPerOp - emptyLoop.cpuNanosPerOp), elapsedNanos);
        }
    }

    private Loop() {
    }

    /** This process's CPU nanos per wall second while only sleeping. */
    static double idleCpuRate(Duration over) throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        long c0 = Cpu.self();
        long t0 = System.nanoTime();
        Thread.sleep(over);
        return (Cpu.self() - c0) / ((System.nanoTime() - t0) / 1e9);
    }

    static Measured run(int n, Duration gap, double idleCpuPerSecond, Op op) throws Exception {
        long[] wall = new long[n];
        long c0 = Cpu.self();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            op.run();
            wall[i] = System.nanoTime() - t0;
            if (!gap.isZero()) {
                Thread.sleep(gap);
            }
        }
        long elapsed = System.nanoTime() - start;
        long cpu = Cpu.self() - c0;
        double net = cpu - idleCpuPerSecond * elapsed / 1e9;
        return new Measured(wall, Math.max(0, net) / n, elapsed);
    }
}
