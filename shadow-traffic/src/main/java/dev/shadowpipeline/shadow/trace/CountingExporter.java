package dev.shadowpipeline.shadow.trace;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * The exporter as the batch processor sees it: each batch it is given has left the queue (its places go back to the
 * {@link SpanGate}), and the outcome of each export is counted.
 */
final class CountingExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final SpanCounts counts;

  CountingExporter(SpanExporter delegate, SpanCounts counts) {
    this.delegate = delegate;
    this.counts = counts;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int n = spans.size();
    counts.taken(n);
    CompletableResultCode result;
    try {
      result = delegate.export(spans);
    } catch (RuntimeException e) {
      counts.failed(n);
      return CompletableResultCode.ofFailure();
    }
    result.whenComplete(
        () -> {
          if (result.isSuccess()) {
            counts.exported(n);
          } else {
            counts.failed(n);
          }
        });
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
