/**
 * The application's own stages ("components": model calls, tool calls, HTTP client calls, stages of
 * its own) and queues, measured through brainstem: a bounded registry of components with per-poll
 * history ({@link io.brainstem.component.ComponentRegistry}), budgets and tiers, the per-request
 * breakdown ({@link io.brainstem.component.RequestComponents}), sampled queues
 * ({@link io.brainstem.component.QueueRegistry}), the per-poll step ({@link io.brainstem.component.ComponentPoll}),
 * alert readings and the bottleneck log. Framework-free: the Micrometer handler that feeds it is in
 * {@code io.brainstem.observation}. See {@code docs/adr/0010-agent-components.md}.
 */
package io.brainstem.component;
