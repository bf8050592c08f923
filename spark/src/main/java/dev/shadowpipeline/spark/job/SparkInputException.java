package dev.shadowpipeline.spark.job;

/** Input the job cannot use (a column asked for that neither side has, a path matching nothing): bad usage, exit 2. */
public final class SparkInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SparkInputException(String message) {
    super(message);
  }

  public SparkInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
