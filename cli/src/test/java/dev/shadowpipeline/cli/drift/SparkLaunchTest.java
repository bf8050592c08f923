package dev.shadowpipeline.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.UsageException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code shadow drift --engine spark} starts the Spark job, and what it says when it cannot. */
class SparkLaunchTest {

  @TempDir Path home;

  @Test
  void saysClearlyThatTheSparkModuleIsNotBuilt() {
    assertThatThrownBy(() -> new SparkLaunch(home).command(List.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--engine spark: the spark module is not built")
        .hasMessageContaining("./mvnw -B -pl spark -am package -DskipTests");
  }

  @Test
  void startsTheJobJarWithSparksJarsAndItsJvmOptions() throws Exception {
    Path target = Files.createDirectories(home.resolve("spark/target"));
    Files.createDirectories(target.resolve("lib"));
    Files.writeString(target.resolve("shadow-spark.jar"), "");
    Files.writeString(
        target.resolve("shadow-spark.jvm-options"),
        "--add-opens=java.base/java.nio=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true\n");
    List<String> command = new SparkLaunch(home).command(List.of("--reference", "r.parquet"));
    assertThat(command)
        .containsSubsequence(
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-cp",
            target.resolve("shadow-spark.jar") + File.pathSeparator + target.resolve("lib/*"),
            SparkLaunch.MAIN,
            "--reference",
            "r.parquet");
  }

  @Test
  void aSparkMasterWithoutTheSparkEngineIsBadUsage() {
    CliRun run =
        CliRun.run(
            "drift", "--reference", "r.csv", "--current", "c.csv", "--spark-master", "local[2]");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--spark-master needs --engine spark");
  }
}
