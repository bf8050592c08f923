package dev.shadowpipeline.shadow.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.metrics.LatencyHistogram;
import dev.shadowpipeline.shadow.metrics.SignedLatencyHistogram;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import dev.shadowpipeline.shadow.suite.RequestKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Folds records into a {@link ComparisonSummary}. Memory is bounded whatever the number of records: latencies go to
 * HdrHistograms, distributions to fixed-size samples, the timeline coarsens, and the lists of fields, labels, metrics
 * and examples are capped.
 *
 * <p>{@link #accept} is for one thread (the record worker or a command's loop); {@link #summary} may be called from
 * another thread at any time (the admin API) and sees a consistent state.
 */
public final class ComparisonAggregator implements RecordConsumer {

  static final int MAX_FIELDS = 2_000;
  static final int MAX_LABELS = 30;
  static final int MAX_METRICS = 100;
  static final int SAMPLE_SIZE = 10_000;
  static final int TOP_DIVERGENCES = 25;
  static final int MAX_BODY_CHARS = 4_000;
  static final String OTHER = "(other)";

  private long requests;
  private long matches;
  private final Map<String, Long> severities = new HashMap<>();
  private long primaryErrors;
  private long shadowErrors;
  private long shadowTimeouts;
  private long statusClassMismatches;
  private final LatencyHistogram primaryLatency = new LatencyHistogram();
  private final LatencyHistogram shadowLatency = new LatencyHistogram();
  private final SignedLatencyHistogram delta = new SignedLatencyHistogram();
  private final Reservoir primaryShape = new Reservoir(SAMPLE_SIZE);
  private final Reservoir shadowShape = new Reservoir(SAMPLE_SIZE);
  private final Reservoir deltaShape = new Reservoir(SAMPLE_SIZE);
  private final Timeline timeline = new Timeline();
  private final Map<String, long[]> fields = new HashMap<>();
  private final Map<String, Map<String, Map<String, Long>>> confusions = new LinkedHashMap<>();
  private final Map<String, Reservoir> metrics = new LinkedHashMap<>();
  private final PriorityQueue<Candidate> top = new PriorityQueue<>(Candidate.WEAKEST_FIRST);
  private final Set<String> topKeys = new HashSet<>();
  private long order;
  private Instant first;
  private Instant last;

  private record Candidate(Severity severity, long order, String key, ComparisonSummary.Divergence divergence) {
    // weakest = least severe, then the latest seen: the first examples of the worst divergence are the ones kept
    static final Comparator<Candidate> WEAKEST_FIRST = Comparator.comparing(Candidate::severity)
        .thenComparing(Comparator.comparingLong(Candidate::order).reversed());
  }

  @Override
  public synchronized void accept(ObjectNode record) {
    Instant time = time(record);
    if (time != null) {
      first = first == null || time.isBefore(first) ? time : first;
      last = last == null || time.isAfter(last) ? time : last;
    }
    requests++;
    JsonNode verdict = record.path("verdict");
    boolean match = verdict.path("match").asBoolean(false);
    Severity severity = null;
    if (!match) {
      severity = verdict.hasNonNull("severity") ? Severity.parse(verdict.get("severity").asText())
          : Severity.WARNING;
      severities.merge(severity.label(), 1L, Long::sum);
    }
    // info-level divergences (a latency over budget) are reported, but the answers themselves agreed
    boolean agrees = match || severity == Severity.INFO;
    if (agrees) {
      matches++;
    }

    JsonNode primary = record.path("primary");
    JsonNode shadow = record.path("shadow");
    boolean primaryAnswered = !primary.has("error");
    boolean shadowAnswered = !shadow.has("error");
    if (!primaryAnswered) {
      primaryErrors++;
    }
    if (!shadowAnswered) {
      shadowErrors++;
      if ("timeout".equals(shadow.path("error").path("kind").asText())) {
        shadowTimeouts++;
      }
    }
    if (primaryAnswered && shadowAnswered
        && primary.path("status").asInt() / 100 != shadow.path("status").asInt() / 100) {
      statusClassMismatches++;
    }
    double primaryMs = primary.path("latency_ms").asDouble(Double.NaN);
    double shadowMs = shadow.path("latency_ms").asDouble(Double.NaN);
    Timeline.Bucket bucket = time == null ? null : timeline.at(time);
    if (Double.isFinite(primaryMs)) {
      primaryLatency.recordNanos((long) (primaryMs * 1e6));
      primaryShape.add(primaryMs);
    }
    if (shadowAnswered && Double.isFinite(shadowMs)) {
      shadowLatency.recordNanos((long) (shadowMs * 1e6));
      shadowShape.add(shadowMs);
    }
    double deltaMs = primaryAnswered && shadowAnswered ? shadowMs - primaryMs : Double.NaN;
    if (Double.isFinite(deltaMs)) {
      delta.recordNanos((long) (deltaMs * 1e6));
      deltaShape.add(deltaMs);
    }
    if (bucket != null) {
      bucket.requests++;
      bucket.matches += agrees ? 1 : 0;
      bucket.critical += severity == Severity.CRITICAL ? 1 : 0;
      bucket.shadowErrors += shadowAnswered ? 0 : 1;
      if (Double.isFinite(primaryMs)) {
        bucket.primarySum += primaryMs;
        bucket.primaryCount++;
      }
      if (shadowAnswered && Double.isFinite(shadowMs)) {
        bucket.shadowSum += shadowMs;
        bucket.shadowCount++;
      }
      if (Double.isFinite(deltaMs)) {
        bucket.deltaSum += deltaMs;
        bucket.deltaCount++;
      }
    }

    countFields(verdict.path("differences"));
    observe(verdict.path("observations"));
    if (!match) {
      considerForTop(record, severity, verdict.path("differences"), time);
    }
  }

  private void countFields(JsonNode differences) {
    Set<String> seen = new HashSet<>();
    for (JsonNode d : differences) {
      String key = d.path("kind").asText() + "\u0000" + d.path("path").asText("");
      if (!seen.add(key)) {
        continue;
      }
      long[] count = fields.get(key);
      if (count == null) {
        if (fields.size() >= MAX_FIELDS) {
          key = d.path("kind").asText() + "\u0000" + OTHER;
          count = fields.computeIfAbsent(key, k -> new long[1]);
        } else {
          count = new long[1];
          fields.put(key, count);
        }
      }
      count[0]++;
    }
  }

  private void observe(JsonNode observations) {
    for (JsonNode o : observations) {
      String comparator = o.path("comparator").asText();
      String path = o.path("path").asText("");
      String metric = o.path("metric").asText();
      if (o.has("primary") && o.has("shadow") && metric.equals("agreement")) {
        Map<String, Map<String, Long>> matrix = confusions.get(comparator + "\u0000" + path);
        if (matrix == null && confusions.size() < MAX_METRICS) {
          matrix = new LinkedHashMap<>();
          confusions.put(comparator + "\u0000" + path, matrix);
        }
        if (matrix != null) {
          String row = capLabel(matrix.keySet(), o.get("primary").asText());
          String column = capLabel(columns(matrix), o.get("shadow").asText());
          matrix.computeIfAbsent(row, r -> new LinkedHashMap<>()).merge(column, 1L, Long::sum);
        }
        continue;
      }
      String key = comparator + "\u0000" + path + "\u0000" + metric;
      Reservoir r = metrics.get(key);
      if (r == null && metrics.size() < MAX_METRICS) {
        r = new Reservoir(SAMPLE_SIZE);
        metrics.put(key, r);
      }
      if (r != null && o.has("value")) {
        r.add(o.get("value").asDouble());
      }
    }
  }

  private static Set<String> columns(Map<String, Map<String, Long>> matrix) {
    Set<String> all = new HashSet<>();
    matrix.values().forEach(row -> all.addAll(row.keySet()));
    return all;
  }

  // a label output with thousands of values is not a classification; keep the matrix readable
  private static String capLabel(Set<String> known, String label) {
    return known.contains(label) || known.size() < MAX_LABELS ? label : OTHER;
  }

  private void considerForTop(ObjectNode record, Severity severity, JsonNode differences, Instant time) {
    String method = record.path("method").asText();
    String path = record.path("path").asText();
    String query = record.hasNonNull("query") ? record.get("query").asText() : null;
    String key = RequestKey.of(method, path, query, record.path("request").get("body"));
    if (topKeys.contains(key)) {
      return;
    }
    Candidate candidate = new Candidate(severity, order++, key, null);
    if (top.size() >= TOP_DIVERGENCES) {
      if (Candidate.WEAKEST_FIRST.compare(candidate, top.peek()) <= 0) {
        return;
      }
      topKeys.remove(top.poll().key());
    }
    List<String> reasons = new ArrayList<>();
    for (JsonNode d : differences) {
      if (reasons.size() >= 5) {
        break;
      }
      reasons.add(describe(d));
    }
    ComparisonSummary.Divergence divergence = new ComparisonSummary.Divergence(record.path("id").asText(), time,
        method, query == null ? path : path + "?" + query, severity.label(), reasons,
        bodyText(record.path("request")), bodyText(record.path("primary")), bodyText(record.path("shadow")));
    top.add(new Candidate(severity, candidate.order(), key, divergence));
    topKeys.add(key);
  }

  private static String describe(JsonNode d) {
    StringBuilder sb = new StringBuilder(d.path("kind").asText());
    if (!d.path("path").asText("").isEmpty()) {
      sb.append(' ').append(d.path("path").asText());
    }
    if (d.hasNonNull("reason")) {
      sb.append(": ").append(d.get("reason").asText());
    }
    return sb.toString();
  }

  private static String bodyText(JsonNode side) {
    String text;
    if (side.has("error")) {
      text = "(no answer: " + side.path("error").path("kind").asText() + ")";
    } else {
      JsonNode body = side.get("body");
      String status = side.has("status") ? "HTTP " + side.get("status").asInt() + "\n" : "";
      text = status + (body == null ? "" : body.isTextual() ? body.asText() : body.toPrettyString());
    }
    return text.length() <= MAX_BODY_CHARS ? text : text.substring(0, MAX_BODY_CHARS) + "\n… (cut)";
  }

  private static Instant time(JsonNode record) {
    JsonNode t = record.get("time");
    if (t == null) {
      return null;
    }
    try {
      return Instant.parse(t.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Pairs folded in so far. */
  public synchronized long requests() {
    return requests;
  }

  /** The summary of everything folded in so far. */
  public synchronized ComparisonSummary summary() {
    List<ComparisonSummary.FieldCount> fieldList = new ArrayList<>();
    for (Map.Entry<String, long[]> e : fields.entrySet()) {
      String[] parts = e.getKey().split("\u0000", 2);
      fieldList.add(new ComparisonSummary.FieldCount(parts[0], parts[1], e.getValue()[0],
          requests == 0 ? 0 : (double) e.getValue()[0] / requests));
    }
    fieldList.sort(Comparator.comparingLong(ComparisonSummary.FieldCount::count).reversed()
        .thenComparing(ComparisonSummary.FieldCount::path).thenComparing(ComparisonSummary.FieldCount::kind));
    if (fieldList.size() > 20) {
      fieldList = new ArrayList<>(fieldList.subList(0, 20));
    }

    List<ComparisonSummary.Confusion> confusionList = new ArrayList<>();
    for (Map.Entry<String, Map<String, Map<String, Long>>> e : confusions.entrySet()) {
      Set<String> labelSet = new java.util.TreeSet<>(e.getValue().keySet());
      labelSet.addAll(columns(e.getValue()));
      List<String> labels = new ArrayList<>(labelSet);
      long[][] counts = new long[labels.size()][labels.size()];
      for (Map.Entry<String, Map<String, Long>> row : e.getValue().entrySet()) {
        for (Map.Entry<String, Long> cell : row.getValue().entrySet()) {
          counts[labels.indexOf(row.getKey())][labels.indexOf(cell.getKey())] = cell.getValue();
        }
      }
      confusionList.add(new ComparisonSummary.Confusion(e.getKey().split("\u0000", 2)[1], labels, counts));
    }

    List<ComparisonSummary.MetricSummary> metricList = new ArrayList<>();
    for (Map.Entry<String, Reservoir> e : metrics.entrySet()) {
      String[] parts = e.getKey().split("\u0000", 3);
      Reservoir r = e.getValue();
      double[] sorted = r.sorted();
      metricList.add(new ComparisonSummary.MetricSummary(parts[0], parts[1], parts[2], r.count(), r.mean(), r.min(),
          Reservoir.quantile(sorted, 0.05), Reservoir.quantile(sorted, 0.5), Reservoir.quantile(sorted, 0.95),
          r.max(), r.histogram(30)));
    }

    List<Candidate> candidates = new ArrayList<>(top);
    candidates.sort(Candidate.WEAKEST_FIRST.reversed());
    List<ComparisonSummary.Divergence> divergences = new ArrayList<>();
    candidates.forEach(c -> divergences.add(c.divergence()));

    Map<String, ComparisonSummary.Histogram> shapes = new LinkedHashMap<>();
    // one range for both, so the two distributions overlay bin for bin
    double lo = Math.min(primaryShape.count() == 0 ? Double.POSITIVE_INFINITY : primaryShape.min(),
        shadowShape.count() == 0 ? Double.POSITIVE_INFINITY : shadowShape.min());
    double hi = Math.max(primaryShape.count() == 0 ? Double.NEGATIVE_INFINITY : primaryShape.max(),
        shadowShape.count() == 0 ? Double.NEGATIVE_INFINITY : shadowShape.max());
    shapes.put("primary", primaryShape.histogram(40, lo, hi));
    shapes.put("shadow", shadowShape.histogram(40, lo, hi));
    shapes.put("delta", deltaShape.histogram(40));

    return new ComparisonSummary(requests, matches, WilsonInterval.of(matches, requests), severities, primaryErrors,
        shadowErrors, shadowTimeouts, statusClassMismatches, primaryLatency.summary(), shadowLatency.summary(),
        delta.summary(), shapes, timeline.snapshot(), fieldList, confusionList, metricList, divergences,
        timeline.trend(), first, last);
  }
}
