package dev.shadowpipeline.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.LoanModels;
import dev.shadowpipeline.demo.ApplicantGenerator;
import dev.shadowpipeline.demo.DemoModelServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** gate and regress never pass on evidence they do not have: no answer, no latency, no record, no entry. */
class NothingComparedTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  // nothing listens on the discard port of loopback: connections are refused
  private static final String NOBODY = "http://127.0.0.1:9";
  @RegisterExtension static final LoanModels MODELS = new LoanModels();
  @TempDir Path dir;

  @Test
  void aGateOnPairsThePrimaryNeverAnsweredFails() throws Exception {
    Path out = replay("no-primary", NOBODY, MODELS.v2Url(), 20);
    CliRun gate = CliRun.run("gate", "--records", out.toString(), "--min-agreement", "0");
    assertThat(gate.exitCode()).as(gate.out() + gate.err()).isEqualTo(1);
    assertThat(gate.out())
        .contains("0 of 20 pairs where both models answered", "no pair where both answered")
        .contains("Gate: FAIL");
    JsonNode json = MAPPER.readTree(out.resolve("gate.json").toFile());
    assertThat(json.get("passed").asBoolean()).isFalse();
    assertThat(json.get("compared").asLong()).isZero();
    for (JsonNode check : json.get("checks")) {
      if (List.of("pairs compared", "agreement", "latency delta p99")
          .contains(check.get("name").asText())) {
        assertThat(check.get("passed").asBoolean()).as("%s", check).isFalse();
      }
    }
  }

  @Test
  void aGateWhoseLatenciesCannotBeReadDoesNotPassTheLatencyCheck() throws Exception {
    for (String latency : List.of("missing", "\"n/a\"", "1e400")) {
      Path out = replay("latency-" + latency.hashCode(), MODELS.v1Url(), MODELS.v1Url(), 6);
      Path file = out.resolve("records.jsonl");
      List<String> lines = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        ObjectNode record = (ObjectNode) MAPPER.readTree(line);
        ObjectNode shadow = (ObjectNode) record.get("shadow");
        shadow.remove("latency_ms");
        String text = MAPPER.writeValueAsString(record);
        // written by hand: Jackson would not write an infinite number as 1e400
        lines.add(
            latency.equals("missing")
                ? text
                : text.replace("\"shadow\":{", "\"shadow\":{\"latency_ms\":" + latency + ","));
      }
      Files.write(file, lines);
      CliRun gate = CliRun.run("gate", "--records", out.toString(), "--min-agreement", "0");
      assertThat(gate.exitCode()).as(latency + "\n" + gate.out() + gate.err()).isEqualTo(1);
      assertThat(gate.out())
          .as(latency)
          .contains("6 of 6 pairs where both answered have an unreadable latency_ms")
          .doesNotContain("no pair where both answered");
      JsonNode check = MAPPER.readTree(out.resolve("gate.json").toFile()).get("checks").get(3);
      assertThat(check.get("name").asText()).isEqualTo("latency delta p99");
      assertThat(check.get("passed").asBoolean()).as(latency).isFalse();
    }
  }

  @Test
  void aGateOnAnEmptyRecordsFileIsBadInputAndWritesNoVerdict() throws Exception {
    Path out = replay("emptied", MODELS.v1Url(), MODELS.v1Url(), 3);
    Files.writeString(out.resolve("records.jsonl"), "");
    Files.deleteIfExists(out.resolve("gate.json"));
    CliRun gate = CliRun.run("gate", "--records", out.toString());
    assertThat(gate.exitCode()).isEqualTo(2);
    assertThat(gate.errLines()).hasSize(1);
    assertThat(gate.errLines()[0]).startsWith("error: --records: no records in ");
    assertThat(out.resolve("gate.json")).doesNotExist();
  }

  @Test
  void regressFailsAgainstACandidateThatNeverAnswers() throws Exception {
    Path suite = divergingSuite().resolve("regression_suite.json");
    int entries = MAPPER.readTree(suite.toFile()).get("entries_count").asInt();
    assertThat(entries).isPositive();
    List<String> failing = new ArrayList<>(List.of(NOBODY));
    List<HttpServer> servers = new ArrayList<>();
    try {
      for (String kind : List.of("500", "html")) {
        HttpServer server = failingServer(kind);
        servers.add(server);
        failing.add("http://127.0.0.1:" + server.getAddress().getPort());
      }
      for (String model : failing) {
        Path out = dir.resolve("regress-" + failing.indexOf(model));
        CliRun run = regress(suite, model, out);
        assertThat(run.exitCode()).as(model + "\n" + run.out() + run.err()).isEqualTo(1);
        assertThat(run.out())
            .as(model)
            .contains("Answered 0 of " + entries + " inputs")
            .contains("Regress: FAIL (the candidate answered none of the " + entries + " inputs)");
        JsonNode json = MAPPER.readTree(out.resolve("regress.json").toFile());
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("answered").asInt()).isZero();
        assertThat(json.get("outcomes"))
            .allSatisfy(o -> assertThat(o.get("status").asText()).isEqualTo("unanswered"));
      }
    } finally {
      servers.forEach(s -> s.stop(0));
    }
  }

  @Test
  void regressFailsWhenSomeInputsGotNoAnswerThoughTheOthersWereFixed() throws Exception {
    Path suite = divergingSuite().resolve("regression_suite.json");
    int entries = MAPPER.readTree(suite.toFile()).get("entries_count").asInt();
    assertThat(entries).isGreaterThan(1);
    // the primary itself answers every other request, and fails the rest
    HttpClient client = HttpClient.newHttpClient();
    AtomicInteger seen = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] request = exchange.getRequestBody().readAllBytes();
          if (seen.getAndIncrement() % 2 == 1) {
            send(exchange, 500, "application/json", "{\"error\":\"overloaded\"}");
            return;
          }
          try {
            HttpResponse<String> answer =
                client.send(
                    HttpRequest.newBuilder(
                            URI.create(MODELS.v1Url() + exchange.getRequestURI().getPath()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            send(exchange, answer.statusCode(), "application/json", answer.body());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 502, "text/plain", "interrupted");
          }
        });
    server.start();
    try {
      Path out = dir.resolve("regress-half");
      CliRun run = regress(suite, "http://127.0.0.1:" + server.getAddress().getPort(), out, "1");
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      JsonNode json = MAPPER.readTree(out.resolve("regress.json").toFile());
      int unanswered = entries / 2;
      assertThat(json.get("unanswered").asInt()).isEqualTo(unanswered);
      assertThat(json.get("answered").asInt()).isEqualTo(entries - unanswered);
      assertThat(json.get("critical_remaining").asInt()).isZero();
      assertThat(json.get("passed").asBoolean()).isFalse();
      assertThat(run.out())
          .contains("Answered " + (entries - unanswered) + " of " + entries + " inputs")
          .contains(unanswered + " of " + entries + " inputs got no answer");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void regressOnASuiteOfNoEntriesIsBadInput() throws Exception {
    Path suite = dir.resolve("empty-suite.json");
    Files.writeString(
        suite,
        "{\"format\":\"shadow-pipeline/regression-suite\",\"version\":1,\"entries_count\":0,"
            + "\"entries\":[]}");
    CliRun run = regress(suite, MODELS.v1Url(), dir.resolve("regress-empty"));
    assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines()[0]).contains("has no entries: no captured input to replay");
    assertThat(dir.resolve("regress-empty/regress.json")).doesNotExist();
  }

  @Test
  void regressFromAnEmptiedRecordsFileKeepsTheSuiteAndDoesNotPass() throws Exception {
    Path out = divergingSuite();
    Path suite = out.resolve("regression_suite.json");
    String before = Files.readString(suite);
    Files.writeString(out.resolve("records.jsonl"), "");
    CliRun run =
        CliRun.run(
            "regress", "--records", out.toString(), "--out", out.toString(), "--model", NOBODY);
    assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines()[0])
        .startsWith("error: --records: no records in ")
        .endsWith("kept " + suite + " as it was");
    assertThat(Files.readString(suite)).isEqualTo(before);
    assertThat(out.resolve("regress.json")).doesNotExist();
  }

  /** A replay of v1 against v2 whose suite holds the critical flips v2 makes. */
  private Path divergingSuite() throws Exception {
    Path out = dir.resolve("diverging");
    if (Files.exists(out.resolve("regression_suite.json"))) {
      return out;
    }
    return replay("diverging", MODELS.v1Url(), MODELS.v2Url(), 120);
  }

  private static CliRun regress(Path suite, String model, Path out, String... concurrency) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "regress",
                "--suite",
                suite.toString(),
                "--model",
                model,
                "--out",
                out.toString(),
                "--timeout",
                "5s",
                "--label",
                "/decision",
                "--critical-flip",
                "reject:approve",
                "--ignore",
                "/model,/score"));
    if (concurrency.length > 0) {
      args.addAll(List.of("--concurrency", concurrency[0]));
    }
    return CliRun.run(args.toArray(String[]::new));
  }

  private Path replay(String name, String primary, String shadow, int rows) throws Exception {
    Path input = dir.resolve(name + ".jsonl");
    ApplicantGenerator gen = new ApplicantGenerator(11);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      lines.add(DemoModelServer.requestBody(gen.next()));
    }
    Files.write(input, lines);
    Path out = dir.resolve(name);
    CliRun run =
        CliRun.run(
            "replay",
            "--input",
            input.toString(),
            "--primary",
            primary,
            "--shadow",
            shadow,
            "--out",
            out.toString(),
            "--label",
            "/decision",
            "--critical-flip",
            "reject:approve",
            "--ignore",
            "/model,/score");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return out;
  }

  private static HttpServer failingServer(String kind) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          if (kind.equals("500")) {
            send(exchange, 500, "application/json", "{\"error\":\"boom\"}");
          } else {
            send(exchange, 200, "text/html", "<html><body>Sign in</body></html>");
          }
        });
    server.start();
    return server;
  }

  private static void send(
      com.sun.net.httpserver.HttpExchange exchange, int status, String type, String body)
      throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(bytes);
    }
  }
}
