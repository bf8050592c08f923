package dev.shadowpipeline.shadow.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.judge.JudgeSummary;
import dev.shadowpipeline.shadow.metrics.LatencySummary;
import java.util.Map;

/** The JSON shape of {@code summary.json}; field names are snake_case and latencies are in milliseconds. */
public final class SummaryJson {

  /** The summary's file name in an output folder. */
  public static final String FILE = "summary.json";

  private SummaryJson() {}

  /** The whole summary as JSON. */
  public static ObjectNode toJson(ComparisonSummary s, ObjectMapper mapper) {
    ObjectNode root = mapper.createObjectNode();
    root.put("requests", s.requests());
    // pairs where both models answered: what the gate calls "pairs compared"
    root.put("compared", s.evidence().compared());
    // every pair graded as agreeing, those left out of the agreement below included
    root.put("matches", s.matches());
    ObjectNode agreement = root.putObject("agreement");
    number(agreement, "rate", s.agreement().proportion());
    agreement.put("wilson_95_lower", s.agreement().lower());
    agreement.put("wilson_95_upper", s.agreement().upper());
    // the rate is matches / pairs: the pairs graded as agreeing though a side gave no answer are
    // left out, as the gate leaves them out
    agreement.put("matches", s.agreementMatches());
    agreement.put("pairs", s.agreementPairs());
    agreement.put("left_out", s.agreementLeftOut());
    ObjectNode severities = root.putObject("divergences_by_severity");
    for (String level : new String[] {"info", "warning", "critical"}) {
      severities.put(level, s.severity(level));
    }
    if (s.noise() != null) {
      noise(root, s.noise());
    }
    root.put("primary_errors", s.primaryErrors());
    root.put("shadow_errors", s.shadowErrors());
    root.put("shadow_timeouts", s.shadowTimeouts());
    root.put("shadow_error_rate", s.shadowErrorRate());
    root.put("status_class_mismatches", s.statusClassMismatches());
    ObjectNode latency = root.putObject("latency_ms");
    latency.set("primary", latency(s.primaryLatency(), mapper));
    latency.set("shadow", latency(s.shadowLatency(), mapper));
    ObjectNode delta = latency(s.latencyDelta(), mapper);
    // pairs where both answered whose latency_ms could not be read: not in the delta, and said so
    delta.put("unreadable", s.evidence().unreadableLatencies());
    latency.set("delta", delta);
    if (s.llm() != null) {
      root.set("llm", llm(s.llm(), mapper));
    }
    if (s.first() != null) {
      root.put("first", s.first().toString());
      root.put("last", s.last().toString());
    }
    root.set("instances", instances(s, mapper));
    ArrayNode fields = root.putArray("most_differing_fields");
    for (ComparisonSummary.FieldCount f : s.fields()) {
      ObjectNode n = fields.addObject();
      n.put("kind", f.kind());
      n.put("path", f.path());
      n.put("count", f.count());
      n.put("share", f.share());
    }
    ArrayNode confusions = root.putArray("confusion_matrices");
    for (ComparisonSummary.Confusion c : s.confusions()) {
      ObjectNode n = confusions.addObject();
      n.put("path", c.path());
      ArrayNode labels = n.putArray("labels");
      c.labels().forEach(labels::add);
      ArrayNode rows = n.putArray("counts_primary_by_shadow");
      for (long[] row : c.counts()) {
        ArrayNode r = rows.addArray();
        for (long v : row) {
          r.add(v);
        }
      }
    }
    ArrayNode metrics = root.putArray("metrics");
    for (ComparisonSummary.MetricSummary m : s.metrics()) {
      ObjectNode n = metrics.addObject();
      n.put("comparator", m.comparator());
      n.put("path", m.path());
      n.put("metric", m.metric());
      n.put("count", m.count());
      number(n, "mean", m.mean());
      number(n, "min", m.min());
      number(n, "p05", m.p05());
      number(n, "p50", m.p50());
      number(n, "p95", m.p95());
      number(n, "max", m.max());
      if (m.unmeasured() > 0) {
        n.put("unmeasured", m.unmeasured());
      }
    }
    ComparisonSummary.Trend t = s.trend();
    ObjectNode trend = root.putObject("comparison_drift");
    trend.put("assessed", t.assessed());
    trend.put("drifted", t.drifted());
    trend.put("agreement_falling", t.agreementFalling());
    trend.put("latency_delta_rising", t.latencyRising());
    number(trend, "baseline_agreement", t.baselineAgreement());
    number(trend, "recent_agreement", t.recentAgreement());
    number(trend, "agreement_p_value", t.agreementPValue());
    number(trend, "baseline_delta_ms", t.baselineDeltaMillis());
    number(trend, "recent_delta_ms", t.recentDeltaMillis());
    ArrayNode timeline = root.putArray("timeline");
    for (ComparisonSummary.TimeBucket b : s.timeline()) {
      ObjectNode n = timeline.addObject();
      n.put("start", b.start().toString());
      n.put("seconds", b.seconds());
      n.put("requests", b.requests());
      n.put("matches", b.matches());
      // the bucket's agreement is matches / pairs here, as the summary's is: summed over the
      // buckets, these give the summary's agreement.matches, pairs and left_out
      ObjectNode bucketAgreement = n.putObject("agreement");
      bucketAgreement.put("matches", b.agreementMatches());
      bucketAgreement.put("pairs", b.agreementPairs());
      bucketAgreement.put("left_out", b.agreementLeftOut());
      n.put("critical", b.critical());
      n.put("shadow_errors", b.shadowErrors());
      number(n, "mean_primary_ms", b.meanPrimaryMillis());
      number(n, "mean_shadow_ms", b.meanShadowMillis());
      number(n, "mean_delta_ms", b.meanDeltaMillis());
    }
    ArrayNode top = root.putArray("top_divergences");
    for (ComparisonSummary.Divergence d : s.topDivergences()) {
      ObjectNode n = top.addObject();
      n.put("id", d.id());
      if (d.time() != null) {
        n.put("time", d.time().toString());
      }
      n.put("method", d.method());
      n.put("uri", d.uri());
      n.put("severity", d.severity());
      if (d.traceId() != null) {
        n.put("trace_id", d.traceId());
      }
      ArrayNode reasons = n.putArray("reasons");
      d.reasons().forEach(reasons::add);
      if (s.noise() != null) {
        ArrayNode noisy = n.putArray("noisy_reasons");
        d.noisyReasons().forEach(noisy::add);
      }
    }
    return root;
  }

  // per proxy (or replay) of a fleet; agreement counts noise too (the baseline is the run's); drops
  // are null unless the proxy that dropped them wrote this summary: no record says what was dropped
  private static ArrayNode instances(ComparisonSummary s, ObjectMapper mapper) {
    ArrayNode list = mapper.createArrayNode();
    for (ComparisonSummary.Instance i : s.instances()) {
      ObjectNode n = list.addObject();
      if (i.instanceId() != null) {
        n.put("instance_id", i.instanceId());
      } else {
        n.putNull("instance_id");
      }
      n.put("status", i.status().key());
      n.put("pairs", i.pairs());
      n.put("matches", i.matches());
      ObjectNode agreement = n.putObject("agreement");
      number(agreement, "rate", i.agreement().proportion());
      number(agreement, "wilson_95_lower", i.agreement().lower());
      number(agreement, "wilson_95_upper", i.agreement().upper());
      agreement.put("left_out", i.agreementLeftOut());
      ObjectNode severities = n.putObject("divergences_by_severity");
      for (String level : new String[] {"info", "warning", "critical"}) {
        severities.put(level, i.severity(level));
      }
      n.put("primary_errors", i.primaryErrors());
      n.put("shadow_errors", i.shadowErrors());
      n.put("shadow_timeouts", i.shadowTimeouts());
      number(n, "shadow_error_rate", i.shadowErrorRate());
      if (i.drops() == null) {
        n.putNull("drops");
      } else {
        ObjectNode drops = n.putObject("drops");
        drops.put("copies", i.drops().copies());
        drops.put("records", i.drops().records());
        drops.put("shed", i.drops().shed());
      }
      if (i.first() != null) {
        n.put("first", i.first().toString());
        n.put("last", i.last().toString());
      }
    }
    return list;
  }

  // with a noise baseline: agreement and divergences_by_severity above count real differences,
  // these keep the figures with noise included, and "noise" says what was set aside and why
  private static void noise(ObjectNode root, ComparisonSummary.Noise n) {
    root.put("matches_raw", n.rawMatches());
    ObjectNode raw = root.putObject("agreement_raw");
    number(raw, "rate", n.rawAgreement().proportion());
    raw.put("wilson_95_lower", n.rawAgreement().lower());
    raw.put("wilson_95_upper", n.rawAgreement().upper());
    ObjectNode rawSeverities = root.putObject("divergences_by_severity_raw");
    for (String level : new String[] {"info", "warning", "critical"}) {
      rawSeverities.put(level, n.rawSeverity(level));
    }
    ObjectNode noise = root.putObject("noise");
    noise.put("pairs", n.pairs());
    noise.put("secondary_errors", n.secondaryErrors());
    noise.put("alpha", n.alpha());
    noise.put("absolute_floor", n.absoluteFloor());
    noise.put("relative_floor", n.relativeFloor());
    noise.put("keys_classified", n.keysClassified());
    noise.put("signature_overflow_pairs", n.overflowPairs());
    ArrayNode entries = noise.putArray("entries");
    for (ComparisonSummary.NoiseField f : n.entries()) {
      ObjectNode e = entries.addObject();
      e.put("kind", f.kind());
      e.put("path", f.path());
      e.put("noise_count", f.noiseCount());
      e.put("noise_rate", f.noiseRate());
      e.put("candidate_count", f.candidateCount());
      e.put("candidate_rate", f.candidateRate());
      number(e, "p_value", f.pValue());
      e.put("verdict", f.verdict());
    }
  }

  /**
   * Puts the pairwise judge's verdicts at {@code llm.judge}, creating {@code llm} when the summary has none:
   * {@code shadow_better}, {@code tie}, {@code primary_better}, {@code decided}, {@code errors} and {@code skipped}
   * by kind, {@code win_rate} ((shadow_better + ½·tie) / decided, null without verdicts) and {@code win_rate_ci95}
   * (its Wilson 95% interval, [null, null] without verdicts), {@code shown_primary_first}, {@code unmatched}
   * (judgements whose record id matches no record, left out of every other count).
   */
  public static void putJudge(ObjectNode root, JudgeSummary j) {
    ObjectNode llm =
        root.get("llm") instanceof ObjectNode existing ? existing : root.putObject("llm");
    ObjectNode n = llm.putObject("judge");
    n.put("shadow_better", j.shadowBetter());
    n.put("tie", j.tie());
    n.put("primary_better", j.primaryBetter());
    n.put("decided", j.decided());
    ObjectNode errors = n.putObject("errors");
    for (Map.Entry<String, Long> e : j.errors().entrySet()) {
      errors.put(e.getKey(), e.getValue());
    }
    ObjectNode skipped = n.putObject("skipped");
    for (Map.Entry<String, Long> e : j.skipped().entrySet()) {
      skipped.put(e.getKey(), e.getValue());
    }
    number(n, "win_rate", j.winRate());
    double[] ci = j.winRateInterval();
    ArrayNode interval = n.putArray("win_rate_ci95");
    for (double v : ci) {
      if (Double.isFinite(v)) {
        interval.add(v);
      } else {
        interval.addNull();
      }
    }
    n.put("shown_primary_first", j.primaryFirst());
    n.put("unmatched", j.unmatched());
  }

  /** The {@code llm} object of {@code summary.json}: per side timing, tokens and cost, and the cost delta. */
  public static ObjectNode llm(LlmSummary l, ObjectMapper mapper) {
    ObjectNode n = mapper.createObjectNode();
    n.set("primary", llmSide(l.primary(), mapper));
    n.set("shadow", llmSide(l.shadow(), mapper));
    if (l.secondary() != null) {
      n.set("secondary", llmSide(l.secondary(), mapper));
    }
    n.put("priced_pairs", l.pricedPairs());
    if (l.costDelta() != null) {
      n.put("cost_delta", l.costDelta());
    } else {
      n.putNull("cost_delta");
    }
    number(n, "cost_ratio", l.costRatio());
    // the pairwise judge's verdicts (win/tie/loss) are filled in where a judge is configured
    n.putNull("judge");
    return n;
  }

  private static ObjectNode llmSide(LlmSummary.Side side, ObjectMapper mapper) {
    ObjectNode n = mapper.createObjectNode();
    n.put("answers", side.answers());
    n.put("streams", side.streams());
    ObjectNode models = n.putObject("models");
    new java.util.TreeMap<>(side.models()).forEach(models::put);
    n.set("ttft_ms", measured(side.ttft(), mapper));
    n.set("itl_ms", measured(side.itl(), mapper));
    n.set("total_ms", measured(side.total(), mapper));
    n.set("output_tokens_per_s", distribution(side.outputTokensPerSecond(), mapper));
    n.put("input_tokens", side.inputTokens());
    n.put("output_tokens", side.outputTokens());
    n.put("tokens_estimated", side.estimated());
    if (side.cost() != null) {
      n.put("cost", side.cost());
    } else {
      n.putNull("cost");
    }
    n.put("priced", side.priced());
    n.put("unpriced", side.unpriced());
    ArrayNode unpricedModels = n.putArray("unpriced_models");
    side.unpricedModels().forEach(unpricedModels::add);
    number(n, "cost_per_1k_requests", side.costPerThousand());
    n.set("cost_per_request", distribution(side.costPerRequest(), mapper));
    n.put("malformed_streams", side.malformedStreams());
    return n;
  }

  // nothing measured is null, not a latency of zero
  private static ObjectNode measured(LatencySummary l, ObjectMapper mapper) {
    if (l.count() > 0) {
      return latency(l, mapper);
    }
    ObjectNode n = mapper.createObjectNode();
    n.put("count", 0);
    for (String field : new String[] {"p50", "p95", "p99", "max", "mean"}) {
      n.putNull(field);
    }
    return n;
  }

  private static ObjectNode distribution(LlmSummary.Distribution d, ObjectMapper mapper) {
    ObjectNode n = mapper.createObjectNode();
    n.put("count", d.count());
    number(n, "p50", d.p50());
    number(n, "p95", d.p95());
    number(n, "p99", d.p99());
    number(n, "mean", d.mean());
    return n;
  }

  private static ObjectNode latency(LatencySummary l, ObjectMapper mapper) {
    ObjectNode n = mapper.createObjectNode();
    n.put("count", l.count());
    n.put("p50", l.p50Millis());
    n.put("p95", l.p95Millis());
    n.put("p99", l.p99Millis());
    n.put("max", l.maxMillis());
    n.put("mean", l.meanMillis());
    return n;
  }

  // JSON has no NaN: an unknown value is null
  private static void number(ObjectNode n, String field, double value) {
    if (Double.isFinite(value)) {
      n.put(field, value);
    } else {
      n.putNull(field);
    }
  }
}
