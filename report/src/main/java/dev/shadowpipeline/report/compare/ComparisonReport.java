package dev.shadowpipeline.report.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.report.html.HtmlRenderer;
import dev.shadowpipeline.shadow.gate.GateCheck;
import dev.shadowpipeline.shadow.gate.GateResult;
import dev.shadowpipeline.shadow.judge.JudgeSummary;
import dev.shadowpipeline.shadow.labels.QualityJson;
import dev.shadowpipeline.shadow.metrics.LatencySummary;
import dev.shadowpipeline.shadow.record.AtomicFile;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import dev.shadowpipeline.shadow.summary.SummaryJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shadow comparison report: summary cards (requests, agreement with its 95% interval, critical divergences,
 * errors, latency percentiles), agreement and latency over time, overlaid latency distributions, the latency-delta
 * histogram, confusion matrices, the most-differing fields, metric distributions and the top divergences side by side.
 * Built from aggregates only, so its size does not depend on the number of records.
 */
public final class ComparisonReport {

  /** The report's file name in an output folder. */
  public static final String FILE = "report.html";

  /** The files {@code write} replaces in its folder: {@code summary.json} and {@code report.html}. */
  public static final List<String> FILES = List.of(SummaryJson.FILE, FILE);

  private static final String TEMPLATE = "compare/report";

  private ComparisonReport() {}

  /**
   * Writes {@code report.html} and {@code summary.json} into {@code dir}, atomically.
   *
   * @param title what was compared, e.g. "replay of inputs.csv"
   * @param gate the gate's verdict to show, or {@code null}
   */
  public static void write(
      Path dir, String title, ComparisonSummary summary, GateResult gate, ObjectMapper mapper)
      throws IOException {
    write(dir, title, summary, gate, null, mapper);
  }

  /**
   * Writes {@code report.html} and {@code summary.json} into {@code dir}, atomically, with the sections of ground
   * truth: {@code summary.json} gains a {@code quality} object (quality.json without its examples) and the report the
   * sections "Quality against ground truth" and "Who is right when they disagree".
   *
   * @param title what was compared, e.g. "replay of inputs.csv"
   * @param gate the gate's verdict to show, or {@code null}
   * @param quality the content of {@code quality.json}, or {@code null} when there are no labels
   */
  public static void write(
      Path dir,
      String title,
      ComparisonSummary summary,
      GateResult gate,
      JsonNode quality,
      ObjectMapper mapper)
      throws IOException {
    write(dir, title, summary, gate, quality, null, mapper);
  }

  /**
   * Writes {@code report.html} and {@code summary.json} into {@code dir}, atomically, with the pairwise judge's
   * verdicts when there are any: {@code summary.json} gains {@code llm.judge} and the report the section "Judge".
   *
   * @param judge the judge's verdicts, or {@code null} when no judge ran
   */
  public static void write(
      Path dir,
      String title,
      ComparisonSummary summary,
      GateResult gate,
      JsonNode quality,
      JudgeSummary judge,
      ObjectMapper mapper)
      throws IOException {
    write(dir, title, summary, gate, quality, judge, null, mapper);
  }

  /**
   * Writes {@code report.html} and {@code summary.json} into {@code dir}, atomically, each top divergence linked to
   * its trace.
   *
   * @param traces how a trace id becomes a link, or {@code null} to show trace ids as text
   */
  public static void write(
      Path dir,
      String title,
      ComparisonSummary summary,
      GateResult gate,
      JsonNode quality,
      JudgeSummary judge,
      TraceLink traces,
      ObjectMapper mapper)
      throws IOException {
    ObjectNode root = SummaryJson.toJson(summary, mapper);
    if (quality != null) {
      root.set("quality", QualityJson.summaryJson(quality));
    }
    if (judge != null) {
      SummaryJson.putJudge(root, judge);
    }
    byte[] json = mapper.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root);
    AtomicFile.write(dir.resolve(SummaryJson.FILE), json);
    Map<String, Object> model = model(title, summary, gate, quality, traces);
    model.put("judge", JudgeSection.model(judge));
    HtmlRenderer.shared().write(dir.resolve(FILE), TEMPLATE, model);
  }

  /** Renders the report as a string. */
  public static String render(String title, ComparisonSummary summary, GateResult gate) {
    return render(title, summary, gate, null);
  }

  /** Renders the report as a string, with the sections of ground truth when {@code quality} is given. */
  public static String render(
      String title, ComparisonSummary summary, GateResult gate, JsonNode quality) {
    return HtmlRenderer.shared().render(TEMPLATE, model(title, summary, gate, quality));
  }

  /** Renders the report as a string, with the "Judge" section when {@code judge} is given. */
  public static String render(
      String title,
      ComparisonSummary summary,
      GateResult gate,
      JsonNode quality,
      JudgeSummary judge) {
    return render(title, summary, gate, quality, judge, null);
  }

  /** Renders the report as a string, each top divergence linked to its trace when {@code traces} is given. */
  public static String render(
      String title,
      ComparisonSummary summary,
      GateResult gate,
      JsonNode quality,
      JudgeSummary judge,
      TraceLink traces) {
    Map<String, Object> model = model(title, summary, gate, quality, traces);
    model.put("judge", JudgeSection.model(judge));
    return HtmlRenderer.shared().render(TEMPLATE, model);
  }

  static Map<String, Object> model(String title, ComparisonSummary s, GateResult gate) {
    return model(title, s, gate, null);
  }

  static Map<String, Object> model(
      String title, ComparisonSummary s, GateResult gate, JsonNode quality) {
    return model(title, s, gate, quality, null);
  }

  static Map<String, Object> model(
      String title, ComparisonSummary s, GateResult gate, JsonNode quality, TraceLink traces) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("instances", InstancesSection.model(s));
    m.put("quality", QualitySection.model(quality));
    m.put("judge", Map.of());
    m.put("title", title);
    m.put("requests", s.requests());
    m.put("compared", s.evidence().compared());
    m.put("agreementPairs", s.agreementPairs());
    m.put("agreementLeftOut", s.agreementLeftOut());
    m.put("agreement", pct(s.agreement().proportion()));
    m.put("agreementLower", pct(s.agreement().lower()));
    m.put("agreementUpper", pct(s.agreement().upper()));
    m.put("critical", s.severity("critical"));
    m.put("warning", s.severity("warning"));
    m.put("info", s.severity("info"));
    m.put("shadowErrors", s.shadowErrors());
    m.put("shadowTimeouts", s.shadowTimeouts());
    m.put("shadowErrorRate", pct(s.shadowErrorRate()));
    m.put("primaryErrors", s.primaryErrors());
    m.put("statusClassMismatches", s.statusClassMismatches());
    m.put("period", s.first() == null ? "no records" : s.first() + " to " + s.last());
    List<Map<String, Object>> latency = new ArrayList<>();
    latency.add(latencyRow("primary", s.primaryLatency()));
    latency.add(latencyRow("shadow", s.shadowLatency()));
    latency.add(latencyRow("shadow − primary", s.latencyDelta()));
    m.put("latency", latency);
    m.put("deltaP99", ms(s.latencyDelta(), s.latencyDelta().p99Millis()));

    ComparisonSummary.Trend t = s.trend();
    m.put("trendAssessed", t.assessed());
    m.put("trendDrifted", t.drifted());
    m.put("trendText", trendText(t));

    List<Map<String, Object>> fields = new ArrayList<>();
    for (ComparisonSummary.FieldCount f : s.fields()) {
      fields.add(
          Map.of(
              "kind",
              f.kind(),
              "path",
              f.path().isEmpty() ? "(whole answer)" : f.path(),
              "count",
              f.count(),
              "share",
              pct(f.share()),
              "noise",
              s.noisy(f.kind(), f.path())));
    }
    m.put("fields", fields);
    m.put("noise", noise(s.noise()));

    List<Map<String, Object>> confusions = new ArrayList<>();
    for (ComparisonSummary.Confusion c : s.confusions()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < c.labels().size(); i++) {
        List<Map<String, Object>> cells = new ArrayList<>();
        for (int j = 0; j < c.labels().size(); j++) {
          cells.add(Map.of("count", c.counts()[i][j], "diagonal", i == j));
        }
        rows.add(Map.of("label", c.labels().get(i), "cells", cells));
      }
      confusions.add(Map.of("path", c.path(), "labels", c.labels(), "rows", rows));
    }
    m.put("confusions", confusions);

    List<Map<String, Object>> metrics = new ArrayList<>();
    List<Map<String, Object>> metricCharts = new ArrayList<>();
    int i = 0;
    for (ComparisonSummary.MetricSummary ms : s.metrics()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", "metric-" + i);
      row.put(
          "name",
          ms.comparator() + " " + (ms.path().isEmpty() ? "" : ms.path() + " ") + ms.metric());
      row.put("count", ms.count());
      row.put("mean", num(ms.mean()));
      row.put("p05", num(ms.p05()));
      row.put("p50", num(ms.p50()));
      row.put("p95", num(ms.p95()));
      metrics.add(row);
      metricCharts.add(
          Map.of("id", "metric-" + i, "label", row.get("name"), "hist", hist(ms.histogram())));
      i++;
    }
    m.put("metrics", metrics);

    List<Map<String, Object>> top = new ArrayList<>();
    int n = 0;
    for (ComparisonSummary.Divergence d : s.topDivergences()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", "div-" + n++);
      row.put("recordId", d.id());
      row.put("severity", d.severity());
      row.put("uri", d.method() + " " + d.uri());
      row.put("time", d.time() == null ? "" : d.time().toString());
      row.put("reasons", d.reasons());
      row.put("noisyReasons", d.noisyReasons());
      row.put("request", d.request());
      row.put("primary", d.primary());
      row.put("shadow", d.shadow());
      row.put("traceId", d.traceId() == null ? "" : d.traceId());
      String href = traces == null ? null : traces.href(d.traceId());
      row.put("traceHref", href == null ? "" : href);
      top.add(row);
    }
    m.put("top", top);

    if (gate != null) {
      List<Map<String, Object>> checks = new ArrayList<>();
      for (GateCheck c : gate.checks()) {
        checks.add(
            Map.of(
                "name",
                c.name(),
                "actual",
                c.actual(),
                "limit",
                c.limit(),
                "passed",
                c.passed(),
                "detail",
                c.detail()));
      }
      m.put("gate", Map.of("passed", gate.passed(), "checks", checks));
    } else {
      m.put("gate", Map.of());
    }

    Map<String, Object> charts = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>();
    List<Object> agreement = new ArrayList<>();
    List<Object> primary = new ArrayList<>();
    List<Object> shadow = new ArrayList<>();
    List<Object> delta = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    for (ComparisonSummary.TimeBucket b : s.timeline()) {
      labels.add(b.start().toString().replace("T", " ").replace("Z", ""));
      // over the pairs the summary's agreement is over: a bucket where the primary was down shows
      // no agreement, not 100%
      agreement.add(
          b.agreementPairs() == 0
              ? null
              : round(100.0 * b.agreementMatches() / b.agreementPairs()));
      primary.add(finite(b.meanPrimaryMillis()));
      shadow.add(finite(b.meanShadowMillis()));
      delta.add(finite(b.meanDeltaMillis()));
      counts.add(b.requests());
    }
    charts.put(
        "timeline",
        Map.of(
            "labels",
            labels,
            "agreement",
            agreement,
            "primary",
            primary,
            "shadow",
            shadow,
            "delta",
            delta,
            "requests",
            counts));
    charts.put("latencyPrimary", hist(s.latencyShapes().get("primary")));
    charts.put("latencyShadow", hist(s.latencyShapes().get("shadow")));
    charts.put("latencyDelta", hist(s.latencyShapes().get("delta")));
    charts.put("metrics", metricCharts);
    Map<String, Object> llm = LlmSection.model(s.llm());
    m.put("llm", llm == null ? Map.of() : llm); // an empty map: the template leaves the section out
    if (llm != null) {
      charts.put("llm", llm.get("charts"));
    }
    m.put("charts", charts);
    return m;
  }

  // the noise baseline's table: one row per difference key with both rates, the p-value and the
  // verdict; empty without a baseline
  private static Map<String, Object> noise(ComparisonSummary.Noise n) {
    if (n == null) {
      return Map.of();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pairs", n.pairs());
    m.put("secondaryErrors", n.secondaryErrors());
    m.put("alpha", num(n.alpha()));
    m.put("absoluteFloor", num(n.absoluteFloor()));
    m.put("relativeFloor", num(n.relativeFloor()));
    m.put("rawAgreement", pct(n.rawAgreement().proportion()));
    m.put("rawCritical", n.rawSeverity("critical"));
    m.put("noiseFields", n.noiseKeys().size());
    m.put("classified", n.keysClassified());
    m.put("overflow", n.overflowPairs());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ComparisonSummary.NoiseField f : n.entries()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("kind", f.kind());
      row.put("path", f.path().isEmpty() ? "(whole answer)" : f.path());
      row.put("noiseCount", f.noiseCount());
      row.put("noiseRate", pct(f.noiseRate()));
      row.put("candidateCount", f.candidateCount());
      row.put("candidateRate", pct(f.candidateRate()));
      row.put("pValue", num(f.pValue()));
      row.put("verdict", f.verdict());
      rows.add(row);
    }
    m.put("entries", rows);
    return m;
  }

  private static String trendText(ComparisonSummary.Trend t) {
    if (!t.assessed()) {
      return "Not enough pairs to compare the recent quarter of the run with the rest (100 on each side needed).";
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "Agreement %s before, %s in the last quarter (one-sided p = %.3g)",
            pct(t.baselineAgreement()),
            pct(t.recentAgreement()),
            t.agreementPValue()));
    sb.append(
        String.format(
            Locale.ROOT,
            "; mean latency delta %s before, %s recently.",
            ms(t.baselineDeltaMillis()),
            ms(t.recentDeltaMillis())));
    if (t.agreementFalling()) {
      sb.append(" Agreement is falling.");
    }
    if (t.latencyRising()) {
      sb.append(" The shadow is getting slower relative to the primary.");
    }
    return sb.toString();
  }

  static Map<String, Object> hist(ComparisonSummary.Histogram h) {
    List<Object> labels = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    if (h != null) {
      for (int i = 0; i < h.counts().length; i++) {
        labels.add(round(h.lower() + (i + 0.5) * h.width()));
        counts.add(h.counts()[i]);
      }
    }
    return Map.of("labels", labels, "counts", counts);
  }

  private static Map<String, Object> latencyRow(String name, LatencySummary l) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", name);
    row.put("count", l.count());
    row.put("p50", ms(l, l.p50Millis()));
    row.put("p95", ms(l, l.p95Millis()));
    row.put("p99", ms(l, l.p99Millis()));
    row.put("max", ms(l, l.maxMillis()));
    return row;
  }

  private static Object finite(double v) {
    return Double.isFinite(v) ? round(v) : null;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : "n/a";
  }

  private static String ms(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f ms", v) : "n/a";
  }

  // a summary of no values holds zeros: "0.0 ms" would read as measured, e.g. a shadow that never
  // answered
  private static String ms(LatencySummary l, double v) {
    return l.count() == 0 ? "n/a" : ms(v);
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "n/a";
  }
}
