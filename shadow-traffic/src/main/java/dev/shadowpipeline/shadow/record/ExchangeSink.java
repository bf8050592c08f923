package dev.shadowpipeline.shadow.record;

import java.io.IOException;

/**
 * Keeps compared exchanges somewhere. Called from the record pipeline's single worker thread only, so
 * implementations need no locking; they may block (that is what the worker is for), never the proxy.
 */
public interface ExchangeSink extends AutoCloseable {

  /** Takes one exchange; may buffer it until {@link #flush()}. */
  void accept(ComparedExchange exchange) throws IOException;

  /** Makes everything accepted so far durable (written to the OS, not necessarily fsynced). */
  void flush() throws IOException;

  /** Flushes and releases the sink. */
  @Override
  void close() throws IOException;
}
