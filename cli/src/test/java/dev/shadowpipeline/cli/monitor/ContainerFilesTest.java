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
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * There is no Docker engine on the build machines, so the container files are checked statically: valid YAML,
 * the services and commands they run exist, the image runs as non-root with a health check.
 */
class ContainerFilesTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void composeRunsRealCommandsAndItsMonitorConfigParses() throws IOException {
    JsonNode compose =
        new ObjectMapper(new YAMLFactory())
            .readTree(Files.readString(ROOT.resolve("docker-compose.yml")));
    Set<String> known = new HashSet<>();
    for (Class<?> sub : ShadowCli.class.getAnnotation(Command.class).subcommands()) {
      known.add(sub.getAnnotation(Command.class).name());
    }
    JsonNode services = compose.path("services");
    assertThat(
            services.has("proxy")
                && services.has("postgres")
                && services.has("primary")
                && services.has("candidate"))
        .isTrue();
    for (String service : new String[] {"primary", "candidate", "proxy", "monitor"}) {
      assertThat(known)
          .as(service)
          .contains(services.path(service).path("command").get(0).asText());
    }
    assertThat(services.path("primary").path("command").toString()).contains("demo-model");
    List<String> warnings = new ArrayList<>();
    MonitorConfig monitor =
        MonitorConfig.load(ROOT.resolve("examples/monitor-compose.yaml"), Map.of(), warnings::add);
    assertThat(warnings).isEmpty();
    assertThat(monitor.db()).startsWith("jdbc:postgresql://postgres:");
  }

  @Test
  void theImageIsMultiStageNonRootWithAHealthCheck() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertThat(dockerfile)
        .contains("FROM eclipse-temurin:17-jdk AS build")
        .contains("./mvnw")
        .contains("FROM eclipse-temurin:17-jre")
        .contains("USER 10001")
        .contains("HEALTHCHECK")
        .contains("/health");
  }
}
