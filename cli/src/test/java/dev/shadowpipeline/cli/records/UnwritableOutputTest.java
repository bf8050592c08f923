package dev.shadowpipeline.cli.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.FolderSnapshot;
import dev.shadowpipeline.cli.LoanModels;
import dev.shadowpipeline.cli.OutputFolder;
import dev.shadowpipeline.cli.TakenTarget;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.demo.ApplicantGenerator;
import dev.shadowpipeline.demo.DemoModelServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs that cannot be written are the user's environment, not a bug: report, gate and regress say so in one line,
 * exit 2, before doing the work, and leave what is there as it was. A run that writes several files and cannot write
 * one of them (a folder in its place) replaces none of them. Also the bounds of report's --suite-max.
 */
class UnwritableOutputTest {

  @RegisterExtension static final LoanModels MODELS = new LoanModels();
  @TempDir Path dir;
  private Path records;
  private Path notAFolder;

  @BeforeEach
  void replay() throws Exception {
    Path input = dir.resolve("inputs.jsonl");
    ApplicantGenerator gen = new ApplicantGenerator(3);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      lines.add(DemoModelServer.requestBody(gen.next()));
    }
    Files.write(input, lines);
    records = dir.resolve("out");
    CliRun replay =
        CliRun.run(
            "replay",
            "--input",
            input.toString(),
            "--primary",
            MODELS.v1Url(),
            "--shadow",
            MODELS.v2Url(),
            "--out",
            records.toString());
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    // a regular file where a folder should be: even root cannot create afile/sub
    notAFolder = dir.resolve("afile");
    Files.writeString(notAFolder, "not a folder");
  }

  @Test
  void reportAndGateIntoAnUnwritableFolderAreOneLineAndExitTwo() throws Exception {
    Path out = notAFolder.resolve("sub");
    String suite = Files.readString(records.resolve("regression_suite.json"));
    for (CliRun run :
        List.of(
            CliRun.run("report", "--records", records.toString(), "--out", out.toString()),
            CliRun.run("gate", "--records", records.toString(), "--out", out.toString()))) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.errLines()).as(run.err()).hasSize(1);
      assertThat(run.errLines()[0])
          .startsWith("error: --out: cannot write to " + out + ": ")
          .doesNotContain("bug", "Exception");
    }
    assertThat(Files.readString(notAFolder)).isEqualTo("not a folder");
    assertThat(Files.readString(records.resolve("regression_suite.json"))).isEqualTo(suite);
  }

  @Test
  void regressIntoAnUnwritableFolderSendsNothingToTheModel() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer model =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    model.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          byte[] body = "{\"decision\":\"approve\",\"score\":0.9}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    model.start();
    try {
      Path out = notAFolder.resolve("sub");
      CliRun run =
          CliRun.run(
              "regress",
              "--suite",
              records.resolve("regression_suite.json").toString(),
              "--model",
              "http://127.0.0.1:" + model.getAddress().getPort(),
              "--out",
              out.toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.errLines())
          .as(run.err())
          .singleElement()
          .asString()
          .startsWith("error: --out: cannot write to " + out + ": ");
      assertThat(requests.get()).isZero();
    } finally {
      model.stop(0);
    }
  }

  @Test
  void aWriteThatFailsLateNamesTheFile() {
    Path file = notAFolder.resolve("gate.json");
    assertThatThrownBy(() -> OutputFolder.write("--out", file, () -> Files.writeString(file, "{}")))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--out: cannot write " + file + ": ");
  }

  @Test
  void reportRefusesASuiteOfNoEntriesAsRegressDoes() throws Exception {
    Path suite = records.resolve("regression_suite.json");
    String before = Files.readString(suite);
    for (String max : List.of("0", "-1")) {
      CliRun run = CliRun.run("report", "--records", records.toString(), "--suite-max", max);
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.errLines()).containsExactly("error: --suite-max must be at least 1: " + max);
    }
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(config, "report:\n  suite-max: -5\n");
    CliRun fromFile =
        CliRun.run("report", "--records", records.toString(), "--config", config.toString());
    assertThat(fromFile.exitCode()).as(fromFile.err()).isEqualTo(2);
    assertThat(fromFile.errLines())
        .containsExactly("error: shadow.yaml: report.suite-max must be at least 1: -5");
    assertThat(Files.readString(suite)).isEqualTo(before);
  }

  @Test
  void reportWithItsPageTakenByAFolderKeepsTheSummaryAndTheSuite() throws Exception {
    for (String taken : List.of("report.html", "regression_suite.json", "summary.json")) {
      Path target = TakenTarget.byAFolder(records, taken);
      FolderSnapshot before = FolderSnapshot.of(records);
      CliRun run =
          CliRun.run("report", "--records", records.toString(), "--out", records.toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      // one line: not also the suite writer's logged failure
      assertThat(run.errLines())
          .as(run.err())
          .containsExactly("error: --out: cannot write " + target + ": it is a directory");
      assertThat(FolderSnapshot.of(records)).isEqualTo(before);
      TakenTarget.free(target);
    }
  }

  @Test
  void replayWithItsPageTakenByAFolderKeepsEveryEarlierFile() throws Exception {
    Path target = TakenTarget.byAFolder(records, "report.html");
    FolderSnapshot before = FolderSnapshot.of(records);
    CliRun run =
        CliRun.run(
            "replay",
            "--input",
            dir.resolve("inputs.jsonl").toString(),
            "--primary",
            MODELS.v1Url(),
            "--shadow",
            MODELS.v2Url(),
            "--out",
            records.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .as(run.err())
        .containsExactly("error: --out: cannot write " + target + ": it is a directory");
    assertThat(FolderSnapshot.of(records)).isEqualTo(before);
  }

  @Test
  void regressFromRecordsOfNoDivergenceKeepsTheEarlierSuite() throws Exception {
    // a model against itself: records of nothing but agreement, a suite of no entries
    Path same = dir.resolve("same");
    CliRun replay =
        CliRun.run(
            "replay",
            "--input",
            dir.resolve("inputs.jsonl").toString(),
            "--primary",
            MODELS.v1Url(),
            "--shadow",
            MODELS.v1Url(),
            "--out",
            same.toString());
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    Path suite = records.resolve("regression_suite.json");
    FolderSnapshot before = FolderSnapshot.of(records);
    CliRun run =
        CliRun.run(
            "regress",
            "--records",
            same.toString(),
            "--model",
            MODELS.v2Url(),
            "--out",
            records.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .as(run.err())
        .singleElement()
        .asString()
        .startsWith("error: --records: the suite built from ")
        .endsWith(" has no entries: no captured input to replay; kept " + suite + " as it was");
    assertThat(run.out()).doesNotContain("Built");
    assertThat(FolderSnapshot.of(records)).isEqualTo(before);
  }

  @Test
  void regressWithItsResultTakenByAFolderKeepsTheEarlierSuite() throws Exception {
    Path target = TakenTarget.byAFolder(records, "regress.json");
    FolderSnapshot before = FolderSnapshot.of(records);
    CliRun run =
        CliRun.run(
            "regress",
            "--records",
            records.toString(),
            "--model",
            MODELS.v2Url(),
            "--out",
            records.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .as(run.err())
        .containsExactly("error: --out: cannot write " + target + ": it is a directory");
    assertThat(FolderSnapshot.of(records)).isEqualTo(before);
  }
}
