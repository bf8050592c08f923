package dev.shadowpipeline.cli.drift;

import dev.shadowpipeline.cli.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code shadow drift --engine spark}: the Spark job ({@code spark/target/shadow-spark.jar}) in a child JVM, with
 * Spark's own jars from {@code spark/target/lib/} on its class path. They are never part of the runnable jar: the
 * spark module's build copies them there, and only this command reads them.
 */
final class SparkLaunch {

  /** The job's main class. */
  static final String MAIN = "dev.shadowpipeline.spark.SparkDriftCommand";

  /** Names the java the job runs on, when this JVM's cannot run Spark. */
  static final String JAVA_ENV = "SHADOW_SPARK_JAVA";

  /** The first Java release Spark 4.1's Hadoop client fails on (as the job's own check says). */
  private static final int FIRST_UNSUPPORTED_JAVA = 24;

  private final Path home;

  /**
   * @param home the project folder holding {@code spark/target/} (the launcher passes it as {@code -Dshadow.home})
   */
  SparkLaunch(Path home) {
    this.home = home;
  }

  /** The project folder: {@code -Dshadow.home}, else two levels above the running jar ({@code cli/target/}). */
  static Path home() {
    String property = System.getProperty("shadow.home");
    if (property != null) {
      return Path.of(property);
    }
    try {
      Path jar =
          Path.of(SparkLaunch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path parent = jar.getParent() == null ? null : jar.getParent().getParent();
      return parent == null || parent.getParent() == null ? Path.of(".") : parent.getParent();
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return Path.of(".");
    }
  }

  /** The child JVM's command line for the job's arguments. */
  List<String> command(List<String> jobArgs) {
    Path target = home.resolve("spark").resolve("target");
    Path jar = target.resolve("shadow-spark.jar");
    Path lib = target.resolve("lib");
    Path options = target.resolve("shadow-spark.jvm-options");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(lib) || !Files.isRegularFile(options)) {
      throw new UsageException(
          "--engine spark: the spark module is not built (no "
              + jar
              + " with lib/ beside it); build it once with: ./mvnw -B -pl spark -am package -DskipTests");
    }
    List<String> command = new ArrayList<>();
    command.add(
        java(System.getenv(), Path.of(System.getProperty("java.home")), Runtime.version().feature())
            .toString());
    try {
      command.addAll(
          Arrays.asList(
              Files.readString(options, StandardCharsets.UTF_8).strip().split("\\s+", -1)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Spark logs every step at INFO; the job's own output is what the user asked for
    command.add("-Dlog4j2.configurationFile=shadow-spark-log4j2.properties");
    String heap = System.getenv("SHADOW_SPARK_HEAP");
    command.add("-Xmx" + (heap == null || heap.isBlank() ? "2g" : heap.strip()));
    command.add("-cp");
    command.add(jar + java.io.File.pathSeparator + lib.resolve("*"));
    command.add(MAIN);
    command.addAll(jobArgs);
    return command;
  }

  /**
   * The child's java: {@code SHADOW_SPARK_JAVA} (a JDK's home or its {@code bin/java}) when set, else this JVM's
   * own, unless this one is Java 24 or later, which Spark 4.1's Hadoop client cannot run on.
   */
  static Path java(Map<String, String> env, Path javaHome, int feature) {
    String chosen = env.get(JAVA_ENV);
    if (chosen != null && !chosen.isBlank()) {
      Path p = Path.of(chosen.strip());
      Path bin = Files.isDirectory(p) ? p.resolve("bin").resolve("java") : p;
      if (!Files.isExecutable(bin)) {
        throw new UsageException(JAVA_ENV + "=" + chosen + ": no java there");
      }
      return bin;
    }
    if (feature >= FIRST_UNSUPPORTED_JAVA) {
      throw new UsageException(
          "--engine spark: Spark 4.1 runs on Java 17 or 21, and this is Java "
              + feature
              + " (Hadoop's file access calls Subject.getSubject, which Java 24 removed); set "
              + JAVA_ENV
              + " to a JDK 17 or 21 (its folder or its bin/java)");
    }
    return javaHome.resolve("bin").resolve("java");
  }

  /** Runs the job with this terminal; returns its exit code. */
  int run(List<String> jobArgs) {
    ProcessBuilder builder = new ProcessBuilder(command(jobArgs)).inheritIO();
    try {
      Process process = builder.start();
      return process.waitFor();
    } catch (IOException e) {
      throw new UsageException("--engine spark: cannot start the Spark job: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsageException("--engine spark: interrupted", e);
    }
  }
}
