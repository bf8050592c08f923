package dev.shadowpipeline.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.metrics.LatencyHistogram;
import dev.shadowpipeline.shadow.metrics.LatencySummary;
import dev.shadowpipeline.shadow.metrics.SignedLatencyHistogram;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the demo reads back from {@code records.jsonl} to tell the loan story: how often the decision flipped, in
 * which direction, and which fields differ most.
 *
 * @param records records read
 * @param rejectToApprove pairs where the primary rejected and the shadow approved (critical for a lender)
 * @param approveToReject pairs where the primary approved and the shadow rejected
 * @param matches pairs whose verdict was a match
 * @param fieldCounts differing JSON fields and how many pairs each differs in, most frequent first
 * @param primaryLatency the primary's latency over the recorded pairs
 * @param shadowLatency the shadow's latency over the recorded pairs
 * @param latencyDelta shadow minus primary latency over the pairs both answered
 */
record RecordsDigest(long records, long rejectToApprove, long approveToReject, long matches,
    Map<String, Long> fieldCounts, LatencySummary primaryLatency, LatencySummary shadowLatency,
    LatencySummary latencyDelta) {

  static RecordsDigest read(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    long records = 0;
    long rejectToApprove = 0;
    long approveToReject = 0;
    long matches = 0;
    LatencyHistogram primary = new LatencyHistogram();
    LatencyHistogram shadow = new LatencyHistogram();
    SignedLatencyHistogram delta = new SignedLatencyHistogram();
    Map<String, Long> fields = new TreeMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode r = mapper.readTree(line);
        records++;
        if (r.at("/verdict/match").asBoolean()) {
          matches++;
        }
        long primaryNanos = nanos(r.at("/primary/latency_ms"));
        long shadowNanos = nanos(r.at("/shadow/latency_ms"));
        primary.recordNanos(primaryNanos);
        if (r.at("/shadow/error").isMissingNode()) {
          shadow.recordNanos(shadowNanos);
          delta.recordNanos(shadowNanos - primaryNanos);
        }
        JsonNode p = r.at("/primary/body/approved");
        JsonNode s = r.at("/shadow/body/approved");
        if (p.isBoolean() && s.isBoolean() && p.booleanValue() != s.booleanValue()) {
          if (s.booleanValue()) {
            rejectToApprove++;
          } else {
            approveToReject++;
          }
        }
        for (JsonNode d : r.at("/verdict/differences")) {
          String path = d.path("path").asText();
          fields.merge(path.isEmpty() ? d.path("kind").asText() : path, 1L, Long::sum);
        }
      }
    }
    Map<String, Long> sorted = new LinkedHashMap<>();
    fields.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return new RecordsDigest(records, rejectToApprove, approveToReject, matches, sorted, primary.summary(),
        shadow.summary(), delta.summary());
  }

  private static long nanos(JsonNode millis) {
    return Math.round(millis.asDouble() * 1_000_000);
  }
}
