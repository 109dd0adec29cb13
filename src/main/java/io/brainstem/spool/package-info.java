/**
 * brainstem's durable on-disk spool: every sample document is appended here first and removed only
 * after Elasticsearch acknowledged it, so an outage or a restart loses nothing but what the byte budget
 * forces out. {@link io.brainstem.spool.Spool} is the whole API; the file format lives in package-private
 * classes.
 *
 * <p>Framework-free: plain {@code java.nio} files, {@link java.lang.System.Logger} for the few events an
 * operator must see (records dropped over budget, a segment quarantined, a torn tail truncated).
 */
package io.brainstem.spool;
