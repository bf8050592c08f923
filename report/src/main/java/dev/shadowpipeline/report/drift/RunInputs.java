package dev.shadowpipeline.report.drift;

import dev.shadowpipeline.shadow.redact.UrlSecrets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a drift run read and when it ran, so that one day's report can be told from another's: each side's location
 * (the full path, the glob or folder, or the query as given, with credentials masked), what kind of input it is, and
 * the file's modification time; the rows read come from the result itself. Shown at the top of the drift report and
 * written into {@code drift_report.json}.
 *
 * @param reference the reference side
 * @param current the current side
 * @param ranAt when the run started
 */
public record RunInputs(Source reference, Source current, Instant ranAt) {

  public RunInputs {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(ranAt, "ranAt");
  }

  /**
   * One side's input.
   *
   * @param location the full path, glob, folder or query, credentials masked
   * @param kind {@code file}, {@code folder}, {@code glob}, {@code query} or {@code table}
   * @param modified the file's (or the newest file's in a folder) modification time; null when it has none (a query,
   *     a glob) or could not be read
   */
  public record Source(String location, String kind, Instant modified) {
    public Source {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(kind, "kind");
      location = masked(location);
    }
  }

  // scheme://user:password@ inside any text (a query may read 's3://key:secret@bucket/...')
  private static final Pattern URL_WITH_USER =
      Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s'\"@]+@");
  // key = 'value' pairs that name a secret (DuckDB's SECRET, a connection string's password)
  private static final Pattern NAMED_SECRET =
      Pattern.compile(
          "(?i)\\b(password|passwd|pwd|secret|token|session_token|key_id|access_key|api_key)\\b"
              + "(\\s*[=:]\\s*|\\s+(?=['\"]))('[^']*'|\"[^\"]*\"|[^\\s,;)&]+)");

  /** The text with URL credentials and named secrets masked ({@link UrlSecrets#MASK}). */
  static String masked(String text) {
    Matcher urls = URL_WITH_USER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (urls.find()) {
      urls.appendReplacement(out, Matcher.quoteReplacement(UrlSecrets.mask(urls.group())));
    }
    urls.appendTail(out);
    Matcher named = NAMED_SECRET.matcher(out.toString());
    StringBuilder result = new StringBuilder();
    while (named.find()) {
      named.appendReplacement(
          result, Matcher.quoteReplacement(named.group(1) + named.group(2) + UrlSecrets.MASK));
    }
    named.appendTail(result);
    return result.toString();
  }

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** A time as people read it, to the second, in UTC; "n/a" for none. */
  static String time(Instant t) {
    return t == null ? "n/a" : SECONDS.format(t);
  }
}
