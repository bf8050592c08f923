package dev.shadowpipeline.shadow.trace;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Stands in front of the SDK's {@code BatchSpanProcessor}: a finished span takes a place in the export queue or is
 * dropped and counted, never waited for. The places are given back when the export thread takes spans out of the
 * queue (see {@link CountingExporter}), so the processor's own queue — as large as the gate — never overflows, and
 * every drop is one this gate counted.
 */
final class SpanGate implements SpanProcessor {

  private final SpanProcessor batch;
  private final SpanCounts counts;

  SpanGate(SpanProcessor batch, SpanCounts counts) {
    this.batch = batch;
    this.counts = counts;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    // the batch processor does nothing when a span starts
  }

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    // the same rule as the batch processor's: a span not sampled is never exported
    if (!span.getSpanContext().isSampled()) {
      return;
    }
    if (counts.tryEnqueue()) {
      batch.onEnd(span);
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode shutdown() {
    return batch.shutdown();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return batch.forceFlush();
  }
}
