package dev.shadowpipeline.app.labels;

import dev.shadowpipeline.shadow.labels.JoinCounts;
import dev.shadowpipeline.shadow.labels.JoinKey;
import dev.shadowpipeline.shadow.labels.QualityResult;
import dev.shadowpipeline.shadow.quality.Task;
import java.nio.file.Path;

/**
 * Why a join compared no pair: no label, no record, no key in common, or no prediction in the answers. A quality.json
 * of no pairs would replace a good one and leave the gate nothing to decide on, so {@link QualityRun} stops with this
 * as its one-line error instead of writing it.
 */
final class NothingJoined {

  private NothingJoined() {}

  /** The one-line reason, naming what matched nothing and where. */
  static String describe(QualityResult quality, Path labels, Path records) {
    JoinCounts c = quality.counts();
    if (c.labels() == 0) {
      return "--labels: "
          + labels
          + " holds no label (no row after the header, or no line): nothing to join";
    }
    if (c.records() == 0) {
      return "--records: no record in " + records + " to join the labels of " + labels + " with";
    }
    if (c.matchedRecords() == 0) {
      String recordKey =
          JoinKey.RECORD_ID.equals(quality.join().key().describe())
              ? "record id"
              : quality.join().key().describe();
      // RecordJoin's note shows what the keys on either side look like
      String hint =
          quality.notes().isEmpty()
              ? ""
              : " ("
                  + quality.notes().get(0).replaceFirst("^no label matched a record: ", "")
                  + ")";
      return "none of the "
          + c.labels()
          + (c.labels() == 1 ? " label in " : " labels in ")
          + labels
          + " matched a record's "
          + recordKey
          + hint;
    }
    if (c.excludedFailed() == c.matchedRecords()) {
      return "every one of the "
          + c.matchedRecords()
          + " records the labels of "
          + labels
          + " matched has a failed answer: no pair to compare";
    }
    String pointer =
        quality.task() == Task.REGRESSION
            ? quality.join().scorePointer()
            : quality.task() == Task.CLASSIFICATION ? quality.join().labelPointer() : null;
    String flag = quality.task() == Task.REGRESSION ? "--score-pointer " : "--label-pointer ";
    String hint = quality.notes().isEmpty() ? "" : " (" + quality.notes().get(0) + ")";
    return "none of the "
        + (c.matchedRecords() - c.excludedFailed())
        + " records the labels of "
        + labels
        + " matched has a prediction in both answers"
        + (pointer == null ? "" : " at " + flag + pointer)
        + hint;
  }
}
