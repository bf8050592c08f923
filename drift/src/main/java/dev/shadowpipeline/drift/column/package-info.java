/**
 * Column typing: whether a column is compared as numeric, categorical or text, decided as Evidently decides it from
 * the reference data (see {@link dev.shadowpipeline.drift.column.ColumnTyping}), unless configured per column.
 */
package dev.shadowpipeline.drift.column;
