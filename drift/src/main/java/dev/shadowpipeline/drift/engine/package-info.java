/**
 * The drift decision: per column, the right statistical test on the reference and current values, missing-value
 * shares (a move of the share is drift of its own), new categories and a status; for the dataset, whether the share
 * of drifted columns reaches {@code drift_share}, and whether that verdict is complete, partial or impossible
 * ({@link dev.shadowpipeline.drift.engine.DatasetStatus}). Pure: no files, no threads of its own beyond a parallel
 * pass over the columns.
 *
 * <p>Entry point: {@link dev.shadowpipeline.drift.engine.DriftEngine}, configured by
 * {@link dev.shadowpipeline.drift.engine.DriftOptions}, whose tests are resolved from their names once, when the
 * configuration is read ({@link dev.shadowpipeline.drift.engine.TestSelection#resolve}). Results hold numbers and names
 * only; reports decide how they read.
 */
package dev.shadowpipeline.drift.engine;
