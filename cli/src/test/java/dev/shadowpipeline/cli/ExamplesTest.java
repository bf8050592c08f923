package dev.shadowpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.app.monitor.MonitorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file in {@code examples/} is read by the command it is for, with no secret set, and uses only current keys:
 * no deprecation warning.
 */
class ExamplesTest {

  private static final Path EXAMPLES = Path.of("..", "examples");
  @TempDir Path dir;

  @Test
  void everyExampleLoadsWithoutWarnings() throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(EXAMPLES)) {
      files = listed.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains("shadow.yaml", "monitor.yaml", "monitor-compose.yaml");
    for (Path file : files) {
      List<String> warnings = new ArrayList<>();
      if (ConfigFile.load(file, Map.of(), warnings::add).root().has("jobs")) {
        MonitorConfig.load(file, Map.of(), warnings::add);
      } else {
        // replay reads every part of a shadow.yaml: each command's section checked, compare: and
        // redact: built
        Files.writeString(dir.resolve("in.jsonl"), "{\"x\": 1}\n");
        CliRun run =
            CliRun.run(
                "replay",
                "--config",
                file.toString(),
                "--input",
                dir.resolve("in.jsonl").toString(),
                "--primary",
                "http://127.0.0.1:9",
                "--shadow",
                "http://127.0.0.1:9",
                "--out",
                dir.resolve("o").toString());
        assertThat(run.exitCode()).as(file + ": " + run.err()).isZero();
        run.err().lines().filter(l -> l.startsWith("warning: ")).forEach(warnings::add);
      }
      assertThat(warnings).as(file.toString()).isEmpty();
    }
  }
}
