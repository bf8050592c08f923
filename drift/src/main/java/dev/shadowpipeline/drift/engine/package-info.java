/**
 * The drift decision: per column, the right statistical test on the reference and current values, missing-value
 * shares, new categories and a status; for the dataset, whether the share of drifted columns reaches
 * {@code drift_share}. Pure: no files, no threads of its own beyond a parallel pass over the columns.
 *
 * <p>Entry point: {@link dev.shadowpipeline.drift.engine.DriftEngine}.
 */
package dev.shadowpipeline.drift.engine;
