package dev.shadowpipeline.shadow.labels;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.record.StagedRecordConsumer;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The proxy's recent predictions, by join key, for labels that arrive while it runs: a record consumer on the record
 * worker (never on a caller's path) that keeps, per mirrored pair, its id and both sides' label and score — not the
 * bodies. Bounded in bytes: each prediction is estimated at {@value #ENTRY_BYTES} bytes plus two per character of its
 * key, id and labels; past the bound the oldest are evicted and counted. A key seen again replaces its prediction.
 *
 * <p>{@link #prepare} is pure; {@link #acceptPrepared} runs on the record worker, the lookups of {@link LiveQuality}
 * on the admin API's worker. Each is one short critical section: the record worker never waits for a join or a
 * quality computation.
 */
public final class PredictionStore implements StagedRecordConsumer<PredictionStore.Facts> {

  /** Estimated bytes of one prediction besides its text. */
  static final long ENTRY_BYTES = 200;

  private static final long MIB = 1L << 20;

  /** What one record brings, read off the record without judging it. */
  public static final class Facts {
    final String key;
    final PredictionReader.Observed observed;

    Facts(String key, PredictionReader.Observed observed) {
      this.key = key;
      this.observed = observed;
    }
  }

  /** A kept prediction: the pair's id, whether a side failed, both predictions, and whether a label took it. */
  static final class Entry {
    final String recordId;
    final boolean failed;
    final Prediction primary;
    final Prediction shadow;
    final long bytes;
    boolean labelled; // guarded by the store

    Entry(String recordId, boolean failed, Prediction primary, Prediction shadow, long bytes) {
      this.recordId = recordId;
      this.failed = failed;
      this.primary = primary;
      this.shadow = shadow;
      this.bytes = bytes;
    }
  }

  private final LabelJoin join;
  private final long maxBytes;
  private final PredictionReader reader;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
  private long bytes;
  private long seen;
  private long withoutKey;
  private long replaced;
  private long evicted;
  private long evictedUnlabelled;

  /**
   * @param join where the key and the predictions are
   * @param maxBytes the most bytes the kept predictions may take, at least 1
   */
  public PredictionStore(LabelJoin join, long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("the prediction store needs at least 1 byte: " + maxBytes);
    }
    this.join = join;
    this.maxBytes = maxBytes;
    this.reader = new PredictionReader(join);
  }

  /** The default bound: a sixteenth of the JVM's maximum heap, between 4 MiB and 256 MiB. */
  public static long defaultMaxBytes() {
    return Math.max(4 * MIB, Math.min(256 * MIB, Runtime.getRuntime().maxMemory() / 16));
  }

  @Override
  public Facts prepare(ObjectNode record) {
    return new Facts(join.key().of(record), PredictionReader.observe(record));
  }

  @Override
  public synchronized void acceptPrepared(Facts f) {
    seen++;
    if (f.key == null) {
      withoutKey++;
      return;
    }
    PredictionReader.Observed o = f.observed;
    boolean failed = o.primaryFailed() || o.shadowFailed();
    Prediction[] p = failed ? new Prediction[] {Prediction.NONE, Prediction.NONE} : reader.read(o);
    String id = o.record().path("id").asText("");
    long cost =
        ENTRY_BYTES
            + 2L * (f.key.length() + id.length() + length(p[0].label()) + length(p[1].label()));
    Entry old = entries.remove(f.key);
    if (old != null) {
      bytes -= old.bytes;
      replaced++;
    }
    entries.put(f.key, new Entry(id, failed, p[0], p[1], cost));
    bytes += cost;
    for (Iterator<Entry> it = entries.values().iterator(); bytes > maxBytes && it.hasNext(); ) {
      Entry eldest = it.next();
      it.remove();
      bytes -= eldest.bytes;
      evicted++;
      if (!eldest.labelled) {
        evictedUnlabelled++;
      }
    }
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  /**
   * Takes the prediction of {@code key} for a label: the entry, marked labelled, or {@code null} when there is none
   * (never seen, or evicted). {@code labelledBefore[0]} tells whether a label had taken it already.
   */
  synchronized Entry claim(String key, boolean[] labelledBefore) {
    Entry entry = entries.get(key);
    if (entry != null) {
      labelledBefore[0] = entry.labelled;
      entry.labelled = true;
    }
    return entry;
  }

  /** A copy of the reader's state, for computing quality without holding the store. */
  synchronized PredictionReader readerSnapshot() {
    PredictionReader copy =
        new PredictionReader(
            join.withLabelPointer(reader.labelPath()).withScorePointer(reader.scorePath()));
    copy.otherLabelPaths().addAll(reader.otherLabelPaths());
    return copy;
  }

  /** Records seen. */
  public synchronized long seen() {
    return seen;
  }

  /** Records without a join key. */
  public synchronized long withoutKey() {
    return withoutKey;
  }

  /** Predictions replaced by a later one with the same key. */
  public synchronized long replaced() {
    return replaced;
  }

  /** Predictions evicted to stay within the bound. */
  public synchronized long evicted() {
    return evicted;
  }

  /** Predictions evicted before any label came for them. */
  public synchronized long evictedUnlabelled() {
    return evictedUnlabelled;
  }

  /** Predictions kept. */
  public synchronized int size() {
    return entries.size();
  }

  /** Estimated bytes kept. */
  public synchronized long bytes() {
    return bytes;
  }

  /** The bound. */
  public long maxBytes() {
    return maxBytes;
  }

  /** The join. */
  public LabelJoin join() {
    return join;
  }

  @Override
  public String toString() {
    return "predictions for live labels (" + join.key().describe() + ")";
  }
}
