/**
 * The static monitoring dashboard: one offline {@code index.html} built from the history database (current status,
 * drift-share and per-column score trends, shadow agreement and latency trends, a table of runs) plus the archive
 * of every run's own report under {@code runs/<run id>/}. The archive only grows: a report once copied is never
 * replaced or deleted, so a failed run leaves the last good report reachable, as the seed project's decoupled
 * dashboard intends.
 */
package dev.shadowpipeline.report.site;
