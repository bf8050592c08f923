package dev.shadowpipeline.shadow.labels;

import java.util.HashMap;
import java.util.Map;

/**
 * The labels of an offline join, by join key, bounded in bytes: the records are streamed past it, the labels are held.
 * A key given twice keeps its last truth, and the repeat is counted. Each label costs about {@value #ENTRY_BYTES}
 * bytes plus two per character of its key and truth; past the bound, {@link #put} refuses rather than run the JVM out
 * of memory.
 *
 * <p>Not thread-safe: filled, then read, by one thread.
 */
public final class LabelIndex {

  /** Estimated bytes of one label besides its text: the map node, the entry, two string headers. */
  static final long ENTRY_BYTES = 120;

  private static final long MIB = 1L << 20;

  private final long maxBytes;
  private final Map<String, Entry> labels = new HashMap<>();
  private final Map<String, String> truths = new HashMap<>();
  private long bytes;
  private long duplicates;
  private String firstKey;

  /** A label as held: its truth, where it came from, and how many records it matched. */
  static final class Entry {
    final String truth;
    final long line;
    long matches;

    Entry(String truth, long line) {
      this.truth = truth;
      this.line = line;
    }
  }

  /**
   * @param maxBytes the most bytes the labels may take, at least 1
   */
  public LabelIndex(long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException(
          "the labels' memory bound must be at least 1 byte: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** The default bound: a quarter of the JVM's maximum heap, between 16 MiB and 2 GiB. */
  public static long defaultMaxBytes() {
    return Math.max(16 * MIB, Math.min(2048 * MIB, Runtime.getRuntime().maxMemory() / 4));
  }

  /**
   * Adds a label; a key already held takes the new truth (the last one wins) and is counted as a duplicate.
   *
   * @return false if the label did not fit under the bound (nothing was added)
   */
  public boolean put(Label label) {
    Entry old = labels.get(label.key());
    long cost = old == null ? ENTRY_BYTES + 2L * label.key().length() : 0;
    // the few distinct truths of a classification are shared; a regression's are each paid for
    String truth = truths.get(label.truth());
    if (truth == null) {
      cost += 2L * label.truth().length();
      truth = label.truth();
      if (truths.size() < 1_000) {
        truths.put(truth, truth);
      }
    }
    if (bytes + cost > maxBytes) {
      return false;
    }
    bytes += cost;
    if (old != null) {
      duplicates++;
    }
    if (firstKey == null) {
      firstKey = label.key();
    }
    labels.put(label.key(), new Entry(truth, label.line()));
    return true;
  }

  /** The label of {@code key}, or {@code null}. */
  Entry get(String key) {
    return labels.get(key);
  }

  /** The first key put, or {@code null}: shown when no label matches, to compare with the records' keys. */
  String firstKey() {
    return firstKey;
  }

  /** Distinct keys held. */
  public long size() {
    return labels.size();
  }

  /** Labels whose key was given before (each replaced the earlier truth). */
  public long duplicates() {
    return duplicates;
  }

  /** Estimated bytes held. */
  public long bytes() {
    return bytes;
  }

  /** The bound. */
  public long maxBytes() {
    return maxBytes;
  }

  /** Labels that matched no record so far. */
  long unmatched() {
    long n = 0;
    for (Entry e : labels.values()) {
      if (e.matches == 0) {
        n++;
      }
    }
    return n;
  }
}
