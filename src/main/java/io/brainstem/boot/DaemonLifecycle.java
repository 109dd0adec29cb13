package io.brainstem.boot;

import io.brainstem.daemon.MetricsDaemon;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * Starts the daemon with the application context and stops it on shutdown. Its phase is below the web
 * server's, so the daemon polls before the first request arrives and until the last one is answered;
 * the emitter's phase is lower still, so its final flush sees the last sample.
 */
final class DaemonLifecycle implements SmartLifecycle {

    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final MetricsDaemon daemon;
    private volatile boolean running;

    DaemonLifecycle(MetricsDaemon daemon) {
        this.daemon = daemon;
    }

    @Override
    public void start() {
        daemon.start();
        running = true;
    }

    @Override
    public void stop() {
        daemon.stop(Duration.ofSeconds(10));
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
