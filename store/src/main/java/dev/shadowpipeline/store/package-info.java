/**
 * Persistence of monitoring history: drift runs with their per-column results, and shadow comparison
 * windows written by proxies and replays.
 *
 * <p>{@link dev.shadowpipeline.store.Store#open(String, StoreOptions)} opens an embedded SQLite file (a plain
 * path) or a shared PostgreSQL ({@code jdbc:postgresql://...}); the schema is created and upgraded by Flyway on
 * open. Values are plain records that validate themselves; the store knows nothing of the drift engine or the
 * proxy. {@link dev.shadowpipeline.store.writer.WindowWriter} writes windows off the caller's path.
 */
package dev.shadowpipeline.store;
