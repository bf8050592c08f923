/**
 * Reading datasets for drift detection: CSV and JSONL files streamed row by row into per-column buffers.
 *
 * <p>Numeric columns end as primitive {@code double[]} arrays (no boxing), label columns as counts per distinct label.
 * Missing values ({@code ""}, {@code NA}, {@code NaN}, {@code null}, {@code None}, any case) are counted, not stored.
 * A bad row (wrong field count, a value that is not a number in a numeric column, a line that is not a JSON object) is
 * skipped, counted and reported with its line number; reading goes on. Only a file that cannot be read at all raises
 * {@link dev.shadowpipeline.drift.data.DataReadException}.
 *
 * <p>Entry point: {@link dev.shadowpipeline.drift.data.DatasetReader}.
 */
package dev.shadowpipeline.drift.data;
