package dev.shadowpipeline.fleet.collect;

import java.util.List;

/**
 * What a collector has done.
 *
 * @param rebuilt records read back from the folder's {@code records.jsonl} at the start
 * @param collected records read from the topic and kept since the start
 * @param skipped messages that are not records, skipped
 * @param skippedListed the first few of them, as "topic/partition@offset: why"
 * @param duplicates records whose id was seen already, skipped
 * @param lateForWindows records kept but left out of the history windows, theirs being closed already
 * @param checkpoints checkpoints written (offsets committed)
 */
public record CollectorStats(
    long rebuilt,
    long collected,
    long skipped,
    List<String> skippedListed,
    long duplicates,
    long lateForWindows,
    long checkpoints) {

  public CollectorStats {
    skippedListed = List.copyOf(skippedListed);
  }

  /** Records in the collection: read back at the start and collected since. */
  public long records() {
    return rebuilt + collected;
  }
}
