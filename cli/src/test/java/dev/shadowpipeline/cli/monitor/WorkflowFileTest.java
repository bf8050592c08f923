package dev.shadowpipeline.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.shadowpipeline.app.monitor.MonitorConfig;
import dev.shadowpipeline.cli.ShadowCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * CI check of {@code .github/workflows/drift-monitor.yml}: valid YAML, the daily 09:00 UTC trigger, the Pages
 * permissions and actions, and every {@code ./shadow COMMAND} it runs is a real subcommand with files that exist.
 */
class WorkflowFileTest {

  private static final Path ROOT = Path.of("..");
  private static final Path WORKFLOW = ROOT.resolve(".github/workflows/drift-monitor.yml");
  private static final Pattern SHADOW = Pattern.compile("\\./shadow\\s+([a-z][a-z-]*)([^\\n]*)");

  private static JsonNode workflow() throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(WORKFLOW));
  }

  private static Set<String> subcommands() {
    Set<String> names = new HashSet<>();
    for (Class<?> sub : ShadowCli.class.getAnnotation(Command.class).subcommands()) {
      names.add(sub.getAnnotation(Command.class).name());
    }
    return names;
  }

  private static List<String> runScripts(JsonNode root) {
    List<String> scripts = new ArrayList<>();
    for (JsonNode job : root.path("jobs")) {
      for (JsonNode step : job.path("steps")) {
        if (step.has("run")) {
          scripts.add(step.get("run").asText());
        }
      }
    }
    return scripts;
  }

  @Test
  void runsDailyAtNineUtcAndOnDemand() throws IOException {
    JsonNode root = workflow();
    // YAML 1.1 reads the bare key 'on' as a boolean; GitHub reads it as "on"; accept either
    // spelling here
    JsonNode on = root.has("on") ? root.get("on") : root.get("true");
    assertThat(on).as("the 'on' triggers").isNotNull();
    assertThat(on.path("schedule").get(0).path("cron").asText()).isEqualTo("0 9 * * *");
    assertThat(on.has("workflow_dispatch")).isTrue();
    assertThat(root.path("permissions").path("pages").asText()).isEqualTo("write");
    assertThat(root.path("permissions").path("id-token").asText()).isEqualTo("write");
    assertThat(root.path("permissions").path("contents").asText()).isEqualTo("write");
  }

  @Test
  void setsUpJdk17BuildsWithTheWrapperAndPublishesToPages() throws IOException {
    JsonNode root = workflow();
    List<String> uses = new ArrayList<>();
    JsonNode setupJava = null;
    for (JsonNode job : root.path("jobs")) {
      for (JsonNode step : job.path("steps")) {
        String action = step.path("uses").asText("");
        uses.add(action.replaceAll("@.*", ""));
        if (action.startsWith("actions/setup-java@")) {
          setupJava = step.path("with");
        }
      }
    }
    assertThat(uses)
        .contains(
            "actions/checkout",
            "actions/setup-java",
            "actions/upload-pages-artifact",
            "actions/deploy-pages");
    assertThat(setupJava).isNotNull();
    assertThat(setupJava.path("distribution").asText()).isEqualTo("temurin");
    assertThat(setupJava.path("java-version").asText()).isEqualTo("17");
    assertThat(String.join("\n", runScripts(root))).contains("./mvnw ").contains("monitor-data");
    assertThat(Files.readString(WORKFLOW)).contains("secrets.DISCORD_WEBHOOK_URL");
  }

  @Test
  void everyShadowCommandItRunsExistsAndItsFilesToo() throws IOException {
    Set<String> known = subcommands();
    List<String> used = new ArrayList<>();
    for (String script : runScripts(workflow())) {
      for (Matcher m = SHADOW.matcher(script); m.find(); ) {
        used.add(m.group(1));
        assertThat(known).as("'./shadow %s' in %s", m.group(1), WORKFLOW).contains(m.group(1));
        Matcher config = Pattern.compile("--config\\s+(\\S+)").matcher(m.group(2));
        if (config.find()) {
          Path file = ROOT.resolve(config.group(1));
          assertThat(file).isRegularFile();
          List<String> warnings = new ArrayList<>();
          MonitorConfig.load(
              file, Map.of(), warnings::add); // parses with no secrets set: channels are off
          assertThat(warnings).as("deprecation warnings of %s", file).isEmpty();
        }
      }
    }
    assertThat(used).contains("schedule", "site");
  }
}
