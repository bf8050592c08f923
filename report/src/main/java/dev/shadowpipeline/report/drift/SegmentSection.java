package dev.shadowpipeline.report.drift;

import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.ColumnStatus;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.segment.SegmentDrift;
import dev.shadowpipeline.drift.segment.SegmentedDrift;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import dev.shadowpipeline.drift.stattest.TestKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's "Drift per segment" section: a chart of each segment's drifted, healthy and unjudged columns, and a
 * table of segments × columns whose cells say "✗" (drifted) or "✓" (not) beside the score ({@code p=} a p-value,
 * {@code d=} a distance), so the verdict reads without colour; a segment without a verdict says why in words.
 */
final class SegmentSection {

  /** What a cell of a segment without a verdict, or of a column the segment does not have, shows. */
  static final String NONE = "–";

  private SegmentSection() {}

  static Map<String, Object> model(DriftResult whole, SegmentedDrift s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("column", s.options().column());
    m.put("distinctValues", s.distinctValues());
    m.put("maxSegments", s.options().maxSegments());
    m.put("minRows", s.options().minRows());
    m.put("hasOther", s.segments().stream().anyMatch(SegmentDrift::other));
    m.put("driftedCount", s.drifted().size());
    m.put("testedCount", s.tested());
    m.put("thresholdPercent", Numbers.percent(whole.driftShareThreshold()));
    List<String> columns = new ArrayList<>();
    for (ColumnDrift c : whole.columns()) {
      if (!c.name().equals(s.options().column())) {
        columns.add(c.name());
      }
    }
    m.put("columns", columns);
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Integer> drifted = new ArrayList<>();
    List<Integer> healthy = new ArrayList<>();
    List<Integer> unjudged = new ArrayList<>();
    for (SegmentDrift d : s.segments()) {
      rows.add(row(d, columns));
      labels.add(d.status().tested() ? d.label() : d.label() + " (not tested)");
      int[] counts = counts(d, columns);
      drifted.add(counts[0]);
      healthy.add(counts[1]);
      unjudged.add(counts[2]);
    }
    m.put("rows", rows);
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("labels", labels);
    chart.put("drifted", drifted);
    chart.put("healthy", healthy);
    chart.put("unjudged", unjudged);
    m.put("chart", chart);
    return m;
  }

  /** Columns drifted, judged and not drifted, and not judged, in a segment ({@code all unjudged} when untested). */
  private static int[] counts(SegmentDrift d, List<String> columns) {
    if (!d.status().tested()) {
      return new int[] {0, 0, columns.size()};
    }
    int drift = 0;
    int ok = 0;
    for (ColumnDrift c : d.result().columns()) {
      if (d.result().counts(c) && c.drifted()) {
        drift++;
      } else if (d.result().counts(c)) {
        ok++;
      }
    }
    return new int[] {drift, ok, Math.max(0, columns.size() - drift - ok)};
  }

  private static Map<String, Object> row(SegmentDrift d, List<String> columns) {
    Map<String, Object> m = new LinkedHashMap<>();
    DriftResult r = d.result();
    m.put("label", d.label());
    m.put("other", d.other());
    m.put("examples", d.other() ? examples(d) : "");
    m.put("referenceRows", d.referenceRows());
    m.put("currentRows", d.currentRows());
    m.put("status", d.status().label());
    m.put("tested", d.status().tested());
    m.put("drift", d.drift());
    m.put("detail", d.detail());
    m.put(
        "share",
        d.status().tested()
            ? Numbers.percent(r.share())
                + " ("
                + r.driftedColumns().size()
                + " of "
                + r.countedColumns()
                + ")"
            : NONE);
    List<Map<String, Object>> cells = new ArrayList<>();
    for (String name : columns) {
      cells.add(cell(d, name));
    }
    m.put("cells", cells);
    return m;
  }

  private static String examples(SegmentDrift d) {
    List<String> named = new ArrayList<>();
    for (String v : d.examples()) {
      named.add(v == null ? "(missing)" : v);
    }
    return String.join(", ", named) + (d.values() > d.examples().size() ? ", …" : "");
  }

  private static Map<String, Object> cell(SegmentDrift d, String name) {
    Map<String, Object> m = new LinkedHashMap<>();
    ColumnDrift c = d.status().tested() ? find(d.result(), name) : null;
    if (c == null) {
      m.put("kind", "none");
      m.put("text", NONE);
      m.put("title", d.status().tested() ? "not in this segment" : d.status().label());
      return m;
    }
    boolean counts = d.result().counts(c);
    StatTestResult t = c.result();
    // segments of different sizes may get different default tests: say which kind each score is
    String score =
        t == null ? "" : (t.kind() == TestKind.P_VALUE ? "p=" : "d=") + Numbers.score(t.score());
    String title =
        t == null
            ? c.status().label() + (c.detail().isEmpty() ? "" : ": " + c.detail())
            : t.test()
                + " "
                + (t.kind() == TestKind.P_VALUE ? "p-value " : "distance ")
                + Numbers.score(t.score())
                + ", threshold "
                + Numbers.score(t.threshold());
    m.put("title", title);
    if (counts && c.drifted()) {
      m.put("kind", "drift");
      m.put("text", "✗ " + (t != null && t.drifted() ? score : "drift: " + reason(c)));
    } else if (c.status() == ColumnStatus.OK) {
      m.put("kind", "ok");
      m.put("text", "✓ " + score);
    } else {
      m.put("kind", "other");
      m.put("text", c.status().label());
    }
    return m;
  }

  private static String reason(ColumnDrift c) {
    return c.missingShareDrift() ? "missing share" : c.status().label();
  }

  private static ColumnDrift find(DriftResult r, String name) {
    for (ColumnDrift c : r.columns()) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }
}
