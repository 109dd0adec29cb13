/**
 * Threshold alerts evaluated after every poll: rules over the documented sample readings
 * ({@link io.brainstem.sample.SampleFields}) and the daemon's own health ({@link io.brainstem.alert.HealthReadings}),
 * a state machine per rule and subject (ok → pending → firing → resolved), a bounded log for the API,
 * and delivery of every transition to sinks (a structured log line, Elasticsearch ALERT documents, a
 * webhook).
 *
 * <p>Framework-free: rules are plain records, the evaluator is a {@link io.brainstem.daemon.SampleListener}
 * that runs on the daemon thread and does O(rules × subjects) work per poll, and nothing here blocks on
 * the network. Spring wiring lives in {@code io.brainstem.boot.AlertsConfiguration}.
 */
package io.brainstem.alert;
