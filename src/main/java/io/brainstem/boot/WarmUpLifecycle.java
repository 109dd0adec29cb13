package io.brainstem.boot;

import io.brainstem.daemon.WarmUp;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the poll path's warm-up once the application is up (after the web server, so it never delays
 * the first request or the daemon's first poll) and stops it, if still running, on shutdown.
 */
final class WarmUpLifecycle implements SmartLifecycle {

    private final WarmUp warmUp;
    private volatile boolean running;

    WarmUpLifecycle(WarmUp warmUp) {
        this.warmUp = warmUp;
    }

    WarmUp warmUp() {
        return warmUp;
    }

    @Override
    public void start() {
        warmUp.start();
        running = true;
    }

    @Override
    public void stop() {
        try {
            warmUp.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE; // after the web server (DEFAULT_PHASE - 1024) has started
    }
}
