package dev.shadowpipeline.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

final class Events {

  static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

  private Events() {}

  static AlertEvent.DriftDetected drift(int columns, int nameLength) {
    List<ColumnScore> scores = new ArrayList<>();
    for (int i = 0; i < columns; i++) {
      String prefix = "column_" + i + "_";
      String name =
          prefix.repeat(nameLength / prefix.length() + 1).substring(0, Math.max(nameLength, 3));
      scores.add(new ColumnScore(name, "wasserstein", 0.5 - i * 0.001, 0.1, true));
    }
    return new AlertEvent.DriftDetected(
        "credit",
        "2026-03-01T09-00-00Z",
        T0,
        0.3,
        0.1,
        columns,
        Math.max(columns, 10),
        scores,
        "https://example.github.io/drift/runs/2026-03-01T09-00-00Z/");
  }

  static AlertEvent.DriftDetected smallDrift() {
    return new AlertEvent.DriftDetected(
        "credit",
        "r1",
        T0,
        0.3,
        0.1,
        3,
        10,
        List.of(
            new ColumnScore("income", "ks", 1.2e-7, 0.05, true),
            new ColumnScore("age", "ks", 0.003, 0.05, true),
            new ColumnScore("city <&> @everyone", "chisquare", 0.01, 0.05, true)),
        "https://example.github.io/drift/runs/r1/");
  }

  static AlertEvent.DriftRecovered recovered() {
    return new AlertEvent.DriftRecovered("credit", "r2", T0.plusSeconds(86_400), 0.0, 0.1, null);
  }
}
