package dev.shadowpipeline.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.app.monitor.MonitorConfig;
import dev.shadowpipeline.cli.ShadowCli;
import dev.shadowpipeline.fleet.kafka.KafkaSettings;
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
  void composeRunsAFleetOfTwoProxiesOneBrokerAndACollector() throws IOException {
    JsonNode services =
        new ObjectMapper(new YAMLFactory())
            .readTree(Files.readString(ROOT.resolve("docker-compose.yml")))
            .path("services");
    // a single-node broker in KRaft mode: its own controller, no ZooKeeper service
    JsonNode kafka = services.path("kafka");
    assertThat(kafka.path("image").asText()).startsWith("apache/kafka:4.");
    assertThat(kafka.path("environment").path("KAFKA_PROCESS_ROLES").asText())
        .isEqualTo("broker,controller");
    assertThat(services.has("zookeeper")).isFalse();
    String topic = "kafka://kafka:9092/shadow-records";
    List<String> instances = new ArrayList<>();
    for (String replica : new String[] {"proxy", "proxy-2"}) {
      List<String> command = new ArrayList<>();
      services.path(replica).path("command").forEach(c -> command.add(c.asText()));
      assertThat(command.get(0)).isEqualTo("proxy");
      assertThat(command.get(command.indexOf("--sink") + 1)).as(replica).isEqualTo(topic);
      instances.add(command.get(command.indexOf("--instance-id") + 1));
    }
    assertThat(instances).doesNotHaveDuplicates();
    assertThat(services.path("collector").path("command").get(0).asText()).isEqualTo("collect");
    // the collector reads the topic the replicas write, from the config they share
    List<String> warnings = new ArrayList<>();
    ConfigFile fleet =
        ConfigFile.load(ROOT.resolve("examples/fleet-compose.yaml"), Map.of(), warnings::add);
    assertThat(fleet.section("collect").text("from", null)).isEqualTo(topic);
    assertThat(KafkaSettings.fromFile(fleet).createTopic()).isTrue();
    assertThat(warnings).isEmpty();
  }

  @Test
  void theImageCopiesEveryModuleOfTheBuild() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    java.util.regex.Matcher module =
        java.util.regex.Pattern.compile("<module>([^<]+)</module>")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    int modules = 0;
    while (module.find()) {
      modules++;
      assertThat(dockerfile).contains("COPY " + module.group(1) + "/ " + module.group(1) + "/");
    }
    assertThat(modules).isGreaterThan(5);
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
