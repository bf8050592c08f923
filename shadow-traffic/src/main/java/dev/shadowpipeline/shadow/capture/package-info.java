/**
 * What a shadow comparison writes to its output folder — records, the regression suite — and the live aggregates
 * beside them; the same for the proxy, a replay and a rebuilt report.
 */
package dev.shadowpipeline.shadow.capture;
