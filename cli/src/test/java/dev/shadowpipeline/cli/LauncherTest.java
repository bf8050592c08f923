package dev.shadowpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./shadow} launcher starts batch commands with the JIT option measured in bench/results/report-1m.md and
 * the servers with HotSpot's defaults, and lets {@code SHADOW_JAVA_OPTS} override it. Runs the real script, copied
 * beside an up-to-date stand-in jar (so it builds nothing), against a stand-in {@code java} that prints the arguments
 * it was given.
 */
class LauncherTest {

  private static final String BATCH_OPTION = "-XX:FreqInlineSize=100";

  @TempDir Path dir;

  private Path launcher;
  private Path jdk;

  @BeforeEach
  void setUp() throws IOException {
    Path root = Files.createDirectories(dir.resolve("root"));
    launcher = root.resolve("shadow");
    Files.copy(Path.of("..", "shadow"), launcher);
    executable(launcher);
    Files.createDirectories(root.resolve("cli/target"));
    Files.write(root.resolve("cli/target/shadow.jar"), new byte[0]);
    jdk = Files.createDirectories(dir.resolve("jdk/bin"));
    Path java = jdk.resolve("java");
    Files.writeString(
        java,
        """
        #!/bin/sh
        if [ "$1" = -XshowSettings:properties ]; then
          echo '    java.specification.version = 17' >&2; exit 0
        fi
        printf '%s\\n' "$@"
        """);
    executable(java);
  }

  @Test
  void batchCommandsGetTheInliningLimitBeforeTheJar() throws Exception {
    for (String command :
        List.of("report", "drift", "demo", "replay", "gate", "simulate", "site")) {
      List<String> args = run(null, command, "--help");
      assertThat(args).as(command).contains(BATCH_OPTION);
      assertThat(args.indexOf(BATCH_OPTION)).as(command).isLessThan(args.indexOf("-jar"));
      assertThat(args.subList(args.indexOf("-jar") + 2, args.size()))
          .containsExactly(command, "--help");
    }
    // no command at all (--help, --version) is not a server either
    assertThat(run(null, "--version")).contains(BATCH_OPTION);
  }

  @Test
  void serversKeepHotSpotsDefaults() throws Exception {
    for (String command : List.of("proxy", "collect", "schedule", "demo-model")) {
      assertThat(run(null, command, "--port", "8080")).as(command).doesNotContain(BATCH_OPTION);
    }
    // the command is the first word that is not an option, after the global ones
    assertThat(run(null, "--verbose", "proxy")).doesNotContain(BATCH_OPTION);
    assertThat(run(null, "--verbose", "report")).contains(BATCH_OPTION);
  }

  @Test
  void shadowJavaOptsComeAfterTheLaunchersOptionSoTheyWin() throws Exception {
    List<String> args = run("-XX:FreqInlineSize=325 -Xmx1g", "report");
    assertThat(args.indexOf("-XX:FreqInlineSize=325")).isGreaterThan(args.indexOf(BATCH_OPTION));
    assertThat(args).contains("-Xmx1g");
    assertThat(args.indexOf("-Xmx1g")).isLessThan(args.indexOf("-jar"));
  }

  private List<String> run(String javaOpts, String... commandLine) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", launcher.toString()));
    command.addAll(List.of(commandLine));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("JAVA_HOME", jdk.getParent().toString());
    env.remove("SHADOW_JAVA_OPTS");
    if (javaOpts != null) {
      env.put("SHADOW_JAVA_OPTS", javaOpts);
    }
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
    return new String(out, StandardCharsets.UTF_8).lines().toList();
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
