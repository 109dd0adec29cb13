package io.brainstem.alert;

/**
 * Told of every transition, on the daemon thread, right after it is recorded: the Elasticsearch spool
 * and the webhook hook in here. It must be quick and must not block (queue and return); an exception
 * is counted by the evaluator and does not stop the other sinks.
 */
@FunctionalInterface
public interface AlertSink {
    void accept(AlertEvent event);
}
