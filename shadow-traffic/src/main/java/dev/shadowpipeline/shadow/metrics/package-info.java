/**
 * Counting and timing the proxy: Micrometer meters for the Prometheus endpoint, and HdrHistogram latency
 * distributions (recorded wait-free on the event loops) for summaries.
 */
package dev.shadowpipeline.shadow.metrics;
