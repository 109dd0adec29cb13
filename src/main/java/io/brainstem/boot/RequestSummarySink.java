package io.brainstem.boot;

import io.brainstem.monitor.RequestSummary;

import java.util.function.Consumer;

/**
 * Receives every finished request summary besides the recent-request log (the emitter's
 * REQUEST_SUMMARY documents; an embedding application may add its own). Called on the request thread:
 * must be quick and must not throw.
 */
@FunctionalInterface
public interface RequestSummarySink extends Consumer<RequestSummary> {
}
