package dev.shadowpipeline.shadow.labels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.quality.PairedBootstrap;
import dev.shadowpipeline.shadow.record.JsonErrorText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Ground truth while the proxy runs: labels posted to the admin API ({@code POST /labels}) are joined with the
 * predictions the {@link PredictionStore} kept, and the quality of both models is computed from what has been joined
 * so far. A label whose prediction is not (or no longer) kept is counted unmatched; a key labelled twice keeps its
 * first label and counts the repeat (a retried batch does not count twice). The labelled pairs are bounded in bytes;
 * beyond the bound further pairs are dropped and counted.
 *
 * <p>Three kinds of work, on three kinds of thread, none of which waits for another's long work:
 *
 * <ul>
 *   <li>the record worker feeds the {@link #store()} (one short critical section per record);
 *   <li>{@link #accept} joins a batch of labels (the admin API's worker; short, proportional to the batch);
 *   <li>{@link #refresh} computes the quality (the paired bootstrap: about a second for 10,000 pairs and twenty for
 *       100,000 on two busy cores) from a copy of the pairs taken under the join's lock, so joins go on meanwhile.
 *       It computes only when labels came since the last computation (the result is cached by version).
 * </ul>
 *
 * <p>{@link #latest} never computes: it is what {@code /summary} and the history windows read.
 */
public final class LiveQuality {

  private final LabelJoin join;
  private final PredictionStore store;
  private final JoinedPairs pairs;
  private final PairedBootstrap bootstrap;
  private final Object computing = new Object();
  // guarded by this
  private long labels;
  private long duplicates;
  private long matched;
  private long unmatched;
  private long failed;
  private long dropped;
  private long version;
  private volatile Snapshot latest;

  /**
   * What one posted batch did.
   *
   * @param received labels in the batch
   * @param matched labels that found their prediction and were joined
   * @param unmatched labels that found no prediction (never seen, or evicted)
   * @param duplicates labels for a key already labelled (the first is kept)
   * @param excludedFailed labels whose pair had a side that gave no answer
   * @param dropped labels not kept because the labelled pairs reached their bound
   */
  public record Batch(
      long received,
      long matched,
      long unmatched,
      long duplicates,
      long excludedFailed,
      long dropped) {}

  /**
   * A computed quality and the labels it was computed from.
   *
   * @param version how many label batches had been joined when it was computed
   * @param labels labels received (duplicates included) when it was computed
   * @param result the quality, or {@code null} when it could not be computed
   * @param error why not (e.g. more than two truths in a classification), or {@code null}
   */
  public record Snapshot(long version, long labels, QualityResult result, String error) {}

  /**
   * @param join how labels meet predictions
   * @param storeBytes the bound of the prediction store
   * @param pairBytes the bound of the labelled pairs
   */
  public LiveQuality(LabelJoin join, long storeBytes, long pairBytes) {
    this(join, storeBytes, pairBytes, PairedBootstrap.defaults());
  }

  /** As above, with another bootstrap (tests use fewer replicates). */
  public LiveQuality(LabelJoin join, long storeBytes, long pairBytes, PairedBootstrap bootstrap) {
    this.join = Objects.requireNonNull(join, "join");
    this.store = new PredictionStore(join, storeBytes);
    this.pairs =
        new JoinedPairs(
            Math.max(JoinedPairs.ROW_BYTES * 1024, pairBytes),
            join.positive(),
            join.effectiveTruthPositive());
    this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
  }

  /**
   * Live labels with one memory setting: {@code maxBytes} for the predictions kept and as much again (at least 44
   * KiB) for the labelled pairs.
   */
  public static LiveQuality of(LabelJoin join, long maxBytes) {
    return new LiveQuality(join, maxBytes, maxBytes);
  }

  /** The record consumer that keeps the predictions: give it to the proxy's record pipeline. */
  public PredictionStore store() {
    return store;
  }

  /** The join. */
  public LabelJoin join() {
    return join;
  }

  /**
   * The labels of a JSONL body, one JSON object per line (blank lines skipped).
   *
   * @throws IllegalArgumentException naming the first bad line ({@code line N: ...}); the batch is then refused whole
   */
  public static List<Label> parse(byte[] body, LabelJoin join, ObjectMapper mapper) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the body is not UTF-8 text", e);
    }
    List<Label> labels = new ArrayList<>();
    long number = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      number++;
      String line = text.substring(start, end).strip();
      start = end + 1;
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = mapper.readTree(line);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "line " + number + ": not JSON: " + JsonErrorText.of(e), e);
      }
      try {
        labels.add(Label.fromJson(node, join, number));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
      }
    }
    return labels;
  }

  /** Joins a batch of labels with the kept predictions. Short: it never waits for a computation of the quality. */
  public synchronized Batch accept(List<Label> batch) {
    long m = 0;
    long u = 0;
    long d = 0;
    long f = 0;
    long dr = 0;
    boolean[] labelledBefore = new boolean[1];
    for (Label label : batch) {
      PredictionStore.Entry entry = store.claim(label.key(), labelledBefore);
      if (entry == null) {
        u++;
        continue;
      }
      if (labelledBefore[0]) {
        d++;
        continue;
      }
      m++;
      if (entry.failed) {
        f++;
        continue;
      }
      String key = label.key();
      boolean added =
          pairs.add(
              label.truth(),
              label.line(),
              entry.primary,
              entry.shadow,
              (truth, primary, shadow) ->
                  new Example(entry.recordId, key, truth, primary, shadow, null, null, null));
      if (!added) {
        dr++;
      }
    }
    labels += batch.size() - d;
    duplicates += d;
    matched += m;
    unmatched += u;
    failed += f;
    dropped += dr;
    if (!batch.isEmpty()) {
      version++;
    }
    return new Batch(batch.size(), m, u, d, f, dr);
  }

  /** True once any label has come. */
  public synchronized boolean hasLabels() {
    return labels + duplicates > 0;
  }

  /** Labels received so far, duplicates included. */
  public synchronized long labelsReceived() {
    return labels + duplicates;
  }

  /**
   * The last computed quality, or {@code null} before the first computation; never computes, never waits. Compare
   * its {@link Snapshot#labels()} with {@link #labelsReceived()} to see whether labels came since.
   */
  public Snapshot latest() {
    return latest;
  }

  /**
   * Computes the quality of everything joined so far, unless nothing was joined since the last computation; joins go
   * on meanwhile. Computations run one at a time.
   *
   * @return the current snapshot, or {@code null} when no label has come
   */
  public Snapshot refresh() {
    synchronized (computing) {
      JoinedPairs copy;
      JoinCounts counts;
      long atVersion;
      long received;
      synchronized (this) {
        Snapshot last = latest;
        if (labels + duplicates == 0 || (last != null && last.version() == version)) {
          return last;
        }
        atVersion = version;
        received = labels + duplicates;
        copy = pairs.snapshot();
        long seen = store.seen();
        long withoutKey = store.withoutKey();
        counts =
            new JoinCounts(
                seen,
                withoutKey,
                labels,
                duplicates,
                matched,
                0,
                unmatched,
                Math.max(0, seen - matched),
                failed,
                0,
                0, // a key seen again replaces its prediction: a label meets one record at most
                store.evictedUnlabelled(),
                dropped);
      }
      Snapshot computed;
      try {
        computed =
            new Snapshot(
                atVersion,
                received,
                QualityCalculation.compute(copy, join, store.readerSnapshot(), counts, bootstrap),
                null);
      } catch (IllegalArgumentException e) {
        computed = new Snapshot(atVersion, received, null, e.getMessage());
      }
      latest = computed;
      return computed;
    }
  }

  /**
   * The quality of everything joined so far, computed now if labels came since the last computation.
   *
   * @return the quality, or {@code null} when no label has come
   * @throws IllegalArgumentException when the labels cannot be used as the task needs (e.g. more than two truths)
   */
  public QualityResult quality() {
    Snapshot s = refresh();
    if (s == null) {
      return null;
    }
    if (s.error() != null) {
      throw new IllegalArgumentException(s.error());
    }
    return s.result();
  }
}
