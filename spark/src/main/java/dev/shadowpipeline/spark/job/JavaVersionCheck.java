package dev.shadowpipeline.spark.job;

import java.util.Optional;

/**
 * Whether Spark can run on a Java version. Spark 4.1 supports Java 17 and 21; from Java 24 on, Hadoop's
 * UserGroupInformation (on every file access) fails because {@code Subject.getSubject} always throws there, so a job
 * started on such a JVM would die in the middle of a stack trace instead of saying why.
 */
public final class JavaVersionCheck {

  /** The first Java feature release Spark's Hadoop client cannot run on. */
  public static final int FIRST_UNSUPPORTED = 24;

  private JavaVersionCheck() {}

  /** Why Spark cannot run on this feature version, or empty when it can. */
  public static Optional<String> problem(int feature) {
    if (feature < FIRST_UNSUPPORTED) {
      return Optional.empty();
    }
    return Optional.of(
        "Spark 4.1 runs on Java 17 or 21, not on Java "
            + feature
            + " (Hadoop's file access calls Subject.getSubject, which Java 24 removed)");
  }
}
