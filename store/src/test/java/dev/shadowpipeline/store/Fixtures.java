package dev.shadowpipeline.store;

import java.time.Instant;
import java.util.List;

/** Test values with millisecond times, as the store keeps them. */
final class Fixtures {

  static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

  private Fixtures() {}

  static DriftRun run(String id, Instant startedAt, double share, boolean drift) {
    return DriftRun.succeeded(
        id,
        startedAt,
        startedAt.plusMillis(1234),
        "data/reference.csv",
        "data/current-" + id + ".csv",
        drift,
        share,
        0.1,
        10,
        (int) Math.round(share * 10),
        "runs/" + id + "/index.html");
  }

  static ColumnResult column(String name, double score, boolean drifted) {
    return new ColumnResult(
        name, "numeric", "ks", ScoreKind.P_VALUE, 0.25, score, 0.05, drifted, 0.0, 0.125, 0, null);
  }

  static List<ColumnResult> columns(double ageScore) {
    return List.of(
        column("age", ageScore, ageScore < 0.05),
        new ColumnResult(
            "city",
            "categorical",
            "chisquare",
            ScoreKind.P_VALUE,
            3.5,
            0.5,
            0.05,
            false,
            0.01,
            0.02,
            3,
            null),
        new ColumnResult(
            "notes",
            "text",
            "",
            ScoreKind.DISTANCE,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            false,
            Double.NaN,
            1.0,
            0,
            "column is empty in the current data"));
  }

  static ComparisonWindow window(String instance, Instant start, long requests, long matches) {
    return new ComparisonWindow(
        instance,
        start,
        start.plusSeconds(60),
        requests,
        requests,
        matches,
        Math.min(1, requests),
        2,
        3,
        new LatencyPercentiles(10.5, 20.25, 40.0),
        new LatencyPercentiles(12.0, 30.0, Double.NaN),
        new LatencyPercentiles(1.5, -2.0, 9.75));
  }
}
