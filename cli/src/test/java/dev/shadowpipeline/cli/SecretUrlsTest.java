package dev.shadowpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A credential in a URL given to a command (a query's key, a user-info) is never printed, whether the URL is used or
 * refused; a model on loopback records what was actually requested.
 */
class SecretUrlsTest {

  @TempDir Path dir;

  private HttpServer model;
  private final List<String> requested = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startModel() throws IOException {
    model = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    model.createContext(
        "/",
        exchange -> {
          requested.add(exchange.getRequestURI().toString());
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    model.start();
  }

  @AfterEach
  void stopModel() {
    model.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + model.getAddress().getPort();
  }

  private static void assertOneErrorLineWithout(CliRun run, String... secrets) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines()).singleElement().asString().startsWith("error: ");
    for (String secret : secrets) {
      assertThat(run.out() + run.err()).doesNotContain(secret);
    }
  }

  @Test
  void aJudgeUrlWithAQueryIsRefusedAtConfigTimeWithoutEchoingIt() throws IOException {
    Files.writeString(dir.resolve("records.jsonl"), "");
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(
        config,
        "compare:\n  judge:\n    url: " + base() + "?key=QSECRET2\n    model: judge-model\n");
    CliRun run = CliRun.run("judge", "--records", dir.toString(), "--config", config.toString());
    assertOneErrorLineWithout(run, "QSECRET2");
    assertThat(run.err()).contains("compare.judge.url").contains(base() + "?****");
    assertThat(requested).isEmpty();

    // the parser's own message quotes its input: only its reason is kept
    Files.writeString(
        config,
        "compare:\n  judge:\n    url: http://u:pw@127.0.0.1:1/a b?key=QSECRET2\n    model: m\n");
    CliRun unparsed =
        CliRun.run("judge", "--records", dir.toString(), "--config", config.toString());
    assertOneErrorLineWithout(unparsed, "QSECRET2", ":pw@");
  }

  @Test
  void anEmbeddingsUrlWithAQueryIsRefusedWithoutEchoingIt() throws IOException {
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(
        config, "compare:\n  embeddings:\n    url: " + base() + "/?api_key=QSECRET2\n");
    Files.writeString(
        dir.resolve("records.jsonl"),
        "{\"messages\":[{\"role\":\"user\",\"content\":\"wire fee?\"}]}\n");
    CliRun run =
        CliRun.run(
            "replay",
            "--input",
            dir.resolve("records.jsonl").toString(),
            "--primary",
            base(),
            "--shadow",
            base(),
            "--config",
            config.toString(),
            "--out",
            dir.resolve("out").toString());
    assertOneErrorLineWithout(run, "QSECRET2");
    assertThat(run.err()).contains("compare.embeddings.url").contains("query or fragment");
    assertThat(requested).isEmpty();
  }

  @Test
  void aRefusedReplayUrlIsNamedWithoutItsQueryOrPassword() throws IOException {
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, "{\"method\":\"POST\",\"path\":\"/v1/x\",\"body\":{}}\n");
    CliRun run =
        CliRun.run(
            "replay",
            "--input",
            input.toString(),
            "--primary",
            base() + "/?api_key=QSECRET3",
            "--shadow",
            base(),
            "--out",
            dir.resolve("out").toString());
    assertOneErrorLineWithout(run, "QSECRET3");
    assertThat(run.err())
        .contains("error: --primary: not a model URL: URL must not have a query or fragment: ")
        .contains(base() + "/?****");

    CliRun unparsed =
        CliRun.run(
            "replay",
            "--input",
            input.toString(),
            "--primary",
            base(),
            "--shadow",
            "http://u:pw@127.0.0.1:1/ x?api_key=QSECRET3",
            "--out",
            dir.resolve("out").toString());
    assertOneErrorLineWithout(unparsed, "QSECRET3", ":pw@");
    assertThat(requested).isEmpty();
  }

  @Test
  void aTraceUrlWithCredentialsIsRefusedAndOneWithAGrafanaQueryIsKept() throws IOException {
    Files.writeString(dir.resolve("records.jsonl"), "");
    CliRun userInfo =
        CliRun.run(
            "report",
            "--records",
            dir.toString(),
            "--trace-url",
            "http://user:pw@jaeger/{trace_id}?token=SECRETTOK");
    assertOneErrorLineWithout(userInfo, ":pw@", "SECRETTOK");
    assertThat(userInfo.err()).startsWith("error: --trace-url: ").contains("user:****@jaeger");

    Path config = dir.resolve("shadow.yaml");
    Files.writeString(
        config, "report:\n  trace-url: https://jaeger/trace/{trace_id}?api_key=SECRETTOK\n");
    CliRun token = CliRun.run("report", "--records", dir.toString(), "--config", config.toString());
    assertOneErrorLineWithout(token, "SECRETTOK");
    assertThat(token.err()).contains("report.trace-url").contains("'api_key'");
    assertThat(Files.exists(dir.resolve("report.html"))).isFalse();
  }
}
