package dev.shadowpipeline.shadow.replay;

import java.util.List;

/**
 * What a replay did.
 *
 * @param rows rows read from the input
 * @param sent pairs sent to both models
 * @param badRows rows skipped because they could not be read, with their line numbers (the first 100)
 * @param badRowCount all rows skipped
 */
public record ReplayStats(long rows, long sent, List<InputRow> badRows, long badRowCount) {
  public ReplayStats {
    badRows = List.copyOf(badRows);
  }
}
