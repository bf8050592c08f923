package dev.shadowpipeline.drift.engine;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Whose rules the engine follows: ours ({@link #NATIVE}), or Evidently 0.7's ({@link #EVIDENTLY}) for teams that must
 * reproduce the numbers of an Evidently setup before they trust ours.
 *
 * <p>In Evidently mode every test is Evidently's version ({@code mannw} one-sided with {@code alternative="less"},
 * {@code t_test} Student's pooled test, {@code z}'s p-value as 2 (1 - cdf(|z|)), {@code tvd}'s ties rounded as
 * Evidently rounds them), an explicitly chosen test must be one Evidently's registry accepts for the column's type
 * (else the run is refused, as Evidently refuses it, {@link IncompatibleTestException}), data on which Evidently's
 * code raises gets an error status, and the defaults are Evidently's: dataset drift at a share of 0.5, and no
 * missing-share rule. Thresholds, their operators ({@code <}, {@code <=}, {@code >=}, {@code >}) and the default-test
 * rule are Evidently's in both modes.
 */
public enum Compat {
  /** Our rules: two-sided mannw, Welch's t_test, accurate z tails, exact TVD ties, drift share 0.1. */
  NATIVE("native"),
  /** Evidently 0.7's rules, test for test. */
  EVIDENTLY("evidently");

  private final String id;

  Compat(String id) {
    this.id = id;
  }

  /** The name used in flags, config files and reports: {@code native} or {@code evidently}. */
  public String id() {
    return id;
  }

  /** The tests of this mode and its default-test rule. */
  public TestCatalog catalog() {
    return this == EVIDENTLY ? EvidentlyCatalog.INSTANCE : StandardCatalog.INSTANCE;
  }

  /** The dataset drifts when this share of columns drift, unless configured: 0.1 ours, 0.5 Evidently's. */
  public double defaultDriftShare() {
    return this == EVIDENTLY ? 0.5 : DriftOptions.DEFAULTS.driftShare();
  }

  /** The missing-share rule unless configured: 0.1 ours; none in Evidently, which cannot see it. */
  public OptionalDouble defaultMissingShareThreshold() {
    return this == EVIDENTLY
        ? OptionalDouble.empty()
        : OptionalDouble.of(DriftOptions.DEFAULT_MISSING_SHARE_THRESHOLD);
  }

  /** This mode's default options. */
  public DriftOptions defaults() {
    return DriftOptions.DEFAULTS
        .withCompat(this)
        .withDriftShare(defaultDriftShare())
        .withMissingShareThreshold(defaultMissingShareThreshold());
  }

  /**
   * Reads {@code native} or {@code evidently} (any case).
   *
   * @throws IllegalArgumentException naming the text and the valid names
   */
  public static Compat parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (Compat c : values()) {
      if (c.id.equals(t)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown compat mode '" + text.strip() + "' (known: native, evidently)");
  }
}
