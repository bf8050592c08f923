package dev.shadowpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's closing "Try next" line names examples/shadow.yaml so that the command works where it was run. */
class ExampleConfigPathTest {

  @TempDir Path project;
  @TempDir Path elsewhere;

  @Test
  void relativeInTheProjectFolder() throws Exception {
    writeExample();
    assertThat(ShadowDemo.exampleConfig(project.toString(), project))
        .isEqualTo(Path.of("examples", "shadow.yaml").toString());
  }

  @Test
  void absoluteWhenRunElsewhere() throws Exception {
    writeExample();
    assertThat(ShadowDemo.exampleConfig(project.toString(), elsewhere))
        .isEqualTo(project.resolve("examples").resolve("shadow.yaml").toString());
  }

  @Test
  void relativeWithoutALauncherOrWhenTheFileIsMissing() {
    assertThat(ShadowDemo.exampleConfig(null, elsewhere))
        .isEqualTo(Path.of("examples", "shadow.yaml").toString());
    assertThat(ShadowDemo.exampleConfig(project.toString(), elsewhere))
        .isEqualTo(Path.of("examples", "shadow.yaml").toString());
  }

  private void writeExample() throws Exception {
    Files.createDirectories(project.resolve("examples"));
    Files.writeString(project.resolve("examples").resolve("shadow.yaml"), "proxy: {}\n");
  }
}
