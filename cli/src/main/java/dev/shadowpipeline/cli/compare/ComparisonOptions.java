package dev.shadowpipeline.cli.compare;

import dev.shadowpipeline.app.shadowtest.ComparisonRules;
import dev.shadowpipeline.app.shadowtest.ComparisonSetup;
import dev.shadowpipeline.cli.config.ByteSizeConverter;
import dev.shadowpipeline.cli.config.DurationConverter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The flags that say how pairs are judged and what is kept of them: the simple case of one set of rules for every
 * path. Routes with their own rules go in the config file's {@code compare:} section.
 */
public final class ComparisonOptions {

  @Option(
      names = "--label",
      paramLabel = "POINTER",
      order = 40,
      description =
          "Compare a class label at this JSON Pointer (e.g. /decision): agreement and confusion matrix.")
  String label;

  @Option(
      names = "--critical-flip",
      paramLabel = "FROM:TO",
      split = ",",
      order = 41,
      description =
          "Label flips that are critical, e.g. reject:approve (* matches any label). Other flips are warnings.")
  List<String> criticalFlips;

  @Option(
      names = "--score",
      paramLabel = "POINTER",
      order = 42,
      description = "Compare a score or probability at this JSON Pointer (e.g. /probability).")
  String score;

  @Option(
      names = "--score-tolerance",
      paramLabel = "ABS",
      defaultValue = "1e-6",
      order = 43,
      description =
          "Absolute difference of scores still counted as equal (default: ${DEFAULT-VALUE}).")
  double scoreTolerance;

  @Option(
      names = "--decision-threshold",
      paramLabel = "T",
      order = 44,
      description =
          "Scores >= T mean yes: crossing it on one side only is a critical decision flip.")
  Double decisionThreshold;

  @Option(
      names = "--ranking",
      paramLabel = "POINTER",
      order = 45,
      description =
          "Compare a ranked list of ids at this JSON Pointer (e.g. /results): overlap@k, Jaccard@k, RBO.")
  String ranking;

  @Option(
      names = "--ranking-id",
      paramLabel = "POINTER",
      order = 46,
      description = "When the list holds objects, the id inside each (e.g. /id).")
  String rankingId;

  @Option(
      names = "--min-rbo",
      paramLabel = "0..1",
      defaultValue = "0.8",
      order = 47,
      description =
          "Rankings with a rank-biased overlap below this diverge (default: ${DEFAULT-VALUE}).")
  double minRbo;

  @Option(
      names = "--text",
      paramLabel = "POINTER|auto",
      order = 48,
      description =
          "Compare free text (LLM answers) at this pointer; 'auto' finds the answer in OpenAI chat responses.")
  String text;

  @Option(
      names = "--min-similarity",
      paramLabel = "0..1",
      defaultValue = "0.5",
      order = 49,
      description =
          "Texts whose token cosine similarity is below this diverge (default: ${DEFAULT-VALUE}).")
  double minSimilarity;

  @Option(
      names = "--latency-budget",
      paramLabel = "DURATION",
      defaultValue = "200ms",
      order = 50,
      converter = DurationConverter.class,
      description =
          "A shadow slower than the primary by more than this is an info-level divergence (default: ${DEFAULT-VALUE}).")
  Duration latencyBudget;

  @Option(
      names = "--redact",
      paramLabel = "POINTER",
      split = ",",
      order = 51,
      description =
          "JSON fields of bodies masked before anything is written, e.g. /applicant/ssn,/email.")
  List<String> redact;

  @Option(
      names = "--redact-mode",
      paramLabel = "MODE",
      defaultValue = "mask",
      order = 52,
      description =
          "mask, or hash (salted SHA-256: equal values stay equal; salt from env SHADOW_REDACT_SALT) (default: ${DEFAULT-VALUE}).")
  String redactMode;

  @Option(
      names = "--keep-headers",
      paramLabel = "HEADER",
      split = ",",
      order = 53,
      description =
          "Headers kept visible although their name looks like a credential (e.g. X-Session-Sampled). "
              + "Authorization, Cookie, Api-Key and the other credential names are always masked.")
  List<String> keepHeaders;

  @Option(
      names = "--redact-query",
      paramLabel = "NAME",
      split = ",",
      order = 54,
      description =
          "Query parameters whose values are masked in records, besides api_key, key, token, sig, password, "
              + "... and every name containing token, secret, password, auth, session, signature or credential.")
  List<String> redactQuery;

  @Option(
      names = "--keep-query",
      paramLabel = "NAME",
      split = ",",
      order = 55,
      description =
          "Query parameters kept visible although their name looks like a credential (e.g. author).")
  List<String> keepQuery;

  @Option(
      names = "--suite-max",
      paramLabel = "N",
      defaultValue = "10000",
      order = 56,
      description =
          "Most entries in regression_suite.json; when full the least severe, oldest make room (default: ${DEFAULT-VALUE}).")
  int suiteMax;

  @Option(
      names = "--suite-max-bytes",
      paramLabel = "SIZE",
      order = 54,
      converter = ByteSizeConverter.class,
      description =
          "Most bytes of regression_suite.json (and of the suite held in memory); the least severe, oldest "
              + "entries make room (default: 1/16 of the heap, 4 MiB to 256 MiB).")
  Long suiteMaxBytes;

  /** The rules these flags give, for {@link ComparisonSetup}. */
  public ComparisonRules toRules() {
    return new ComparisonRules(
        label,
        criticalFlips,
        score,
        scoreTolerance,
        decisionThreshold,
        ranking,
        rankingId,
        minRbo,
        text,
        minSimilarity,
        latencyBudget,
        redact,
        redactMode,
        keepHeaders,
        redactQuery,
        keepQuery,
        suiteMax,
        suiteMaxBytes);
  }
}
