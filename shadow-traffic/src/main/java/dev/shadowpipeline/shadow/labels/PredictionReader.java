package dev.shadowpipeline.shadow.labels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads both models' predictions out of records. Where they are comes from the {@link LabelJoin}, or else from the
 * comparison the records were judged with: the path of the first label observation seen (comparator {@code label},
 * metric {@code agreement}) and of the first score comparator's observation. A record's label is taken from its label
 * observation at that path, or from the answer body there; its score always from the body.
 *
 * <p>{@link #observe} is pure and may run on any thread (the parallel half of a staged consumer); {@link #read} fixes
 * the paths on first sight and is for one thread.
 */
final class PredictionReader {

  private static final int MAX_OTHER_PATHS = 10;

  private String labelPath;
  private String scorePath;
  private final boolean labelPathGiven;
  private final boolean scorePathGiven;
  private final Set<String> otherLabelPaths = new LinkedHashSet<>();

  /**
   * What a record says about its predictions, read off the record without judging it.
   *
   * @param primaryFailed whether the primary gave no usable answer (a transport error or a status outside 2xx)
   * @param shadowFailed whether the shadow gave none
   * @param labelPaths the paths of the record's label observations
   * @param labels for each of those paths, the primary's and the shadow's label
   * @param scorePath the path of the record's first score observation, or {@code null}
   * @param record the record, for reading bodies
   */
  record Observed(
      boolean primaryFailed,
      boolean shadowFailed,
      List<String> labelPaths,
      List<String[]> labels,
      String scorePath,
      ObjectNode record) {}

  PredictionReader(LabelJoin join) {
    this.labelPath = join.labelPointer();
    this.scorePath = join.scorePointer();
    this.labelPathGiven = labelPath != null;
    this.scorePathGiven = scorePath != null;
  }

  static Observed observe(ObjectNode record) {
    List<String> paths = new ArrayList<>(1);
    List<String[]> labels = new ArrayList<>(1);
    String score = null;
    for (JsonNode o : record.path("verdict").path("observations")) {
      String comparator = o.path("comparator").asText();
      if ("label".equals(comparator)
          && "agreement".equals(o.path("metric").asText())
          && o.has("primary")
          && o.has("shadow")) {
        paths.add(o.path("path").asText(""));
        labels.add(new String[] {ScalarText.of(o.get("primary")), ScalarText.of(o.get("shadow"))});
      } else if ("score".equals(comparator) && score == null) {
        score = o.path("path").asText("");
      }
    }
    return new Observed(
        failed(record.path("primary")),
        failed(record.path("shadow")),
        paths,
        labels,
        score,
        record);
  }

  private static boolean failed(JsonNode side) {
    if (side.isMissingNode() || side.has("error")) {
      return true;
    }
    int status = side.path("status").asInt(0);
    return status < 200 || status > 299;
  }

  /** Both sides' predictions; call only when neither side failed. Fixes the paths on first sight. */
  Prediction[] read(Observed o) {
    if (!labelPathGiven) {
      for (String path : o.labelPaths()) {
        if (labelPath == null) {
          labelPath = path;
        } else if (!path.equals(labelPath) && otherLabelPaths.size() < MAX_OTHER_PATHS) {
          otherLabelPaths.add(path);
        }
      }
    }
    if (!scorePathGiven && scorePath == null && o.scorePath() != null) {
      scorePath = o.scorePath();
    }
    String[] labels = null;
    int at = labelPath == null ? -1 : o.labelPaths().indexOf(labelPath);
    if (at >= 0) {
      labels = o.labels().get(at);
    } else if (labelPath != null) {
      labels =
          new String[] {
            ScalarText.of(body(o.record(), "primary").at(labelPath)),
            ScalarText.of(body(o.record(), "shadow").at(labelPath))
          };
    }
    return new Prediction[] {
      new Prediction(labels == null ? null : labels[0], score(o.record(), "primary")),
      new Prediction(labels == null ? null : labels[1], score(o.record(), "shadow"))
    };
  }

  private double score(ObjectNode record, String side) {
    if (scorePath == null) {
      return Double.NaN;
    }
    JsonNode node = body(record, side).at(scorePath);
    return node.isNumber() ? node.doubleValue() : Double.NaN;
  }

  private static JsonNode body(ObjectNode record, String side) {
    JsonNode body = record.path(side).path("body");
    return body.isContainerNode()
        ? body
        : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** Where the labels are read, or {@code null} when no record had a label observation and none was given. */
  String labelPath() {
    return labelPath;
  }

  /** Where the scores are read, or {@code null}. */
  String scorePath() {
    return scorePath;
  }

  /** Other label paths the records had (a few), which were not used. */
  Set<String> otherLabelPaths() {
    return otherLabelPaths;
  }
}
