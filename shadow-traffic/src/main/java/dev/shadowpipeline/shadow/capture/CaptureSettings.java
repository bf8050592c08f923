package dev.shadowpipeline.shadow.capture;

import dev.shadowpipeline.shadow.compare.ErrorComparator;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.JsonPointerPattern;
import dev.shadowpipeline.shadow.compare.LatencyComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.route.RouteTable;
import dev.shadowpipeline.shadow.llm.PriceTable;
import dev.shadowpipeline.shadow.memory.MemoryDefaults;
import dev.shadowpipeline.shadow.record.HeaderRedactor;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import dev.shadowpipeline.shadow.redact.QueryRedactor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How pairs are judged and what is kept of them.
 *
 * @param comparator judges each pair (usually a {@link RouteTable})
 * @param headerRedactor header values masked in requests and answers (credentials by default)
 * @param queryRedactor query parameter values masked (credentials by default)
 * @param bodyRedactor JSON fields masked or hashed in every body written
 * @param suiteMax most entries in the regression suite
 * @param suiteMaxBytes most bytes of entries in the regression suite (memory and file alike)
 * @param suiteRewriteInterval least time between two rewrites of the suite file while records arrive
 * @param prices what LLM models cost per million tokens (the config's {@code llm: prices:}); models not in it are
 *     unpriced
 */
public record CaptureSettings(
    ResponseComparator comparator,
    HeaderRedactor headerRedactor,
    QueryRedactor queryRedactor,
    BodyRedactor bodyRedactor,
    int suiteMax,
    long suiteMaxBytes,
    Duration suiteRewriteInterval,
    PriceTable prices) {

  /** The default cap of the regression suite. */
  public static final int DEFAULT_SUITE_MAX = 10_000;

  public CaptureSettings {
    Objects.requireNonNull(comparator, "comparator");
    Objects.requireNonNull(headerRedactor, "headerRedactor");
    Objects.requireNonNull(queryRedactor, "queryRedactor");
    Objects.requireNonNull(bodyRedactor, "bodyRedactor");
    if (suiteMax < 1) {
      throw new IllegalArgumentException("suite-max must be at least 1: " + suiteMax);
    }
    if (suiteMaxBytes < 1) {
      throw new IllegalArgumentException("suite-max-bytes must be at least 1: " + suiteMaxBytes);
    }
    Objects.requireNonNull(suiteRewriteInterval, "suiteRewriteInterval");
    Objects.requireNonNull(prices, "prices");
  }

  /** Settings without prices: every LLM answer is unpriced. */
  public CaptureSettings(
      ResponseComparator comparator,
      HeaderRedactor headerRedactor,
      QueryRedactor queryRedactor,
      BodyRedactor bodyRedactor,
      int suiteMax,
      long suiteMaxBytes,
      Duration suiteRewriteInterval) {
    this(
        comparator,
        headerRedactor,
        queryRedactor,
        bodyRedactor,
        suiteMax,
        suiteMaxBytes,
        suiteRewriteInterval,
        PriceTable.NONE);
  }

  /** The same settings, pricing LLM answers with {@code prices}. */
  public CaptureSettings withPrices(PriceTable prices) {
    return new CaptureSettings(
        comparator,
        headerRedactor,
        queryRedactor,
        bodyRedactor,
        suiteMax,
        suiteMaxBytes,
        suiteRewriteInterval,
        prices);
  }

  /**
   * Settings that mask the default credential headers and query parameters, plus {@code redactHeaders}.
   *
   * @throws IllegalArgumentException when a header name is blank
   */
  public CaptureSettings(
      ResponseComparator comparator,
      List<String> redactHeaders,
      BodyRedactor bodyRedactor,
      int suiteMax,
      long suiteMaxBytes,
      Duration suiteRewriteInterval) {
    this(
        comparator,
        new HeaderRedactor(redactHeaders),
        QueryRedactor.DEFAULT,
        bodyRedactor,
        suiteMax,
        suiteMaxBytes,
        suiteRewriteInterval);
  }

  /** The same settings with another cap on the suite's entries and bytes. */
  public CaptureSettings withSuiteMax(int entries, long bytes) {
    return new CaptureSettings(
        comparator,
        headerRedactor,
        queryRedactor,
        bodyRedactor,
        entries,
        bytes,
        suiteRewriteInterval,
        prices);
  }

  /** Default comparators, no body redaction, a suite of {@value #DEFAULT_SUITE_MAX} entries within the heap's share. */
  public static CaptureSettings defaults(
      double relativeTolerance, List<JsonPointerPattern> ignore, List<String> redactHeaders) {
    // transport errors and status classes, the JSON bodies structurally, and latency against the
    // default budget
    RouteTable table =
        RouteTable.framed(
            List.of(),
            JsonComparator.bodiesOnly(NumericTolerance.relative(relativeTolerance), ignore),
            new ErrorComparator(ErrorComparator.Spec.defaults()),
            new LatencyComparator(LatencyComparator.Spec.defaults()));
    return new CaptureSettings(
        table,
        redactHeaders,
        BodyRedactor.NONE,
        DEFAULT_SUITE_MAX,
        MemoryDefaults.suiteBytes(),
        Duration.ofSeconds(5));
  }
}
