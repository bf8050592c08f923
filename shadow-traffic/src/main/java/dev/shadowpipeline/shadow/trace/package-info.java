/**
 * Distributed tracing for the proxy (W3C Trace Context): the {@code traceparent} a caller sends is validated and
 * continued — or a trace is started — in a span of the proxy's own; the primary's call and each mirrored copy get
 * spans of their own in that trace, the copies linked to the primary's call and marked mirrored. Optionally the spans
 * are exported over OTLP/HTTP through the OpenTelemetry SDK, in batches, off the caller's path.
 */
package dev.shadowpipeline.shadow.trace;
