package dev.shadowpipeline.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaVersionCheckTest {

  @Test
  void sparksJavaVersionsPassAndJava24OnIsNamedWithTheReason() {
    // Spark 4.1.1's documentation: "Spark runs on Java 17/21"; Java 24 (JEP 486) makes
    // Subject.getSubject throw, which Hadoop 3.4's UserGroupInformation calls on file access
    assertThat(JavaVersionCheck.problem(17)).isEmpty();
    assertThat(JavaVersionCheck.problem(21)).isEmpty();
    assertThat(JavaVersionCheck.problem(25))
        .hasValue(
            "Spark 4.1 runs on Java 17 or 21, not on Java 25 (Hadoop's file access calls"
                + " Subject.getSubject, which Java 24 removed)");
  }
}
