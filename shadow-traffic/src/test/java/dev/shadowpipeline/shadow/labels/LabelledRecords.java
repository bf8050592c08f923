package dev.shadowpipeline.shadow.labels;

import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.T0;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.ok;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.compare.ErrorComparator;
import dev.shadowpipeline.shadow.compare.LabelComparator;
import dev.shadowpipeline.shadow.compare.ScoreComparator;
import dev.shadowpipeline.shadow.compare.route.RouteTable;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.fixtures.RecordFixtures;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Records of a model pair whose ground truth is known, made the way the proxy makes them (exchange, comparators,
 * record format), from the data sets of {@code quality/reference_values.py}: the same SplitMix64 generator, so the
 * Python reference values of {@code labels_reference.py} apply to them.
 */
final class LabelledRecords {

  /** The loan model's comparison: errors, the label at /decision, the score at /score. */
  static final RecordFixtures LOAN =
      new RecordFixtures(
          new RouteTable(
              List.of(),
              List.of(
                  new ErrorComparator(ErrorComparator.Spec.defaults()),
                  new LabelComparator(LabelComparator.Spec.of("/decision")),
                  new ScoreComparator(ScoreComparator.Spec.of("/score").withTolerance(0.01, 0)))),
          BodyRedactor.NONE);

  /** A regressor's comparison: the number at /prediction. */
  static final RecordFixtures PRICE =
      new RecordFixtures(
          new RouteTable(
              List.of(),
              List.of(
                  new ErrorComparator(ErrorComparator.Spec.defaults()),
                  new ScoreComparator(
                      ScoreComparator.Spec.of("/prediction").withTolerance(0.5, 0)))),
          BodyRedactor.NONE);

  /** Truth and both models' scores; a classifier's label is score ≥ 0.5. */
  record Data(boolean[] truth, double[] truthValue, double[] primary, double[] shadow) {
    int size() {
      return primary.length;
    }
  }

  private LabelledRecords() {}

  /** SplitMix64, as {@code shadow.quality.SplitMix64} (package-private there). */
  private static final class Random {
    private long state;

    Random(long seed) {
      state = seed;
    }

    double uniform() {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z = z ^ (z >>> 31);
      return (z >>> 11) * 0x1.0p-53;
    }
  }

  /** {@code classification(seed, n)} of reference_values.py. */
  static Data classification(long seed, int n) {
    Random random = new Random(seed);
    boolean[] truth = new boolean[n];
    double[] primary = new double[n];
    double[] shadow = new double[n];
    for (int i = 0; i < n; i++) {
      truth[i] = random.uniform() < 0.4;
      double y = truth[i] ? 1 : 0;
      primary[i] = Math.floor((0.35 * y + 0.65 * random.uniform()) * 20) / 20;
      shadow[i] = Math.floor((0.45 * y + 0.55 * random.uniform()) * 100) / 100;
    }
    return new Data(truth, null, primary, shadow);
  }

  /** {@code regression(seed, n)} of reference_values.py. */
  static Data regression(long seed, int n) {
    Random random = new Random(seed);
    double[] truth = new double[n];
    double[] primary = new double[n];
    double[] shadow = new double[n];
    for (int i = 0; i < n; i++) {
      truth[i] = 10 * random.uniform();
      primary[i] = truth[i] + (random.uniform() - 0.5) * 2;
      shadow[i] = truth[i] + (random.uniform() - 0.5) * 1.5 + 0.1;
    }
    return new Data(null, truth, primary, shadow);
  }

  static String decision(double score) {
    return score >= 0.5 ? "approve" : "reject";
  }

  static CapturedResponse loanAnswer(double score) {
    return ok("{\"decision\":\"" + decision(score) + "\",\"score\":" + score + "}", 5);
  }

  /** Record {@code i}: id {@code r<i>}, request {@code {"applicant_id": 1000 + i}}. */
  static ObjectNode loanRecord(Data d, int i) {
    return LOAN.record(
        request("r" + i, T0.plusSeconds(i), "/predict", "{\"applicant_id\":" + (1000 + i) + "}"),
        loanAnswer(d.primary()[i]),
        loanAnswer(d.shadow()[i]));
  }

  static List<ObjectNode> loanRecords(Data d) {
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      records.add(loanRecord(d, i));
    }
    return records;
  }

  static List<ObjectNode> priceRecords(Data d) {
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      records.add(
          PRICE.record(
              request("r" + i, T0.plusSeconds(i), "/price", "{\"house\":" + i + "}"),
              ok("{\"prediction\":" + d.primary()[i] + "}", 5),
              ok("{\"prediction\":" + d.shadow()[i] + "}", 5)));
    }
    return records;
  }

  static Path write(Path file, List<ObjectNode> records) throws IOException {
    List<String> lines = new ArrayList<>();
    for (ObjectNode r : records) {
      lines.add(RecordFixtures.MAPPER.writeValueAsString(r));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }
}
