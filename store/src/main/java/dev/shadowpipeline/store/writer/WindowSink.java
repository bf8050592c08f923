package dev.shadowpipeline.store.writer;

import dev.shadowpipeline.store.ComparisonWindow;
import java.util.List;

/**
 * Where a {@link WindowWriter} writes; usually {@code store::upsertWindows}. Writing the same window twice must be
 * harmless, since a batch that failed part-way is written again.
 */
@FunctionalInterface
public interface WindowSink {

  /** Writes the batch, or throws when it could not. */
  void write(List<ComparisonWindow> batch) throws Exception;
}
