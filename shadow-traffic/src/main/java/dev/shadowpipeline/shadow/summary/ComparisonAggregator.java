package dev.shadowpipeline.shadow.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.llm.SseText;
import dev.shadowpipeline.shadow.metrics.LatencyHistogram;
import dev.shadowpipeline.shadow.metrics.SignedLatencyHistogram;
import dev.shadowpipeline.shadow.quality.NoiseTest;
import dev.shadowpipeline.shadow.quality.WilsonInterval;
import dev.shadowpipeline.shadow.record.RecordTimes;
import dev.shadowpipeline.shadow.record.RequestKey;
import dev.shadowpipeline.shadow.record.StagedRecordConsumer;
import java.time.Instant;
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
 * <p>Records with a {@code secondary} side (a second instance of the primary) feed a noise baseline
 * ({@link NoiseBaseline}): the differences the primary also has with itself are classified noise when the summary is
 * taken, and agreement and severities then count real differences only.
 *
 * <p>{@link #accept} is for one thread (the record worker or a command's loop); {@link #summary} may be called from
 * another thread at any time (the admin API) and sees a consistent state.
 */
public final class ComparisonAggregator
    implements StagedRecordConsumer<ComparisonAggregator.Facts> {

  static final int MAX_FIELDS = 2_000;
  static final int MAX_LABELS = 30;
  static final int MAX_METRICS = 100;
  static final int SAMPLE_SIZE = 10_000;
  static final int TOP_DIVERGENCES = 25;
  static final int MAX_BODY_CHARS = 4_000;
  static final String OTHER = "(other)";

  /** Distinct instance ids counted apart; records of further instances are counted under {@value #OTHER}. */
  static final int MAX_INSTANCES = 1_000;

  private long requests;
  private long matches;
  private final Map<String, Long> severities = new HashMap<>();
  private long primaryErrors;
  private long shadowErrors;
  private long shadowTimeouts;
  private long statusClassMismatches;
  private long compared;
  private long uncomparedMatches;
  private long unreadableLatencies;
  private final LatencyHistogram primaryLatency = new LatencyHistogram();
  private final LatencyHistogram shadowLatency = new LatencyHistogram();
  private final SignedLatencyHistogram delta = new SignedLatencyHistogram();
  private final Reservoir primaryShape = new Reservoir(SAMPLE_SIZE);
  private final Reservoir shadowShape = new Reservoir(SAMPLE_SIZE);
  private final Reservoir deltaShape = new Reservoir(SAMPLE_SIZE);
  private final Timeline timeline = new Timeline();
  private final Map<String, long[]> fields = new HashMap<>();
  private final Map<String, Matrix> confusions = new LinkedHashMap<>();
  private final Map<String, Reservoir> metrics = new LinkedHashMap<>();
  // per metric key: observations that could not be measured (no value), shown beside the count
  private final Map<String, long[]> unmeasured = new HashMap<>();
  private final PriorityQueue<Candidate> top = new PriorityQueue<>(Candidate.WEAKEST_FIRST);
  private final Set<String> topKeys = new HashSet<>();
  private long order;
  private Instant first;
  private Instant last;
  private final NoiseBaseline noise;
  private final LlmAggregate llm = new LlmAggregate();
  // keyed by instance_id; null for records written before instance ids existed
  private final Map<String, InstanceCounts> instances = new HashMap<>();

  /** An aggregator whose noise baseline (when records have one) uses {@link NoiseTest#defaults()}. */
  public ComparisonAggregator() {
    this(NoiseTest.defaults());
  }

  /** An aggregator whose noise baseline classifies differences with {@code noiseTest}. */
  public ComparisonAggregator(NoiseTest noiseTest) {
    this.noise = new NoiseBaseline(noiseTest);
  }

  private record Candidate(
      Severity severity,
      long order,
      String key,
      ComparisonSummary.Divergence divergence,
      List<String> reasonKeys) {
    // weakest = least severe, then the latest seen: the first examples of the worst divergence are
    // the ones kept
    static final Comparator<Candidate> WEAKEST_FIRST =
        Comparator.comparing(Candidate::severity)
            .thenComparing(Comparator.comparingLong(Candidate::order).reversed());
  }

  /**
   * What one record contributes, read out of its JSON.
   *
   * @param time when the pair was seen, or {@code null}
   * @param match whether there was no difference at all
   * @param severity the most severe difference, or {@code null} for a match
   * @param primaryAnswered whether the primary answered
   * @param shadowAnswered whether the shadow answered
   * @param shadowTimeout whether the shadow timed out
   * @param statusClassMismatch whether both answered with different status classes
   * @param primaryMs primary latency, NaN when unknown or unreadable
   * @param shadowMs shadow latency, NaN when unknown or unreadable
   * @param fieldKeys distinct "kind NUL path" of the differences
   * @param observations the measurements
   * @param requestKey the input's dedup key when the pair diverged, else {@code null}
   * @param record the record itself when the pair diverged (for the list of top divergences), else {@code null}
   * @param hasSecondary whether the record has a secondary side (the noise baseline)
   * @param secondaryAnswered whether the secondary answered
   * @param allAnswered whether the primary, the shadow and the secondary all answered
   * @param noiseKeys distinct "kind NUL path" of the primary ↔ secondary differences
   * @param signature the pair's differences above info, for agreement on real differences; {@code null} when the
   *     pair agreed
   * @param primaryLlm the primary's streaming timing, tokens and cost, or {@code null} when it was no LLM answer
   * @param shadowLlm the shadow's, or {@code null}
   * @param secondaryLlm the secondary's, or {@code null}
   * @param instanceId the {@code instance_id} of the proxy or replay that wrote the record, or {@code null}
   * @param traceId the record's {@code trace_id}, or {@code null}
   */
  public record Facts(
      Instant time,
      boolean match,
      Severity severity,
      boolean primaryAnswered,
      boolean shadowAnswered,
      boolean shadowTimeout,
      boolean statusClassMismatch,
      double primaryMs,
      double shadowMs,
      List<String> fieldKeys,
      List<Obs> observations,
      String requestKey,
      ObjectNode record,
      boolean hasSecondary,
      boolean secondaryAnswered,
      boolean allAnswered,
      List<String> noiseKeys,
      NoiseBaseline.Signature signature,
      LlmAggregate.SideFacts primaryLlm,
      LlmAggregate.SideFacts shadowLlm,
      LlmAggregate.SideFacts secondaryLlm,
      String instanceId,
      String traceId) {}

  /**
   * One measurement of a record.
   *
   * @param key "comparator NUL path" for labels, "comparator NUL path NUL metric" for numbers
   * @param label whether this is a pair of labels (for a confusion matrix)
   * @param primary the primary's label
   * @param shadow the shadow's label
   * @param value the number, NaN when absent
   */
  public record Obs(String key, boolean label, String primary, String shadow, double value) {
    // the hash codes are computed for the side effect of caching them in the strings, on the
    // parallel side
    @SuppressWarnings("ReturnValueIgnored")
    public Obs {
      // hashed here, on the parallel side, so the single folding thread finds every map entry
      // without hashing
      key.hashCode();
      if (primary != null) {
        primary.hashCode();
        shadow.hashCode();
      }
    }
  }

  @Override
  public void accept(ObjectNode record) {
    acceptPrepared(prepare(record));
  }

  // hashCode() is called for its side effect: the string caches its hash here, off the single
  // folding thread
  @SuppressWarnings("ReturnValueIgnored")
  @Override
  public Facts prepare(ObjectNode record) {
    Instant time = RecordTimes.of(record);
    JsonNode verdict = record.path("verdict");
    boolean match = verdict.path("match").asBoolean(false);
    Severity severity = null;
    if (!match) {
      severity =
          verdict.hasNonNull("severity")
              ? Severity.parse(verdict.get("severity").asText())
              : Severity.WARNING;
    }
    JsonNode primary = record.path("primary");
    JsonNode shadow = record.path("shadow");
    boolean primaryAnswered = !primary.has("error");
    boolean shadowAnswered = !shadow.has("error");
    boolean timeout =
        !shadowAnswered && "timeout".equals(shadow.path("error").path("kind").asText());
    boolean classMismatch =
        primaryAnswered
            && shadowAnswered
            && primary.path("status").asInt() / 100 != shadow.path("status").asInt() / 100;
    List<String> fieldKeys = new ArrayList<>(2);
    for (JsonNode d : verdict.path("differences")) {
      String key = d.path("kind").asText() + "\u0000" + d.path("path").asText("");
      if (!fieldKeys.contains(key)) {
        key.hashCode(); // cached in the string, off the folding thread
        fieldKeys.add(key);
      }
    }
    List<Obs> observations = new ArrayList<>(4);
    for (JsonNode o : verdict.path("observations")) {
      String comparator = o.path("comparator").asText();
      String path = o.path("path").asText("");
      String metric = o.path("metric").asText();
      if (o.has("primary") && o.has("shadow") && metric.equals("agreement")) {
        observations.add(
            new Obs(
                comparator + "\u0000" + path,
                true,
                o.get("primary").asText(),
                o.get("shadow").asText(),
                Double.NaN));
      } else {
        observations.add(
            new Obs(
                comparator + "\u0000" + path + "\u0000" + metric,
                false,
                null,
                null,
                o.has("value") ? o.get("value").asDouble() : Double.NaN));
      }
    }
    String requestKey = null;
    if (!match) {
      requestKey = RequestKey.of(record);
    }
    JsonNode secondary = record.get("secondary");
    boolean hasSecondary = secondary != null && secondary.isObject();
    boolean secondaryAnswered = hasSecondary && !secondary.has("error");
    List<String> noiseKeys = new ArrayList<>(2);
    for (JsonNode d : record.path("noise").path("differences")) {
      String key = d.path("kind").asText() + "\u0000" + d.path("path").asText("");
      if (!noiseKeys.contains(key)) {
        key.hashCode(); // cached in the string, off the folding thread
        noiseKeys.add(key);
      }
    }
    NoiseBaseline.Signature signature =
        match || severity == Severity.INFO ? null : signature(verdict, severity);
    return new Facts(
        time,
        match,
        severity,
        primaryAnswered,
        shadowAnswered,
        timeout,
        classMismatch,
        latencyMs(primary),
        latencyMs(shadow),
        fieldKeys,
        observations,
        requestKey,
        match ? null : record,
        hasSecondary,
        secondaryAnswered,
        primaryAnswered && shadowAnswered && secondaryAnswered,
        noiseKeys,
        signature,
        LlmAggregate.SideFacts.read(primary),
        LlmAggregate.SideFacts.read(shadow),
        hasSecondary ? LlmAggregate.SideFacts.read(secondary) : null,
        textOrNull(record, "instance_id"),
        textOrNull(record, "trace_id"));
  }

  // only a number that can be a latency: asDouble would read "12" and true as numbers, and 1e400
  // parses to infinity; all of them are unreadable, and the summary counts them as such
  private static double latencyMs(JsonNode side) {
    JsonNode v = side.get("latency_ms");
    if (v == null || !v.isNumber()) {
      return Double.NaN;
    }
    double ms = v.asDouble();
    return Double.isFinite(ms) && ms >= 0 ? ms : Double.NaN;
  }

  // a field of another type (a newer or foreign writer) reads as absent, never as an error
  private static String textOrNull(ObjectNode record, String field) {
    JsonNode v = record.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  private static NoiseBaseline.Signature signature(JsonNode verdict, Severity severity) {
    java.util.TreeSet<NoiseBaseline.Keyed> above =
        new java.util.TreeSet<>(NoiseBaseline.Keyed.ORDER);
    boolean info = false;
    int listed = 0;
    for (JsonNode d : verdict.path("differences")) {
      listed++;
      Severity s =
          d.hasNonNull("severity") ? Severity.parse(d.get("severity").asText()) : Severity.WARNING;
      if (s == Severity.INFO) {
        info = true;
      } else {
        above.add(
            new NoiseBaseline.Keyed(
                d.path("kind").asText() + "\u0000" + d.path("path").asText(""), s));
      }
    }
    boolean unlisted = verdict.path("difference_count").asInt(listed) > listed || listed == 0;
    return new NoiseBaseline.Signature(new ArrayList<>(above), info, unlisted ? severity : null);
  }

  @Override
  public synchronized void acceptPrepared(Facts f) {
    Instant time = f.time();
    if (time != null) {
      first = first == null || time.isBefore(first) ? time : first;
      last = last == null || time.isAfter(last) ? time : last;
    }
    requests++;
    Severity severity = f.severity();
    if (!f.match()) {
      severities.merge(severity.label(), 1L, Long::sum);
    }
    // info-level divergences (a latency over budget) are reported, but the answers themselves
    // agreed
    boolean agrees = f.match() || severity == Severity.INFO;
    if (agrees) {
      matches++;
    }
    boolean bothAnswered = f.primaryAnswered() && f.shadowAnswered();
    if (bothAnswered) {
      compared++;
    } else if (agrees) {
      uncomparedMatches++;
    }
    if (!f.primaryAnswered()) {
      primaryErrors++;
    }
    if (!f.shadowAnswered()) {
      shadowErrors++;
      if (f.shadowTimeout()) {
        shadowTimeouts++;
      }
    }
    if (f.statusClassMismatch()) {
      statusClassMismatches++;
    }
    double primaryMs = f.primaryMs();
    double shadowMs = f.shadowMs();
    boolean shadowAnswered = f.shadowAnswered();
    Timeline.Bucket bucket = time == null ? null : timeline.at(time);
    if (Double.isFinite(primaryMs)) {
      primaryLatency.recordNanos((long) (primaryMs * 1e6));
      primaryShape.add(primaryMs);
    }
    if (shadowAnswered && Double.isFinite(shadowMs)) {
      shadowLatency.recordNanos((long) (shadowMs * 1e6));
      shadowShape.add(shadowMs);
    }
    double deltaMs = bothAnswered ? shadowMs - primaryMs : Double.NaN;
    if (Double.isFinite(deltaMs)) {
      delta.recordNanos((long) (deltaMs * 1e6));
      deltaShape.add(deltaMs);
    } else if (bothAnswered) {
      unreadableLatencies++;
    }
    if (bucket != null) {
      bucket.requests++;
      bucket.matches += agrees ? 1 : 0;
      bucket.leftOut += agrees && !bothAnswered ? 1 : 0;
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
    countFields(f.fieldKeys());
    noise.add(
        f.hasSecondary(),
        f.secondaryAnswered(),
        f.allAnswered(),
        f.noiseKeys(),
        f.fieldKeys(),
        f.signature(),
        severity);
    observe(f.observations());
    llm.add(f.primaryLlm(), f.shadowLlm(), f.secondaryLlm());
    instance(f.instanceId()).add(f, agrees);
    if (!f.match()) {
      considerForTop(f);
    }
  }

  private InstanceCounts instance(String id) {
    InstanceCounts counts = instances.get(id);
    if (counts == null) {
      String key = instances.size() >= MAX_INSTANCES ? OTHER : id;
      counts = instances.computeIfAbsent(key, k -> new InstanceCounts());
    }
    return counts;
  }

  /** One instance's counts: a few numbers, so a fleet of a thousand replicas costs little. */
  private static final class InstanceCounts {
    long pairs;
    long matches;
    long uncomparedMatches;
    final Map<String, Long> severities = new HashMap<>(4);
    long primaryErrors;
    long shadowErrors;
    long shadowTimeouts;
    Instant first;
    Instant last;

    void add(Facts f, boolean agrees) {
      pairs++;
      matches += agrees ? 1 : 0;
      uncomparedMatches += agrees && !(f.primaryAnswered() && f.shadowAnswered()) ? 1 : 0;
      if (!f.match()) {
        severities.merge(f.severity().label(), 1L, Long::sum);
      }
      primaryErrors += f.primaryAnswered() ? 0 : 1;
      if (!f.shadowAnswered()) {
        shadowErrors++;
        shadowTimeouts += f.shadowTimeout() ? 1 : 0;
      }
      Instant t = f.time();
      if (t != null) {
        first = first == null || t.isBefore(first) ? t : first;
        last = last == null || t.isAfter(last) ? t : last;
      }
    }

    ComparisonSummary.Instance summary(String id) {
      return new ComparisonSummary.Instance(
          id,
          pairs,
          matches,
          WilsonInterval.of(matches - uncomparedMatches, pairs - uncomparedMatches),
          uncomparedMatches,
          severities,
          primaryErrors,
          shadowErrors,
          shadowTimeouts,
          null,
          first,
          last);
    }
  }

  private void countFields(List<String> keys) {
    for (String key : keys) {
      long[] count = fields.get(key);
      if (count == null) {
        if (fields.size() >= MAX_FIELDS) {
          count =
              fields.computeIfAbsent(
                  key.substring(0, key.indexOf('\u0000') + 1) + OTHER, k -> new long[1]);
        } else {
          count = new long[1];
          fields.put(key, count);
        }
      }
      count[0]++;
    }
  }

  private void observe(List<Obs> observations) {
    for (Obs o : observations) {
      if (o.label()) {
        Matrix matrix = confusions.get(o.key());
        if (matrix == null && confusions.size() < MAX_METRICS) {
          matrix = new Matrix();
          confusions.put(o.key(), matrix);
        }
        if (matrix != null) {
          matrix.add(o.primary(), o.shadow());
        }
        continue;
      }
      Reservoir r = metrics.get(o.key());
      if (r == null && metrics.size() < MAX_METRICS) {
        r = new Reservoir(SAMPLE_SIZE);
        metrics.put(o.key(), r);
      }
      if (r != null && !Double.isNaN(o.value())) {
        r.add(o.value());
      } else if (r != null) {
        unmeasured.computeIfAbsent(o.key(), k -> new long[1])[0]++;
      }
    }
  }

  /** Counts of label pairs, rows and columns capped at {@link #MAX_LABELS} labels each. */
  private static final class Matrix {
    final Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
    final Set<String> columns = new HashSet<>();

    void add(String primary, String shadow) {
      String row = capLabel(rows.keySet(), primary);
      String column = capLabel(columns, shadow);
      columns.add(column);
      rows.computeIfAbsent(row, r -> new LinkedHashMap<>()).merge(column, 1L, Long::sum);
    }
  }

  // a label output with thousands of values is not a classification; keep the matrix readable
  private static String capLabel(Set<String> known, String label) {
    return known.contains(label) || known.size() < MAX_LABELS ? label : OTHER;
  }

  private void considerForTop(Facts f) {
    String key = f.requestKey();
    if (topKeys.contains(key)) {
      return;
    }
    Candidate candidate = new Candidate(f.severity(), order++, key, null, null);
    if (top.size() >= TOP_DIVERGENCES) {
      if (Candidate.WEAKEST_FIRST.compare(candidate, top.peek()) <= 0) {
        return;
      }
      topKeys.remove(top.poll().key());
    }
    // built only for the few that make the list: pretty-printing every diverging body would
    // dominate the run
    ObjectNode record = f.record();
    List<String> reasons = new ArrayList<>();
    List<String> reasonKeys = new ArrayList<>();
    for (JsonNode d : record.path("verdict").path("differences")) {
      if (reasons.size() >= 5) {
        break;
      }
      reasons.add(describe(d));
      reasonKeys.add(d.path("kind").asText() + "\u0000" + d.path("path").asText(""));
    }
    String path = record.path("path").asText();
    String query = record.hasNonNull("query") ? record.get("query").asText() : null;
    ComparisonSummary.Divergence divergence =
        new ComparisonSummary.Divergence(
            record.path("id").asText(),
            f.time(),
            record.path("method").asText(),
            query == null ? path : path + "?" + query,
            f.severity().label(),
            reasons,
            bodyText(record.path("request")),
            bodyText(record.path("primary")),
            bodyText(record.path("shadow")),
            f.traceId());
    top.add(new Candidate(f.severity(), candidate.order(), key, divergence, reasonKeys));
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
      // a stream reads as the text it carried: its raw events are in the records file
      String streamed =
          side.has("stream") && body != null && body.isTextual()
              ? SseText.join(body.asText())
              : null;
      if (streamed != null) {
        text =
            status.strip()
                + " · streamed, "
                + side.path("stream").path("content_chunks").asLong()
                + " content chunks\n"
                + streamed;
      } else {
        text =
            status + (body == null ? "" : body.isTextual() ? body.asText() : body.toPrettyString());
      }
    }
    return text.length() <= MAX_BODY_CHARS ? text : text.substring(0, MAX_BODY_CHARS) + "\n… (cut)";
  }

  /**
   * The difference keys ("kind NUL path") the noise baseline classifies noise now: what the regression suite leaves
   * out. Empty without a baseline. Cheaper than a {@link #summary()}.
   */
  public synchronized Set<String> noiseKeys() {
    return Set.copyOf(noise.noiseKeys());
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
      fieldList.add(
          new ComparisonSummary.FieldCount(
              parts[0],
              parts[1],
              e.getValue()[0],
              requests == 0 ? 0 : (double) e.getValue()[0] / requests));
    }
    fieldList.sort(
        Comparator.comparingLong(ComparisonSummary.FieldCount::count)
            .reversed()
            .thenComparing(ComparisonSummary.FieldCount::path)
            .thenComparing(ComparisonSummary.FieldCount::kind));
    if (fieldList.size() > 20) {
      fieldList = new ArrayList<>(fieldList.subList(0, 20));
    }

    List<ComparisonSummary.Confusion> confusionList = new ArrayList<>();
    for (Map.Entry<String, Matrix> e : confusions.entrySet()) {
      Set<String> labelSet = new java.util.TreeSet<>(e.getValue().rows.keySet());
      labelSet.addAll(e.getValue().columns);
      List<String> labels = new ArrayList<>(labelSet);
      long[][] counts = new long[labels.size()][labels.size()];
      for (Map.Entry<String, Map<String, Long>> row : e.getValue().rows.entrySet()) {
        for (Map.Entry<String, Long> cell : row.getValue().entrySet()) {
          counts[labels.indexOf(row.getKey())][labels.indexOf(cell.getKey())] = cell.getValue();
        }
      }
      confusionList.add(
          new ComparisonSummary.Confusion(e.getKey().split("\u0000", 2)[1], labels, counts));
    }

    List<ComparisonSummary.MetricSummary> metricList = new ArrayList<>();
    for (Map.Entry<String, Reservoir> e : metrics.entrySet()) {
      String[] parts = e.getKey().split("\u0000", 3);
      Reservoir r = e.getValue();
      double[] sorted = r.sorted();
      metricList.add(
          new ComparisonSummary.MetricSummary(
              parts[0],
              parts[1],
              parts[2],
              r.count(),
              r.mean(),
              r.min(),
              Reservoir.quantile(sorted, 0.05),
              Reservoir.quantile(sorted, 0.5),
              Reservoir.quantile(sorted, 0.95),
              r.max(),
              r.histogram(30),
              unmeasured.getOrDefault(e.getKey(), new long[1])[0]));
    }

    // with a noise baseline, agreement and severities count real differences; the raw figures stay
    // in the baseline
    long decidingMatches = matches;
    Map<String, Long> decidingSeverities = severities;
    ComparisonSummary.Noise noiseSummary = null;
    if (noise.seen()) {
      NoiseBaseline.Evaluation evaluation =
          noise.evaluate(requests, matches, severities, uncomparedMatches);
      decidingMatches = evaluation.matches();
      decidingSeverities = evaluation.severities();
      noiseSummary = evaluation.noise();
    }

    List<Candidate> candidates = new ArrayList<>(top);
    candidates.sort(Candidate.WEAKEST_FIRST.reversed());
    List<ComparisonSummary.Divergence> divergences = new ArrayList<>();
    for (Candidate c : candidates) {
      ComparisonSummary.Divergence d = c.divergence();
      if (noiseSummary != null) {
        List<Boolean> noisy = new ArrayList<>();
        for (String k : c.reasonKeys()) {
          noisy.add(noiseSummary.noiseKeys().contains(k));
        }
        d =
            new ComparisonSummary.Divergence(
                d.id(),
                d.time(),
                d.method(),
                d.uri(),
                d.severity(),
                d.reasons(),
                d.request(),
                d.primary(),
                d.shadow(),
                noisy,
                d.traceId());
      }
      divergences.add(d);
    }

    Map<String, ComparisonSummary.Histogram> shapes = new LinkedHashMap<>();
    // one range for both, so the two distributions overlay bin for bin
    double lo =
        Math.min(
            primaryShape.count() == 0 ? Double.POSITIVE_INFINITY : primaryShape.min(),
            shadowShape.count() == 0 ? Double.POSITIVE_INFINITY : shadowShape.min());
    double hi =
        Math.max(
            primaryShape.count() == 0 ? Double.NEGATIVE_INFINITY : primaryShape.max(),
            shadowShape.count() == 0 ? Double.NEGATIVE_INFINITY : shadowShape.max());
    shapes.put("primary", primaryShape.histogram(40, lo, hi));
    shapes.put("shadow", shadowShape.histogram(40, lo, hi));
    shapes.put("delta", deltaShape.histogram(40));

    return new ComparisonSummary(
        requests,
        decidingMatches,
        // over the pairs that can tell, as the gate decides (pairs graded agreeing though a side
        // gave
        // no answer compared nothing); they agree raw, so they are among the deciding matches too
        WilsonInterval.of(decidingMatches - uncomparedMatches, requests - uncomparedMatches),
        decidingSeverities,
        primaryErrors,
        shadowErrors,
        shadowTimeouts,
        statusClassMismatches,
        new ComparisonSummary.Evidence(compared, uncomparedMatches, unreadableLatencies),
        primaryLatency.summary(),
        shadowLatency.summary(),
        delta.summary(),
        shapes,
        timeline.snapshot(),
        fieldList,
        confusionList,
        metricList,
        divergences,
        timeline.trend(),
        first,
        last,
        noiseSummary,
        llm.summary(),
        instanceList());
  }

  private List<ComparisonSummary.Instance> instanceList() {
    List<ComparisonSummary.Instance> list = new ArrayList<>(instances.size());
    instances.forEach((id, counts) -> list.add(counts.summary(id)));
    list.sort(ComparisonSummary.Instance.ORDER);
    return list;
  }
}
