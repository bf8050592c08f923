package dev.shadowpipeline.report.drift;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.segment.SegmentDrift;
import dev.shadowpipeline.drift.segment.SegmentedDrift;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import dev.shadowpipeline.drift.stattest.TestKind;
import java.util.Locale;

/**
 * The {@code segments} block of {@code drift_report.json} and {@code drift_status.json}: per segment its value, rows on
 * each side, status, verdict, drifted share and each column's score and verdict. A segment without a verdict (one
 * side only, too small, untestable) has {@code "drift": null}, never {@code false}.
 */
final class SegmentJson {

  private SegmentJson() {}

  /** The full block, for {@code drift_report.json}. */
  static void report(ObjectNode node, SegmentedDrift s) {
    summary(node, s);
    node.put("max_segments", s.options().maxSegments());
    node.put("min_rows", s.options().minRows());
    node.put("distinct_values", s.distinctValues());
    ArrayNode segments = node.putArray("segments");
    for (SegmentDrift d : s.segments()) {
      segment(segments.addObject(), d);
    }
  }

  /** The verdicts only, for {@code drift_status.json}. */
  static void summary(ObjectNode node, SegmentedDrift s) {
    node.put("column", s.options().column());
    node.put("drift", s.anyDrift());
    ArrayNode drifted = node.putArray("drifted_segments");
    s.drifted().forEach(d -> drifted.add(d.label()));
    ArrayNode untested = node.putArray("untested_segments");
    s.untested().forEach(d -> untested.add(d.label()));
  }

  private static void segment(ObjectNode node, SegmentDrift d) {
    if (d.value() == null) {
      node.putNull("value");
    } else {
      node.put("value", d.value());
    }
    node.put("label", d.label());
    node.put("missing_value", d.missingValue());
    node.put("other", d.other());
    if (d.other()) {
      node.put("values", d.values());
      ArrayNode examples = node.putArray("value_examples");
      d.examples().forEach(examples::add);
    }
    node.put("reference_rows", d.referenceRows());
    node.put("current_rows", d.currentRows());
    node.put("status", d.status().label());
    if (!d.detail().isEmpty()) {
      node.put("detail", d.detail());
    }
    DriftResult r = d.result();
    if (!d.status().tested()) {
      node.putNull("drift"); // no verdict: neither drifted nor healthy
      node.putNull("share");
      return;
    }
    node.put("drift", r.drift());
    DriftJson.number(node, "share", r.share());
    node.put("tested_columns", r.countedColumns());
    node.put("drifted_count", r.driftedColumns().size());
    ArrayNode drifted = node.putArray("drifted_columns");
    r.driftedColumns().forEach(drifted::add);
    ArrayNode problems = node.putArray("problems");
    r.problems().forEach(problems::add);
    ArrayNode columns = node.putArray("columns");
    for (ColumnDrift c : r.columns()) {
      column(columns.addObject(), c, r.counts(c));
    }
  }

  private static void column(ObjectNode node, ColumnDrift c, boolean counts) {
    node.put("column", c.name());
    node.put("type", c.type().name().toLowerCase(Locale.ROOT));
    node.put("status", c.status().label());
    if (!c.detail().isEmpty()) {
      node.put("detail", c.detail());
    }
    StatTestResult t = c.result();
    if (t != null) {
      node.put("test", t.test());
      node.put("kind", t.kind() == TestKind.P_VALUE ? "p_value" : "distance");
      DriftJson.number(node, "statistic", t.statistic());
      DriftJson.number(node, t.kind() == TestKind.P_VALUE ? "p_value" : "distance", t.score());
      DriftJson.number(node, "threshold", t.threshold());
    }
    if (counts) {
      node.put("drifted", c.drifted());
    } else {
      node.putNull("drifted");
    }
    node.put("missing_share_drift", c.missingShareDrift());
    node.put("reference_rows", c.reference().rows());
    node.put("current_rows", c.current().rows());
  }
}
