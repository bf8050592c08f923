package dev.shadowpipeline.app.monitor;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A UNIX cron expression ({@code minute hour day-of-month month day-of-week}) evaluated in UTC, as GitHub Actions
 * evaluates its {@code schedule} triggers, so a job configured here and in the workflow runs at the same times.
 *
 * @param expression the expression as written, e.g. {@code 0 9 * * *}
 * @param executionTime cron-utils' calculator for it
 */
public record CronSchedule(String expression, ExecutionTime executionTime) {

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  public CronSchedule {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(executionTime, "executionTime");
  }

  /**
   * Parses a UNIX cron expression.
   *
   * @throws IllegalArgumentException naming the expression and what is wrong with it
   */
  public static CronSchedule parse(String expression) {
    Objects.requireNonNull(expression, "expression");
    String trimmed = expression.strip();
    Cron cron;
    try {
      cron = PARSER.parse(trimmed);
      cron.validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a UNIX cron expression (minute hour day month weekday, e.g. "
              + "'0 9 * * *'): '"
              + expression
              + "': "
              + e.getMessage(),
          e);
    }
    return new CronSchedule(trimmed, ExecutionTime.forCron(cron));
  }

  /** The first time strictly after {@code after} at which this schedule fires; empty if it never does again. */
  public Optional<Instant> next(Instant after) {
    return executionTime
        .nextExecution(ZonedDateTime.ofInstant(after, ZoneOffset.UTC))
        .map(ZonedDateTime::toInstant);
  }

  @Override
  public String toString() {
    return expression;
  }
}
