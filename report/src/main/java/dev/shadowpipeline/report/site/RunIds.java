package dev.shadowpipeline.report.site;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Run ids of scheduled drift jobs: {@code 20260105T090000Z_credit}, the run's UTC start (to the second, sortable,
 * safe in file names and URLs) and the job's name. The store has no job column, so the dashboard reads the job back
 * from the id; ids of other shapes belong to the job {@value #DEFAULT_JOB}.
 */
public final class RunIds {

  /** The job of runs whose id names none (one-off {@code shadow drift --db} runs). */
  public static final String DEFAULT_JOB = "drift";

  /** What a job name may look like: it ends up in file names and URLs. */
  public static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern SHAPE =
      Pattern.compile("\\d{8}T\\d{6}Z(-\\d+)?_" + JOB_NAME.pattern());

  private RunIds() {}

  /**
   * The id of a run of {@code job} started at {@code startedAt}.
   *
   * @throws IllegalArgumentException when the job name is not {@link #JOB_NAME}
   */
  public static String of(String job, Instant startedAt) {
    checkJob(job);
    return STAMP.format(startedAt.truncatedTo(ChronoUnit.SECONDS)) + "_" + job;
  }

  /** The same id made unique by a counter, for a second run of a job within one second. */
  public static String withCounter(String job, Instant startedAt, int counter) {
    checkJob(job);
    return STAMP.format(startedAt.truncatedTo(ChronoUnit.SECONDS)) + "-" + counter + "_" + job;
  }

  /** The job a run id names, or {@value #DEFAULT_JOB}. */
  public static String job(String runId) {
    Objects.requireNonNull(runId, "runId");
    if (SHAPE.matcher(runId).matches()) {
      return runId.substring(runId.indexOf('_') + 1);
    }
    return DEFAULT_JOB;
  }

  /** A name safe as one path segment: the id itself when it is, else the id with other characters replaced. */
  public static String folder(String runId) {
    String safe = runId.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
  }

  /** Checks a job name, naming the rule and the bad value. */
  public static void checkJob(String job) {
    if (job == null || !JOB_NAME.matcher(job).matches()) {
      throw new IllegalArgumentException(
          "job name must be 1-64 letters, digits, '.', '_' or '-' (starting with a "
              + "letter or digit): '"
              + job
              + "'");
    }
  }
}
