/**
 * Aggregates of a shadow comparison — agreement with its confidence interval, severities, errors, latency, the fields
 * that differ most, confusion matrices, metric distributions, the timeline and its trend — built from records, the same
 * way live in the proxy, after a replay, or from a records file. Bounded in memory whatever the number of records.
 */
package dev.shadowpipeline.shadow.summary;
