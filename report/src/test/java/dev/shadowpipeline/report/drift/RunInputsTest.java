package dev.shadowpipeline.report.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.simulate.Simulation;
import java.time.Instant;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** A drift report names its inputs and the run's time, in the page and in drift_report.json alike. */
class RunInputsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant RAN = Instant.parse("2026-11-28T09:00:07Z");
  private static final Instant MODIFIED = Instant.parse("2026-11-28T08:59:58.123Z");

  private static final RunInputs INPUTS =
      new RunInputs(
          new RunInputs.Source("/data/ref/train.csv", "file", MODIFIED),
          new RunInputs.Source(
              "--current-sql: SELECT * FROM read_parquet('s3://AKIA1:wJalr/xyz@lake/day.parquet')",
              "query",
              null),
          RAN);

  private static DriftResult run() {
    return DriftEngine.standard(DriftOptions.DEFAULTS)
        .compare(new Simulation(500, 42, Map.of(), Map.of()).generate());
  }

  @Test
  void thePageShowsEachInputsPathRowsAndTimeAndTheRunsTime() {
    DriftResult result = run();
    Document page = Jsoup.parse(DriftReport.render(result, null, INPUTS));

    Element table = page.getElementById("inputs");
    assertThat(table).isNotNull();
    // first on the page after the headline: a reader sees which run this is before the verdict
    assertThat(table.elementSiblingIndex())
        .isLessThan(page.getElementById("status").elementSiblingIndex());
    assertThat(table.attr("data-ran-at")).isEqualTo("2026-11-28T09:00:07Z");
    assertThat(table.selectFirst("caption").text()).contains("2026-11-28 09:00:07 UTC");
    Element ref = table.selectFirst("tr[data-side=reference]");
    assertThat(ref.selectFirst(".location").text()).isEqualTo("/data/ref/train.csv");
    assertThat(ref.selectFirst(".rows").text()).isEqualTo("500");
    assertThat(ref.selectFirst(".modified").text()).isEqualTo("2026-11-28 08:59:58 UTC");
    Element cur = table.selectFirst("tr[data-side=current]");
    assertThat(cur.selectFirst(".location").text())
        .isEqualTo("--current-sql: SELECT * FROM read_parquet('s3://AKIA1:****@lake/day.parquet')");
    assertThat(cur.selectFirst(".modified").text()).startsWith("n/a").contains("query");
    assertThat(page.html()).doesNotContain("wJalr");
  }

  @Test
  void theJsonCarriesTheSameInputsAndTime() throws Exception {
    DriftResult result = run();
    JsonNode json = JSON.readTree(DriftJson.report(result, null, INPUTS));

    assertThat(json.fieldNames().next()).isEqualTo("run_at");
    assertThat(json.path("run_at").asText()).isEqualTo("2026-11-28T09:00:07Z");
    assertThat(json.path("reference").path("location").asText()).isEqualTo("/data/ref/train.csv");
    assertThat(json.path("reference").path("kind").asText()).isEqualTo("file");
    assertThat(json.path("reference").path("modified").asText())
        .isEqualTo("2026-11-28T08:59:58.123Z");
    assertThat(json.path("reference").path("rows").asLong()).isEqualTo(500);
    assertThat(json.path("current").path("kind").asText()).isEqualTo("query");
    assertThat(json.path("current").path("modified").isNull()).isTrue();
    assertThat(json.toString()).doesNotContain("wJalr");
    // without inputs (a library caller), the file is as before
    assertThat(DriftJson.report(result, null, null)).isEqualTo(DriftJson.report(result));
  }

  @Test
  void secretsInALocationAreMasked() {
    assertThat(RunInputs.masked("https://user:pa55@host/x.csv"))
        .isEqualTo("https://user:****@host/x.csv");
    assertThat(RunInputs.masked("https://tok3n@host/x.csv")).isEqualTo("https://****@host/x.csv");
    assertThat(RunInputs.masked("SELECT 1 FROM t WHERE x = 'a' AND password = 'hunter2'"))
        .isEqualTo("SELECT 1 FROM t WHERE x = 'a' AND password = ****");
    assertThat(RunInputs.masked("postgresql://db/x?user=me&password=hunter2&ssl=true"))
        .isEqualTo("postgresql://db/x?user=me&password=****&ssl=true");
    // words that merely contain a secret's name are left alone
    assertThat(RunInputs.masked("/data/token_counts.csv")).isEqualTo("/data/token_counts.csv");
    assertThat(RunInputs.masked("/data/secret/day.csv")).isEqualTo("/data/secret/day.csv");
  }
}
