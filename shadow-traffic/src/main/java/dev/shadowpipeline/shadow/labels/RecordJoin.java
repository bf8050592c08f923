package dev.shadowpipeline.shadow.labels;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.quality.PairedBootstrap;
import dev.shadowpipeline.shadow.record.StagedRecordConsumer;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline join: records streamed past labels held in a {@link LabelIndex}. Every record is counted — joined,
 * unlabelled, without a key, or left out because a side failed — and {@link #finish} counts the labels no record
 * matched. The labelled pairs are held compactly, within what the byte bound leaves after the labels.
 *
 * <pre>{@code
 * LabelIndex labels = new LabelIndex(LabelIndex.defaultMaxBytes());
 * ... labels.put(label) for each label ...
 * RecordJoin join = new RecordJoin(LabelJoin.of(JoinKey.recordId()), labels);
 * RecordsFile.read(recordsFile, mapper, join);
 * QualityResult quality = join.finish(PairedBootstrap.defaults());
 * }</pre>
 *
 * <p>{@link #prepare} may run on any thread; {@link #acceptPrepared} and {@link #finish} on one.
 */
public final class RecordJoin implements StagedRecordConsumer<RecordJoin.Facts> {

  private final LabelJoin join;
  private final LabelIndex labels;
  private final PredictionReader reader;
  private final JoinedPairs pairs;
  private long records;
  private long withoutKey;
  private long unlabelled;
  private long matched;
  private long repeated;
  private long failed;
  private String firstRecordKey;

  /** What one record brings to the join, read on the parsing thread: its key and its predictions. */
  public static final class Facts {
    final String key;
    final PredictionReader.Observed observed;

    Facts(String key, PredictionReader.Observed observed) {
      this.key = key;
      this.observed = observed;
    }
  }

  /**
   * @param join how labels meet records
   * @param labels the labels; the pairs get what their byte bound leaves
   */
  public RecordJoin(LabelJoin join, LabelIndex labels) {
    this.join = join;
    this.labels = labels;
    this.reader = new PredictionReader(join);
    this.pairs =
        new JoinedPairs(
            Math.max(JoinedPairs.ROW_BYTES * 1024, labels.maxBytes() - labels.bytes()),
            join.positive(),
            join.effectiveTruthPositive());
  }

  /** Joins one record: {@link #prepare} and {@link #acceptPrepared} in one go. */
  @Override
  public void accept(ObjectNode record) {
    acceptPrepared(prepare(record));
  }

  @Override
  public Facts prepare(ObjectNode record) {
    return new Facts(join.key().of(record), PredictionReader.observe(record));
  }

  /**
   * Joins one record.
   *
   * @throws IllegalStateException when the labelled pairs no longer fit under the byte bound
   */
  @Override
  public void acceptPrepared(Facts f) {
    records++;
    String key = f.key;
    if (key == null) {
      withoutKey++;
      unlabelled++;
      return;
    }
    if (firstRecordKey == null) {
      firstRecordKey = key;
    }
    LabelIndex.Entry label = labels.get(key);
    if (label == null) {
      unlabelled++;
      return;
    }
    matched++;
    if (label.matches++ > 0) {
      repeated++;
    }
    PredictionReader.Observed o = f.observed;
    if (o.primaryFailed() || o.shadowFailed()) {
      failed++;
      return;
    }
    Prediction[] p = reader.read(o);
    boolean added =
        pairs.add(
            label.truth,
            label.line,
            p[0],
            p[1],
            (truth, primary, shadow) -> Example.of(o.record(), key, truth, primary, shadow));
    if (!added) {
      throw new IllegalStateException(
          "the labelled pairs need more memory than the labels' bound of "
              + labels.maxBytes()
              + " bytes leaves ("
              + pairs.size()
              + " pairs held)");
    }
  }

  /**
   * The quality of everything joined.
   *
   * @throws IllegalArgumentException when the labels cannot be used as the task needs (see the message; it names the
   *     line of the labels where it can)
   */
  public QualityResult finish(PairedBootstrap bootstrap) {
    long unmatched = labels.unmatched();
    JoinCounts counts =
        new JoinCounts(
            records,
            withoutKey,
            labels.size(),
            labels.duplicates(),
            matched,
            0,
            unmatched,
            unlabelled,
            failed,
            0,
            repeated,
            0,
            0);
    QualityResult result = QualityCalculation.compute(pairs, join, reader, counts, bootstrap);
    if (matched == 0 && labels.size() > 0 && firstRecordKey != null) {
      List<String> notes = new ArrayList<>(result.notes());
      notes.add(
          0,
          "no label matched a record: record keys ("
              + join.key().describe()
              + ") look like '"
              + firstRecordKey
              + "', label keys ('"
              + join.labelKey()
              + "') like '"
              + labels.firstKey()
              + "'");
      result =
          new QualityResult(
              result.task(),
              result.counts(),
              result.join(),
              result.bootstrap(),
              result.classification(),
              result.regression(),
              result.primaryIntervals(),
              result.shadowIntervals(),
              result.flips(),
              result.closeness(),
              result.examples(),
              notes);
    }
    return result;
  }
}
