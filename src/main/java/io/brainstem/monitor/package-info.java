/**
 * Per-request summaries read from the daemon's sample buffer, and what an HTTP edge needs to publish
 * them: W3C trace context, a {@code Server-Timing} value, a compact JSON header and an in-memory log of
 * recent requests with per-route statistics.
 *
 * <p>Framework-free: every class here takes plain constructor arguments and an
 * {@link java.time.InstantSource}; nothing polls, nothing blocks on the daemon. The servlet filter and
 * the Spring wiring live in {@code io.brainstem.web} and {@code io.brainstem.boot}.
 */
package io.brainstem.monitor;
