package io.brainstem.agent;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A bounded wait line in front of a fixed number of workers: at most {@code workers} tasks run at once,
 * at most {@code capacity} wait, and a task offered to a full line is refused at once ({@link Full})
 * and counted, never queued without bound. The agent puts its model calls behind one, so that a burst
 * of questions waits its turn instead of opening a hundred streams to the model server.
 *
 * <p>Everything an operator watches is here: the depth, the peak depth, refusals, how long the oldest
 * waiting task has waited, and how many run. Workers are virtual threads.
 *
 * <p>Thread-safe.
 */
public final class AdmissionQueue implements AutoCloseable {

    /** The line was full: the task was not accepted. */
    public static final class Full extends RuntimeException {
        Full(String message) {
            super(message, null, false, false);
        }
    }

    /** A task in the line or running: its future, and how long it waited for a worker. */
    public final class Ticket<T> extends FutureTask<T> {
        private final long enqueuedNanos;
        private volatile long startedNanos = Long.MIN_VALUE;

        private Ticket(Callable<T> task) {
            super(task);
            this.enqueuedNanos = nanoTime.getAsLong();
        }

        @Override
        public void run() {
            startedNanos = nanoTime.getAsLong();
            try {
                super.run();
            } finally {
                admitted.release();
            }
        }

        /** A task cancelled while it waits leaves the line at once and frees its place. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && line.remove(this)) {
                admitted.release();
            }
            return cancelled;
        }

        /** How long it waited for a worker, or has waited so far if it has not started. */
        public Duration waited() {
            long started = startedNanos;
            return Duration.ofNanos((started == Long.MIN_VALUE ? nanoTime.getAsLong() : started) - enqueuedNanos);
        }
    }

    private final String name;
    private final int capacity;
    private final LongSupplier nanoTime;
    /** Waiting tasks; bounded by {@link #admitted}, not by itself. */
    private final BlockingQueue<Runnable> line = new LinkedBlockingQueue<>();
    /** Places in the system, running or waiting: workers + capacity. Taken at submit, given back when a task ends. */
    private final Semaphore admitted;
    private final ThreadPoolExecutor workers;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicInteger peak = new AtomicInteger();

    /**
     * @param name     names the worker threads ({@code <name>-worker-N}) and the refusal message
     * @param workers  tasks that run at once, at least 1
     * @param capacity tasks that may wait, 0 for none (a task is accepted only when a worker is free)
     */
    public AdmissionQueue(String name, int workers, int capacity) {
        this(name, workers, capacity, System::nanoTime);
    }

    AdmissionQueue(String name, int workers, int capacity, LongSupplier nanoTime) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
        }
        this.name = name;
        this.capacity = capacity;
        this.nanoTime = nanoTime;
        this.admitted = new Semaphore(workers + capacity);
        this.workers = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, line,
                Thread.ofVirtual().name(name + "-worker-", 1).factory(), new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Puts a task in the line.
     *
     * @throws Full when {@code capacity} tasks already wait (or, with capacity 0, no worker is free)
     */
    public <T> Ticket<T> submit(Callable<T> task) {
        if (workers.isShutdown()) {
            throw new Full(name + " is closed");
        }
        if (!admitted.tryAcquire()) {
            refused.incrementAndGet();
            throw new Full(name + " is full: " + line.size() + " waiting, " + workers.getActiveCount()
                    + " running");
        }
        Ticket<T> ticket = new Ticket<>(task);
        try {
            workers.execute(ticket);
        } catch (RejectedExecutionException e) {
            admitted.release();
            throw new Full(name + " is closed");
        }
        peak.accumulateAndGet(line.size(), Math::max);
        return ticket;
    }

    public String name() {
        return name;
    }

    /** Tasks waiting for a worker. */
    public int depth() {
        return line.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Tasks running now. */
    public int running() {
        return workers.getActiveCount();
    }

    /** The deepest the line has been since start. */
    public int peakDepth() {
        return peak.get();
    }

    /** Tasks refused because the line was full, since start. */
    public long refused() {
        return refused.get();
    }

    /** How long the oldest waiting task has waited, or null when none waits. */
    public Duration oldestWait() {
        Runnable head = line.peek();
        return head instanceof Ticket<?> t ? t.waited() : null;
    }

    /** Refuses new tasks, interrupts the running ones and drops the waiting ones (they are cancelled). */
    @Override
    public void close() {
        for (Runnable r : workers.shutdownNow()) {
            if (r instanceof Ticket<?> t) {
                t.cancel(false);
            }
        }
    }
}
