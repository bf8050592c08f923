package dev.shadowpipeline.cli.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.app.shadowtest.ComparisonHistory;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.store.ComparisonWindow;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agreement over time — the timeline's buckets behind the report's chart and {@code comparison_drift}, and the
 * history database's per-minute windows behind the dashboard — is over the same pairs as summary.json's agreement:
 * pairs graded as agreeing though the primary gave no answer are left out of every bucket and window, and counted,
 * so that the buckets and the windows add up to summary.json's {@code agreement.matches}, {@code pairs} and
 * {@code left_out}.
 */
class AgreementOverTimeTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void bucketsAndWindowsAddUpToTheSummarysAgreement() throws Exception {
    // four minutes (recent enough for the dashboard's 90 days): two where both answered and
    // agreed, one with a primary outage, and a last one where the primary was down for most pairs
    // and the shadow started to disagree (label flips) and to time out (graded warning: a
    // disagreement, kept in)
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
    List<String> lines = new ArrayList<>();
    add(lines, 150, "a", t0, i -> Records.answered(i, "10.0", "12.0", Records.AGREED));
    add(
        lines,
        150,
        "b",
        t0.plusSeconds(60),
        i -> Records.answered(i, "10.0", "12.0", Records.AGREED));
    add(lines, 50, "p", t0.plusSeconds(60), Records::primaryFailed);
    add(
        lines,
        90,
        "c",
        t0.plusSeconds(180),
        i -> Records.answered(i, "10.0", "12.0", Records.AGREED));
    add(
        lines,
        5,
        "f",
        t0.plusSeconds(180),
        i -> Records.answered(i, "10.0", "12.0", Records.FLIPPED));
    add(lines, 10, "s", t0.plusSeconds(180), Records::shadowTimedOut);
    add(lines, 1400, "q", t0.plusSeconds(180), Records::primaryFailed);
    Path folder = dir.resolve("records");
    Files.createDirectories(folder);
    Files.write(folder.resolve("records.jsonl"), lines);

    CliRun report = CliRun.run("report", "--records", folder.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    JsonNode summary = MAPPER.readTree(folder.resolve("summary.json").toFile());
    JsonNode agreement = summary.get("agreement");
    // 150 + 150 + 90 agreeing of the 405 pairs but the 1,450 primary failures graded info
    assertThat(agreement.get("matches").asLong()).isEqualTo(390);
    assertThat(agreement.get("pairs").asLong()).isEqualTo(405);
    assertThat(agreement.get("left_out").asLong()).isEqualTo(1450);
    assertThat(summary.get("compared").asLong())
        .isEqualTo(395); // both answered: the timeouts are not

    // the timeline: per bucket, requests and matches keep counting every pair (as the top-level
    // requests and matches do); its agreement leaves the same pairs out
    long matches = 0;
    long pairs = 0;
    long leftOut = 0;
    long requests = 0;
    for (JsonNode bucket : summary.get("timeline")) {
      matches += bucket.at("/agreement/matches").asLong();
      pairs += bucket.at("/agreement/pairs").asLong();
      leftOut += bucket.at("/agreement/left_out").asLong();
      requests += bucket.get("requests").asLong();
      assertThat(bucket.at("/agreement/pairs").asLong() + bucket.at("/agreement/left_out").asLong())
          .isEqualTo(bucket.get("requests").asLong());
      assertThat(
              bucket.at("/agreement/matches").asLong() + bucket.at("/agreement/left_out").asLong())
          .isEqualTo(bucket.get("matches").asLong());
    }
    assertThat(matches).isEqualTo(agreement.get("matches").asLong());
    assertThat(pairs).isEqualTo(agreement.get("pairs").asLong());
    assertThat(leftOut).isEqualTo(agreement.get("left_out").asLong());
    assertThat(requests).isEqualTo(summary.get("requests").asLong());

    // comparison_drift reads the same agreement: 300 of 300 before, 90 of 105 in the last quarter
    // (the last minute). Counting every pair, 350 of 350 against 1,490 of 1,505 fell by 0.997
    // points, under the one point that flags; the primary outage hid the shadow's regression.
    // One-sided pooled two-proportion z-test: pooled = 390/405,
    // z = (1 - 90/105) / sqrt(pooled (1 - pooled) (1/300 + 1/105)) = 6.671243849949907, and
    // scipy 1.17.1 scipy.stats.norm.sf(6.671243849949907) = 1.2682217986136772e-11
    JsonNode drift = summary.get("comparison_drift");
    assertThat(drift.get("assessed").asBoolean()).isTrue();
    assertThat(drift.get("baseline_agreement").asDouble()).isEqualTo(1.0);
    assertThat(drift.get("recent_agreement").asDouble()).isEqualTo(90.0 / 105);
    assertThat(drift.get("agreement_p_value").asDouble())
        .isCloseTo(1.2682217986136772e-11, org.assertj.core.data.Percentage.withPercentage(1e-6));
    assertThat(drift.get("agreement_falling").asBoolean()).isTrue();

    // the report's agreement-over-time chart: the buckets' agreement over their pairs
    String html = Files.readString(folder.resolve("report.html"));
    String data = "<script type=\"application/json\" id=\"report-data\">";
    int from = html.indexOf(data) + data.length();
    JsonNode charts = MAPPER.readTree(html.substring(from, html.indexOf("</script>", from)));
    // 90 / 105 in the last minute, not 1,490 / 1,505 = 99.003
    assertThat(charts.at("/timeline/agreement"))
        .extracting(JsonNode::asDouble)
        .containsExactly(100.0, 100.0, 85.714);

    // the history database: the same records through the proxy's per-minute windows
    Path db = dir.resolve("history.db");
    Clock clock = Clock.fixed(t0.plus(Duration.ofHours(1)), ZoneOffset.UTC);
    try (ComparisonHistory history =
        ComparisonHistory.open(db.toString(), "proxy-a", Duration.ofSeconds(5), clock, Map.of())) {
      for (String line : lines) {
        history.windows().accept((ObjectNode) MAPPER.readTree(line));
      }
      history.windows().close();
    }
    long windowMatches = 0;
    long windowCompared = 0;
    long windowLeftOut = 0;
    long windowRequests = 0;
    try (Store store = Store.open(db.toString(), StoreOptions.defaults())) {
      List<ComparisonWindow> windows = store.windows(t0, t0.plus(Duration.ofHours(1)));
      assertThat(windows).hasSize(3);
      for (ComparisonWindow w : windows) {
        windowMatches += w.matches();
        windowCompared += w.compared();
        windowLeftOut += w.leftOut();
        windowRequests += w.requests();
      }
      assertThat(windows.get(2).agreement()).isEqualTo(90.0 / 105);
    }
    assertThat(windowMatches).isEqualTo(agreement.get("matches").asLong());
    assertThat(windowCompared).isEqualTo(agreement.get("pairs").asLong());
    assertThat(windowLeftOut).isEqualTo(agreement.get("left_out").asLong());
    assertThat(windowRequests).isEqualTo(summary.get("requests").asLong());

    // and the dashboard built from those windows says how many it left out
    Path site = dir.resolve("site");
    CliRun built = CliRun.run("site", "--db", db.toString(), "--out", site.toString());
    assertThat(built.exitCode()).as(built.err()).isZero();
    assertThat(Files.readString(site.resolve("index.html")))
        .contains("1450 pairs where a side gave no answer left out");
  }

  private static void add(
      List<String> lines,
      int n,
      String prefix,
      Instant time,
      java.util.function.Function<String, String> record) {
    for (int i = 0; i < n; i++) {
      lines.add(Records.at(record.apply(prefix + i), time));
    }
  }
}
