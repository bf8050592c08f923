package dev.shadowpipeline.app.monitor;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
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
   * How far ahead an expression must fire at least once: four years and a day hold a 29 February whenever they start
   * (2100 aside), so only an expression that never fires fails, such as {@code 0 9 31 2 *} (31 February).
   */
  static final Duration MUST_FIRE_WITHIN = Duration.ofDays(4 * 365 + 2);

  /**
   * Parses a UNIX cron expression that fires within the next four years.
   *
   * @throws IllegalArgumentException naming the expression and what is wrong with it, or that it never fires
   */
  public static CronSchedule parse(String expression) {
    return parse(expression, Instant.now());
  }

  /**
   * Parses a UNIX cron expression that fires within four years after {@code now}.
   *
   * @throws IllegalArgumentException naming the expression and what is wrong with it, or that it never fires
   */
  public static CronSchedule parse(String expression, Instant now) {
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
    CronSchedule schedule = new CronSchedule(trimmed, ExecutionTime.forCron(cron));
    // a day that no month has (31 February, 31 April) parses and validates, and then never fires:
    // a monitor that would wait forever is refused now, not found silent months later
    Instant limit = now.plus(MUST_FIRE_WITHIN);
    if (schedule.next(now).filter(t -> !t.isAfter(limit)).isEmpty()) {
      throw new IllegalArgumentException(
          "'"
              + expression
              + "' never fires: no minute in the next 4 years matches it (is the day past the end of"
              + " its month, e.g. 31 in February or April?)");
    }
    return schedule;
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
