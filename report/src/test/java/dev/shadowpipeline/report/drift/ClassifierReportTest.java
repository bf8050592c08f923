package dev.shadowpipeline.report.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.data.RowSample;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** The report's text-drift words and its multivariate section, in the JSON and on the page. */
class ClassifierReportTest {

  private static final String[] WORDS = {
    "login",
    "password",
    "invoice",
    "order",
    "delivery",
    "refund",
    "screen",
    "battery",
    "update",
    "network",
    "printer",
    "camera",
    "profile",
    "backup",
    "cable",
    "router"
  };

  /** A text column whose current rows add "chargeback", and x/y columns whose correlation flips sign. */
  private static Dataset side(String name, boolean current, SplittableRandom random) {
    int n = 300;
    List<String> docs = new ArrayList<>();
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < 6; k++) {
        b.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
      }
      if (current && i % 2 == 0) {
        b.append("chargeback");
      }
      docs.add(b.toString().strip());
      x[i] = random.nextGaussian();
      y[i] = (current ? -0.9 : 0.9) * x[i] + Math.sqrt(1 - 0.81) * random.nextGaussian();
    }
    Map<String, long[]> counts = new TreeMap<>();
    docs.forEach(d -> counts.computeIfAbsent(d, k -> new long[1])[0]++);
    long[] c = counts.values().stream().mapToLong(v -> v[0]).toArray();
    Map<String, RawColumn> columns = new LinkedHashMap<>();
    columns.put("ticket", new LabelColumn("ticket", new ArrayList<>(counts.keySet()), c, 0));
    columns.put("x", new dev.shadowpipeline.drift.data.NumericColumn("x", x, 0, false));
    columns.put("y", new dev.shadowpipeline.drift.data.NumericColumn("y", y, 0, false));
    RowSample sample =
        new RowSample(
            n,
            List.of(
                new RowSample.Labels("ticket", docs.toArray(new String[0])),
                new RowSample.Numbers("x", x),
                new RowSample.Numbers("y", y)));
    return new Dataset(name, columns, n, 0, List.of(), List.of(), sample);
  }

  private static DriftResult run() {
    return DriftEngine.standard(DriftOptions.DEFAULTS.withMultivariate(true))
        .compare(
            side("ref", false, new SplittableRandom(1)),
            side("cur", true, new SplittableRandom(2)));
  }

  @Test
  void theJsonCarriesTheClassifierAndTheMultivariateCheck() throws Exception {
    DriftResult result = run();
    JsonNode report = new ObjectMapper().readTree(DriftJson.report(result));
    JsonNode ticket = report.get("columns").get(0);
    assertThat(ticket.get("test").asText()).isEqualTo("perc_text_content_drift");
    assertThat(ticket.get("kind").asText()).isEqualTo("roc_auc");
    assertThat(ticket.get("roc_auc").asDouble()).isGreaterThan(0.6);
    JsonNode classifier = ticket.get("classifier");
    assertThat(classifier.get("threshold")).isNull();
    assertThat(ticket.get("threshold").asDouble())
        .isEqualTo(classifier.get("random_auc_percentile").asDouble());
    assertThat(classifier.get("quantile").asDouble()).isEqualTo(0.95);
    assertThat(classifier.get("permutations").asInt()).isEqualTo(1000);
    assertThat(classifier.get("current_features").get(0).get("name").asText())
        .isEqualTo("chargeback");
    assertThat(classifier.get("current_features").get(0).get("weight").asDouble()).isPositive();
    JsonNode mv = report.get("multivariate");
    assertThat(mv.get("status").asText()).isEqualTo("ok");
    assertThat(mv.get("drift").asBoolean()).isTrue();
    assertThat(mv.get("importance").asText()).startsWith("permutation");
    assertThat(mv.get("columns").size()).isEqualTo(3);
    JsonNode status = new ObjectMapper().readTree(DriftJson.status(result));
    assertThat(status.get("multivariate_drift").asBoolean()).isTrue();
  }

  @Test
  void thePageListsTheWordsAndTheMultivariateSection() {
    Document page = Jsoup.parse(DriftReport.render(run()));
    assertThat(page.select(".words").text()).contains("Most current: chargeback");
    assertThat(page.select("#multivariate-status").attr("data-drift")).isEqualTo("true");
    assertThat(page.select("#multivariate-status").text()).startsWith("Joint drift detected");
    assertThat(page.select("#multivariate-columns tbody tr")).hasSize(3);
  }

  @Test
  void withoutTheCheckThereIsNoSectionAndNoKey() throws Exception {
    DriftResult result =
        DriftEngine.standard(DriftOptions.DEFAULTS)
            .compare(
                side("ref", false, new SplittableRandom(1)),
                side("cur", false, new SplittableRandom(2)));
    assertThat(new ObjectMapper().readTree(DriftJson.report(result)).has("multivariate")).isFalse();
    assertThat(new ObjectMapper().readTree(DriftJson.status(result)).has("multivariate_drift"))
        .isFalse();
    assertThat(Jsoup.parse(DriftReport.render(result)).select("#multivariate")).isEmpty();
  }
}
