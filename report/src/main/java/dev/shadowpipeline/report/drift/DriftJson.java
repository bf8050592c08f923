package dev.shadowpipeline.report.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.drift.classifier.DomainClassification;
import dev.shadowpipeline.drift.classifier.DomainClassification.WeightedFeature;
import dev.shadowpipeline.drift.data.BadRow;
import dev.shadowpipeline.drift.data.SkippedColumn;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.DatasetSummary;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.engine.SideStats;
import dev.shadowpipeline.drift.multivariate.MultivariateDrift;
import dev.shadowpipeline.drift.segment.SegmentedDrift;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import java.util.List;
import java.util.Locale;

/**
 * The JSON outputs of a drift run.
 *
 * <p>{@code drift_status.json} is what scripts and alerts read: {@code {"status": "ok", "drift": true, "share":
 * 0.333, "drifted_columns": ["salary"], "problems": []}}. {@code status} is {@code ok}, {@code incomplete} (a
 * verdict on part of the data; {@code problems} says what is missing) or {@code untestable} (no verdict: {@code drift}
 * is false and {@code share} null, which mean "unknown", never "healthy"). {@code drift_report.json} holds
 * everything: the same, plus {@code compat} (whose rules decided it: {@code native} or {@code evidently}), per column the test, statistic, p-value or distance, threshold, verdict (null when the
 * column was not judged), whether its missing share moved past the threshold, status, missing shares, new categories
 * and row counts; per dataset the rows, bad rows and their line numbers. A column tested by a domain classifier (text,
 * embeddings) has {@code kind: "roc_auc"} and a {@code classifier} object: the AUC, the random-labelling percentile
 * it was compared with, a permutation p-value, and the features (words) pointing most to each side. With {@code
 * --multivariate}, a {@code multivariate} object holds the classifier over all tested columns and each column's
 * permutation importance, and {@code drift_status.json} a {@code multivariate_drift} verdict (null when it could not
 * run). Keys are snake_case; non-finite numbers are written as {@code null}. With {@code --segment-by}, both
 * files gain a {@code segments} block ({@link SegmentJson}).
 */
public final class DriftJson {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DriftJson() {}

  /** {@code drift_status.json}. */
  public static String status(DriftResult result) {
    ObjectNode root = JSON.createObjectNode();
    root.put("status", result.status().label());
    root.put("drift", result.drift());
    number(root, "share", result.share());
    ArrayNode drifted = root.putArray("drifted_columns");
    result.driftedColumns().forEach(drifted::add);
    problems(root, result);
    result
        .multivariate()
        .ifPresent(
            m -> {
              if (m.ran()) {
                root.put("multivariate_drift", m.drift());
              } else {
                root.putNull("multivariate_drift");
              }
            });
    return write(root);
  }

  private static void problems(ObjectNode root, DriftResult result) {
    ArrayNode problems = root.putArray("problems");
    result.problems().forEach(problems::add);
  }

  /** {@code drift_report.json}. */
  public static String report(DriftResult result) {
    ObjectNode root = JSON.createObjectNode();
    root.put("status", result.status().label());
    root.put("drift", result.drift());
    number(root, "share", result.share());
    root.put("drift_share", result.driftShareThreshold());
    // whose rules decided it: "native" (ours) or "evidently" (--compat evidently)
    root.put("compat", result.compat().id());
    number(root, "missing_share_threshold", result.missingShareThreshold().orElse(Double.NaN));
    // the share's denominator: tested columns, plus those that drifted without a test (vanished,
    // went blank)
    root.put("tested_columns", result.countedColumns());
    root.put("drifted_count", result.driftedColumns().size());
    ArrayNode drifted = root.putArray("drifted_columns");
    result.driftedColumns().forEach(drifted::add);
    problems(root, result);
    dataset(root.putObject("reference"), result.reference());
    dataset(root.putObject("current"), result.current());
    ArrayNode columns = root.putArray("columns");
    for (ColumnDrift c : result.columns()) {
      column(columns.addObject(), c, result.counts(c));
    }
    result.multivariate().ifPresent(m -> multivariate(root.putObject("multivariate"), m));
    return write(root);
  }

  private static void dataset(ObjectNode node, DatasetSummary d) {
    node.put("source", d.source());
    node.put("rows", d.rows());
    node.put("columns", d.columns());
    node.put("bad_rows", d.badRowCount());
    ArrayNode examples = node.putArray("bad_row_examples");
    for (BadRow b : d.badRows()) {
      ObjectNode e = examples.addObject();
      e.put("line", b.line());
      e.put("reason", b.reason());
    }
    // columns the reader left out (nested, binary, datetime): named so they do not vanish unnoticed
    ArrayNode skipped = node.putArray("skipped_columns");
    for (SkippedColumn c : d.skippedColumns()) {
      ObjectNode e = skipped.addObject();
      e.put("column", c.name());
      e.put("type", c.type());
      e.put("reason", c.reason());
    }
  }

  private static void column(ObjectNode node, ColumnDrift c, boolean counts) {
    node.put("column", c.name());
    node.put("type", c.type().name().toLowerCase(Locale.ROOT));
    node.put("type_reason", c.typeReason());
    node.put("status", c.status().label());
    if (!c.detail().isEmpty()) {
      node.put("detail", c.detail());
    }
    StatTestResult r = c.result();
    if (r != null) {
      node.put("test", r.test());
      node.put("kind", r.kind().label());
      number(node, "statistic", r.statistic());
      number(node, r.kind().label(), r.score());
      number(node, "threshold", r.threshold());
      r.classifier().ifPresent(dc -> classifier(node.putObject("classifier"), dc));
    }
    if (counts) {
      node.put("drifted", c.drifted());
    } else {
      node.putNull("drifted"); // not judged: neither drifted nor healthy
    }
    node.put("missing_share_drift", c.missingShareDrift());
    side(node.putObject("reference"), c.reference());
    side(node.putObject("current"), c.current());
    number(node, "missing_share_change", c.missingShareChange());
    node.put("new_categories", c.newCategories());
    ArrayNode examples = node.putArray("new_category_examples");
    c.newCategoryExamples().forEach(examples::add);
  }

  /** A domain classifier's details: what the AUC was compared with, and the features (words) of each side. */
  private static void classifier(ObjectNode node, DomainClassification dc) {
    number(node, "roc_auc", dc.rocAuc());
    number(node, "random_auc_percentile", dc.randomAucPercentile());
    number(node, "quantile", dc.quantile());
    number(node, "p_value", dc.pValue());
    node.put("permutations", dc.permutations());
    node.put("reference_rows", dc.referenceRows());
    node.put("current_rows", dc.currentRows());
    node.put("test_rows", dc.testRows());
    node.put("feature_count", dc.features());
    features(node.putArray("reference_features"), dc.referenceFeatures());
    features(node.putArray("current_features"), dc.currentFeatures());
  }

  private static void features(ArrayNode out, List<WeightedFeature> features) {
    for (WeightedFeature f : features) {
      ObjectNode e = out.addObject();
      e.put("name", f.name());
      number(e, "weight", f.weight());
    }
  }

  /** The multivariate check: the classifier over all tested columns, and each column's importance. */
  private static void multivariate(ObjectNode node, MultivariateDrift m) {
    node.put("status", m.status());
    if (!m.detail().isEmpty()) {
      node.put("detail", m.detail());
    }
    if (m.ran()) {
      node.put("drift", m.drift());
    } else {
      node.putNull("drift"); // not run: neither drifted nor healthy
    }
    number(node, "roc_auc", m.rocAuc());
    number(node, "random_auc_percentile", m.randomAucPercentile());
    number(node, "quantile", m.quantile());
    number(node, "p_value", m.pValue());
    node.put("reference_rows", m.referenceRows());
    node.put("current_rows", m.currentRows());
    node.put("test_rows", m.testRows());
    node.put("feature_count", m.features());
    node.put("importance", MULTIVARIATE_IMPORTANCE);
    ArrayNode columns = node.putArray("columns");
    for (MultivariateDrift.ColumnImportance c : m.columns()) {
      ObjectNode e = columns.addObject();
      e.put("column", c.column());
      e.put("type", c.type());
      number(e, "importance", c.importance());
    }
    ArrayNode leftOut = node.putArray("left_out");
    for (MultivariateDrift.LeftOut c : m.leftOut()) {
      ObjectNode e = leftOut.addObject();
      e.put("column", c.column());
      e.put("reason", c.reason());
    }
  }

  /** What a multivariate importance is, written beside the numbers. */
  static final String MULTIVARIATE_IMPORTANCE =
      "permutation: the held-out ROC AUC lost when the column's values are shuffled among the"
          + " held-out rows";

  private static void side(ObjectNode node, SideStats s) {
    node.put("rows", s.rows());
    node.put("missing", s.missing());
    number(node, "missing_share", s.missingShare());
  }

  /** {@code drift_status.json} with the segments' verdicts; {@code segments} may be null (no segments). */
  public static String status(DriftResult result, SegmentedDrift segments) {
    return withSegments(status(result), segments, false);
  }

  /** {@code drift_report.json} with the {@code segments} block; {@code segments} may be null (no segments). */
  public static String report(DriftResult result, SegmentedDrift segments) {
    return withSegments(report(result), segments, true);
  }

  /**
   * {@code drift_report.json} with what the run read and when: {@code run_at} (ISO-8601, UTC) and, in {@code
   * reference} and {@code current}, {@code location} (full path, glob, folder or query, credentials masked), {@code
   * kind} and {@code modified} (the file's modification time, null for a query or a glob). {@code segments} and
   * {@code inputs} may be null.
   */
  public static String report(DriftResult result, SegmentedDrift segments, RunInputs inputs) {
    String json = report(result, segments);
    if (inputs == null) {
      return json;
    }
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(json);
      ObjectNode withTime = JSON.createObjectNode();
      // the run's time first, so that a reader sees which run this is before anything else
      withTime.put("run_at", inputs.ranAt().toString());
      withTime.setAll(root);
      input((ObjectNode) withTime.get("reference"), inputs.reference());
      input((ObjectNode) withTime.get("current"), inputs.current());
      return write(withTime);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("our own JSON always parses", e);
    }
  }

  private static void input(ObjectNode node, RunInputs.Source s) {
    node.put("location", s.location());
    node.put("kind", s.kind());
    if (s.modified() == null) {
      node.putNull("modified");
    } else {
      node.put("modified", s.modified().toString());
    }
  }

  private static String withSegments(String json, SegmentedDrift segments, boolean full) {
    if (segments == null) {
      return json;
    }
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(json);
      ObjectNode node = root.putObject("segments");
      if (full) {
        SegmentJson.report(node, segments);
      } else {
        SegmentJson.summary(node, segments);
      }
      return write(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("our own JSON always parses", e);
    }
  }

  static void number(ObjectNode node, String key, double v) {
    if (Double.isFinite(v)) {
      node.put(key, v);
    } else {
      node.putNull(key);
    }
  }

  private static String write(ObjectNode root) {
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
