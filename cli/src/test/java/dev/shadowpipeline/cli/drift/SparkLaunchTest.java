package dev.shadowpipeline.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.UsageException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
  void runsTheJobOnThisJavaUnlessSparkCannotRunOnIt() throws Exception {
    Path thisJdk = Path.of("/opt/jdk-21");
    assertThat(SparkLaunch.java(Map.of(), thisJdk, 21)).isEqualTo(thisJdk.resolve("bin/java"));
    // Java 24 removed Subject.getSubject, which Hadoop's file access calls
    assertThatThrownBy(() -> SparkLaunch.java(Map.of(), thisJdk, 25))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith(
            "--engine spark: Spark 4.1 runs on Java 17 or 21, and this is Java 25")
        .hasMessageContaining("set SHADOW_SPARK_JAVA to a JDK 17 or 21");
    Path other = Files.createDirectories(home.resolve("jdk17/bin"));
    Path java = Files.writeString(other.resolve("java"), "#!/bin/sh\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    assertThat(
            SparkLaunch.java(
                Map.of("SHADOW_SPARK_JAVA", home.resolve("jdk17").toString()), thisJdk, 25))
        .isEqualTo(java);
    assertThatThrownBy(
            () -> SparkLaunch.java(Map.of("SHADOW_SPARK_JAVA", "/nowhere/java"), thisJdk, 17))
        .isInstanceOf(UsageException.class)
        .hasMessage("SHADOW_SPARK_JAVA=/nowhere/java: no java there");
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
