/**
 * Parquet for drift: single files, globs, hive-partitioned folders and SQL queries read into the drift engine's
 * {@link dev.shadowpipeline.drift.data.Dataset}, and simulated datasets written as Parquet; through DuckDB's JDBC
 * driver, in-process (no server, no Hadoop).
 *
 * <p>Only the columns to be tested are scanned (DuckDB pushes the projection into the Parquet reader); numeric columns
 * stream into {@code double[]} arrays; label columns are counted by DuckDB ({@code GROUP BY}) so no string is built
 * per row. The type mapping is in {@link dev.shadowpipeline.parquet.ParquetTypes}.
 *
 * <p>Entry points: {@link dev.shadowpipeline.parquet.ParquetSource} (what to read) and
 * {@link dev.shadowpipeline.parquet.ParquetReader}; {@link dev.shadowpipeline.parquet.ParquetWriter} for
 * {@code shadow simulate --format parquet}.
 */
package dev.shadowpipeline.parquet;
