package dev.shadowpipeline.report.drift;

import dev.shadowpipeline.drift.classifier.DomainClassification;
import dev.shadowpipeline.drift.data.BadRow;
import dev.shadowpipeline.drift.data.SkippedColumn;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.ColumnStatus;
import dev.shadowpipeline.drift.engine.DatasetStatus;
import dev.shadowpipeline.drift.engine.DatasetSummary;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.engine.Histogram;
import dev.shadowpipeline.drift.multivariate.MultivariateDrift;
import dev.shadowpipeline.drift.segment.SegmentedDrift;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import dev.shadowpipeline.drift.stattest.TestKind;
import dev.shadowpipeline.report.html.HtmlRenderer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The drift report: headline "Drift detected in X of N columns", a banner with the verdict (never green when the
 * check was incomplete or could not run; then it lists the problems), a table of columns with their test, score,
 * threshold, verdict and small histograms, and an overlaid distribution chart per column. A column tested by a domain
 * classifier lists the words (features) pointing most to each side; with {@code --multivariate} a section shows the
 * classifier over all columns and each column's importance. One offline HTML file; its
 * size depends on the number of columns and bins, never on the number of rows. With {@code --segment-by}, a section
 * of segments × columns ({@link SegmentSection}).
 */
public final class DriftReport {

  private static final String TEMPLATE = "drift/report";

  private DriftReport() {}

  /** "Drift detected in 1 of 3 columns", or, when there is no verdict, "Drift not checked: the check could not run". */
  public static String headline(DriftResult result) {
    if (result.status() == DatasetStatus.UNTESTABLE) {
      return "Drift not checked: the check could not run";
    }
    return "Drift detected in "
        + result.driftedColumns().size()
        + " of "
        + result.countedColumns()
        + " column"
        + (result.countedColumns() == 1 ? "" : "s");
  }

  /** Renders the report as a string. */
  public static String render(DriftResult result) {
    return HtmlRenderer.shared().render(TEMPLATE, model(result));
  }

  /** Renders the report with its segments section; {@code segments} may be null (no segments). */
  public static String render(DriftResult result, SegmentedDrift segments) {
    return HtmlRenderer.shared().render(TEMPLATE, model(result, segments));
  }

  /** Writes the report to a file, atomically. */
  public static void write(Path file, DriftResult result) throws IOException {
    HtmlRenderer.shared().write(file, TEMPLATE, model(result));
  }

  /** Writes the report with its segments section to a file, atomically; {@code segments} may be null. */
  public static void write(Path file, DriftResult result, SegmentedDrift segments)
      throws IOException {
    HtmlRenderer.shared().write(file, TEMPLATE, model(result, segments));
  }

  /**
   * Renders the report with what the run read and when ({@code inputs}, shown at the top; null when unknown) and its
   * segments ({@code segments} may be null).
   */
  public static String render(DriftResult result, SegmentedDrift segments, RunInputs inputs) {
    return HtmlRenderer.shared().render(TEMPLATE, model(result, segments, inputs));
  }

  /** Writes the report with its inputs and segments (either may be null) to a file, atomically. */
  public static void write(Path file, DriftResult result, SegmentedDrift segments, RunInputs inputs)
      throws IOException {
    HtmlRenderer.shared().write(file, TEMPLATE, model(result, segments, inputs));
  }

  static Map<String, Object> model(DriftResult result) {
    return model(result, null);
  }

  static Map<String, Object> model(DriftResult result, SegmentedDrift segments) {
    return model(result, segments, null);
  }

  static Map<String, Object> model(DriftResult result, SegmentedDrift segments, RunInputs inputs) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("inputs", inputs == null ? null : inputs(result, inputs));
    model.put("hasSegments", segments != null);
    if (segments != null) {
      model.put("segments", SegmentSection.model(result, segments));
    }
    model.put("headline", headline(result));
    model.put("status", result.status().label());
    model.put("compat", result.compat().id());
    model.put("problems", result.problems());
    model.put("drift", result.drift());
    model.put(
        "sharePercent",
        result.status() == DatasetStatus.UNTESTABLE ? "–" : Numbers.percent(result.share()));
    model.put("thresholdPercent", Numbers.percent(result.driftShareThreshold()));
    model.put("reference", summary(result.reference()));
    model.put("current", summary(result.current()));
    List<Map<String, Object>> columns = new ArrayList<>();
    List<Map<String, Object>> charts = new ArrayList<>();
    for (int i = 0; i < result.columns().size(); i++) {
      ColumnDrift c = result.columns().get(i);
      columns.add(row(i, c, result.counts(c)));
      if (!c.histogram().isEmpty()) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("index", i);
        chart.put("labels", HistogramLabels.of(c.histogram()));
        chart.put(
            "xTitle",
            c.histogram() instanceof Histogram.Bins
                ? c.name() + " (bins of equal width, from – to)"
                : c.name() + " (category)");
        chart.put("reference", c.histogram().reference());
        chart.put("current", c.histogram().current());
        charts.add(chart);
      }
    }
    model.put("columns", columns);
    model.put("charts", charts);
    List<Map<String, Object>> bad = new ArrayList<>();
    addBadRows(bad, result.reference());
    addBadRows(bad, result.current());
    model.put("badRows", bad);
    List<Map<String, Object>> skipped = new ArrayList<>();
    addSkipped(skipped, result.reference());
    addSkipped(skipped, result.current());
    model.put("skippedColumns", skipped);
    model.put("multivariate", result.multivariate().map(DriftReport::multivariate).orElse(null));
    return model;
  }

  /** The inputs table at the top: one row per side, and the run's time. */
  private static Map<String, Object> inputs(DriftResult result, RunInputs inputs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ranAt", RunInputs.time(inputs.ranAt()));
    m.put("ranAtIso", inputs.ranAt().toString());
    m.put(
        "sides",
        List.of(
            side("Reference", inputs.reference(), result.reference()),
            side("Current", inputs.current(), result.current())));
    return m;
  }

  private static Map<String, Object> side(String name, RunInputs.Source s, DatasetSummary d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("location", s.location());
    m.put("kind", s.kind());
    m.put("rows", String.format(Locale.ROOT, "%,d", d.rows()));
    m.put("badRows", d.badRowCount());
    m.put("modified", RunInputs.time(s.modified()));
    m.put(
        "modifiedNote",
        s.modified() != null
            ? ""
            : switch (s.kind()) {
              case "query", "table" -> "a query has no file time";
              case "glob" -> "many files";
              default -> "could not be read";
            });
    return m;
  }

  private static Map<String, Object> summary(DatasetSummary d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", d.source());
    m.put("rows", d.rows());
    m.put("badRowCount", d.badRowCount());
    return m;
  }

  private static void addBadRows(List<Map<String, Object>> out, DatasetSummary d) {
    for (BadRow b : d.badRows()) {
      out.add(Map.of("file", d.source(), "line", b.line(), "reason", b.reason()));
    }
  }

  /** Columns the reader left out (nested, binary...), so that they do not vanish from the page unnoticed. */
  private static void addSkipped(List<Map<String, Object>> out, DatasetSummary d) {
    for (SkippedColumn c : d.skippedColumns()) {
      out.add(
          Map.of("file", d.source(), "column", c.name(), "type", c.type(), "reason", c.reason()));
    }
  }

  private static Map<String, Object> row(int index, ColumnDrift c, boolean counts) {
    Map<String, Object> m = new LinkedHashMap<>();
    StatTestResult r = c.result();
    m.put("index", index);
    m.put("name", c.name());
    m.put("type", c.type().name().toLowerCase(Locale.ROOT));
    m.put("typeReason", c.typeReason());
    m.put("status", c.status().label());
    m.put("detail", c.detail());
    m.put("drifted", counts && c.drifted());
    m.put("missingShareDrift", counts && c.missingShareDrift());
    m.put("missingShareText", c.missingShareText());
    m.put("test", r == null ? "–" : r.test());
    m.put("scoreKind", r == null ? "" : scoreKind(r.kind()));
    m.put("score", r == null ? "–" : Numbers.score(r.score()));
    m.put("threshold", r == null ? "–" : Numbers.score(r.threshold()));
    boolean present =
        c.status() != ColumnStatus.ONLY_IN_CURRENT && c.status() != ColumnStatus.ONLY_IN_REFERENCE;
    m.put("missingReference", present ? Numbers.percent(c.reference().missingShare()) : "–");
    m.put("missingCurrent", present ? Numbers.percent(c.current().missingShare()) : "–");
    m.put("newCategories", c.newCategories());
    m.put("newCategoryExamples", c.newCategoryExamples());
    m.put("hasHistogram", !c.histogram().isEmpty());
    m.put(
        "classifier", r == null ? null : r.classifier().map(DriftReport::classifier).orElse(null));
    return m;
  }

  private static String scoreKind(TestKind kind) {
    return switch (kind) {
      case P_VALUE -> "p-value";
      case DISTANCE -> "distance";
      case ROC_AUC -> "ROC AUC";
    };
  }

  /** A domain classifier's numbers and words, for a column's card. */
  private static Map<String, Object> classifier(DomainClassification dc) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("auc", Numbers.score(dc.rocAuc()));
    m.put("randomAuc", Numbers.score(dc.randomAucPercentile()));
    m.put("quantilePercent", Numbers.percent(dc.quantile()));
    m.put("pValue", Numbers.score(dc.pValue()));
    m.put("testRows", dc.testRows());
    m.put("referenceRows", dc.referenceRows());
    m.put("currentRows", dc.currentRows());
    m.put("referenceFeatures", names(dc.referenceFeatures()));
    m.put("currentFeatures", names(dc.currentFeatures()));
    return m;
  }

  private static List<String> names(List<DomainClassification.WeightedFeature> features) {
    return features.stream().map(DomainClassification.WeightedFeature::name).toList();
  }

  /** The multivariate check's section, or null when it was not asked for. */
  private static Map<String, Object> multivariate(MultivariateDrift mv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ran", mv.ran());
    m.put("drift", mv.drift());
    m.put("detail", mv.detail());
    m.put("auc", Numbers.score(mv.rocAuc()));
    m.put("randomAuc", Numbers.score(mv.randomAucPercentile()));
    m.put("quantilePercent", mv.ran() ? Numbers.percent(mv.quantile()) : "–");
    m.put("pValue", Numbers.score(mv.pValue()));
    m.put("referenceRows", mv.referenceRows());
    m.put("currentRows", mv.currentRows());
    m.put("testRows", mv.testRows());
    m.put("features", mv.features());
    List<Map<String, Object>> columns = new ArrayList<>();
    double top = mv.columns().stream().mapToDouble(c -> c.importance()).max().orElse(0);
    for (MultivariateDrift.ColumnImportance c : mv.columns()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("column", c.column());
      row.put("type", c.type());
      row.put("importance", Numbers.score(c.importance()));
      // bar width: share of the largest importance; none for a column that does not help
      row.put(
          "barPercent", top > 0 && c.importance() > 0 ? Math.round(100 * c.importance() / top) : 0);
      columns.add(row);
    }
    m.put("columns", columns);
    m.put(
        "leftOut",
        mv.leftOut().stream()
            .map(l -> Map.<String, Object>of("column", l.column(), "reason", l.reason()))
            .toList());
    return m;
  }
}
