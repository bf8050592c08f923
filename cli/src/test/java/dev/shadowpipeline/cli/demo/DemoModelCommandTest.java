package dev.shadowpipeline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code shadow demo-model}: where it listens is checked before anything starts, and the URL it prints works. */
class DemoModelCommandTest {

  @Test
  void aPortOutsideTheRangeIsBadUsageNamingTheFlagAndTheRange() {
    for (String port : new String[] {"70000", "65536", "-1"}) {
      CliRun run = CliRun.run("demo-model", "--host", "127.0.0.1", "--port", port);
      assertUsageError(run, "--port", "0-65535", port);
    }
  }

  @Test
  void aHostThatDoesNotResolveIsBadUsageNamingTheHost() {
    CliRun run = CliRun.run("demo-model", "--host", "nowhere.invalid", "--port", "0");
    assertUsageError(run, "--host", "nowhere.invalid");
    assertThat(run.err()).doesNotContain("--port");
  }

  @Test
  void anIpv6AddressIsPrintedInBracketsAndTheUrlAnswers() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process model =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.shadowpipeline.cli.ShadowCli",
                    "demo-model",
                    "--host",
                    "::1",
                    "--port",
                    "0",
                    "--latency",
                    "1ms"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      String line;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(model.getInputStream(), StandardCharsets.UTF_8))) {
        line = out.readLine();
      }
      assertThat(line).isNotNull();
      Matcher url =
          Pattern.compile(
                  "demo model loan-v1 on (http://\\[::1]:\\d+/predict) \\(Ctrl-C to stop\\)")
              .matcher(line);
      assertThat(url.matches()).as(line).isTrue();
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url.group(1)))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"age\":35,\"income\":52000,\"debt_ratio\":0.3,\"credit_score\":690,"
                                  + "\"loan_amount\":15000,\"employment_years\":4}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).contains("\"model\":\"loan-v1\"");
    } finally {
      model.destroy();
      model.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static void assertUsageError(CliRun run, String... fragments) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines()).as("exactly one line on stderr").hasSize(1);
    assertThat(run.errLines()[0])
        .startsWith("error: ")
        .contains(fragments)
        .doesNotContain("Exception");
  }
}
