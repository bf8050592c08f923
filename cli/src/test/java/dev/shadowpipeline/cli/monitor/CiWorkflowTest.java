package dev.shadowpipeline.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CI check of {@code .github/workflows/ci.yml} (GitHub does not run here): valid YAML, triggered on push and pull
 * request, a JDK 17 and 21 matrix, and the one step that matters runs exactly {@code .ci/run}, which in turn runs the
 * README's test command.
 */
class CiWorkflowTest {

  private static final Path ROOT = Path.of("..");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void runsCiRunOnPushAndPullRequestOnJdk17And21() throws Exception {
    JsonNode workflow = YAML.readTree(ROOT.resolve(".github/workflows/ci.yml").toFile());
    // YAML 1.1 reads a bare `on:` key as the boolean true
    JsonNode on = workflow.has("on") ? workflow.get("on") : workflow.get("true");
    assertThat(on.has("push")).isTrue();
    assertThat(on.has("pull_request")).isTrue();
    JsonNode job = workflow.at("/jobs/verify");
    List<String> versions = new ArrayList<>();
    job.at("/strategy/matrix/java").forEach(v -> versions.add(v.asText()));
    assertThat(versions).containsExactly("17", "21");
    List<String> runs = new ArrayList<>();
    job.get("steps")
        .forEach(
            step -> {
              if (step.has("run")) {
                runs.add(step.get("run").asText().strip());
              }
            });
    assertThat(runs).containsExactly(".ci/run");
    assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains("./mvnw -B verify");
    assertThat(Files.readString(ROOT.resolve("README.md"))).contains("./mvnw -B verify");
  }
}
