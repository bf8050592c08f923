package dev.shadowpipeline.drift.stattest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every built-in {@link StatTest}, by the name used in configuration and reports.
 *
 * <p>Names follow Evidently ({@code ks}, {@code chisquare}, {@code z}, {@code fisher_exact}, {@code g_test},
 * {@code anderson}, {@code cramer_von_mises}, {@code mannw}, {@code t_test}, {@code epps_singleton},
 * {@code wasserstein}, {@code energy_distance}, {@code jensenshannon}, {@code psi}, {@code kl_div}, {@code hellinger},
 * {@code tvd}, {@code empirical_mmd}); Evidently's short names {@code es}, {@code ed} and {@code TVD} are accepted as
 * aliases. The tests are stateless and shared.
 *
 * <p>Two sets share the names: ours ({@link #find}), and Evidently 0.7's ({@link #findEvidently}) for {@code --compat
 * evidently}, where {@code mannw} is one-sided, {@code t_test} is Student's pooled test, {@code z} takes its p-value as
 * 2 (1 - cdf(|z|)), {@code tvd} rounds its ties as Evidently does, each test declares the column types Evidently's
 * registry accepts it for, and the data on which Evidently raises is refused ({@link EvidentlyGuard}).
 */
public final class StatTests {

  private static final Map<String, StatTest> BY_NAME;
  private static final Map<String, StatTest> EVIDENTLY;
  private static final Map<String, String> ALIASES =
      Map.of("es", "epps_singleton", "ed", "energy_distance", "TVD", "tvd");

  static {
    List<StatTest> all =
        List.of(
            new KsTest(),
            new ChiSquareStatTest(),
            new ZTest(ZTest.Tail.SURVIVAL),
            new FisherExactStatTest(),
            new GStatTest(),
            new AndersonDarlingTest(),
            new CramerVonMisesTest(),
            new MannWhitneyTest(MannWhitneyTest.Alternative.TWO_SIDED),
            new WelchTTest(),
            new EppsSingletonTest(),
            new WassersteinTest(),
            new EnergyDistanceTest(),
            new JensenShannonTest(),
            new PsiTest(),
            new KlDivTest(),
            new HellingerTest(),
            new TvdTest(TvdTest.Ties.EXACT),
            new EmpiricalMmdTest());
    Map<String, StatTest> map = new LinkedHashMap<>();
    for (StatTest t : all) {
      map.put(t.name(), t);
    }
    BY_NAME = Collections.unmodifiableMap(map);
    Set<ColumnType> cat = EnumSet.of(ColumnType.CATEGORICAL);
    Set<ColumnType> num = EnumSet.of(ColumnType.NUMERIC);
    Set<ColumnType> both = EnumSet.of(ColumnType.CATEGORICAL, ColumnType.NUMERIC);
    Function<ColumnPair, String> never = data -> null;
    List<StatTest> evidently =
        List.of(
            new EvidentlyGuard(new KsTest(), num, never),
            new EvidentlyGuard(new ChiSquareStatTest(), cat, never),
            new EvidentlyGuard(new ZTest(ZTest.Tail.EVIDENTLY), cat, never),
            new EvidentlyGuard(
                new FisherExactStatTest(), cat, StatTests::unequalSizesForPairedTable),
            new EvidentlyGuard(new GStatTest(), cat, StatTests::unequalSizesForGTest),
            new EvidentlyGuard(new AndersonDarlingTest(), num, StatTests::oneDistinctValue),
            new EvidentlyGuard(new CramerVonMisesTest(), num, StatTests::fewerThanTwoValues),
            new EvidentlyGuard(new MannWhitneyTest(MannWhitneyTest.Alternative.LESS), num, never),
            new EvidentlyGuard(new PooledTTest(), num, never),
            new EvidentlyGuard(new EppsSingletonTest(), num, StatTests::zeroInterquartileRange),
            new EvidentlyGuard(new WassersteinTest(), num, never),
            new EvidentlyGuard(new EnergyDistanceTest(), num, never),
            new EvidentlyGuard(new JensenShannonTest(), both, never),
            new EvidentlyGuard(new PsiTest(), both, never),
            new EvidentlyGuard(new KlDivTest(), both, never),
            new EvidentlyGuard(new HellingerTest(), both, never),
            new EvidentlyGuard(new TvdTest(TvdTest.Ties.EVIDENTLY), cat, never),
            new EvidentlyGuard(new EmpiricalMmdTest(), num, never));
    Map<String, StatTest> ev = new LinkedHashMap<>();
    for (StatTest t : evidently) {
      ev.put(t.name(), t);
    }
    EVIDENTLY = Collections.unmodifiableMap(ev);
  }

  // the data on which Evidently 0.7's own code raises (scipy 1.17)

  private static String unequalSizesForPairedTable(ColumnPair data) {
    return data.referenceSize() == data.currentSize()
        ? null
        : "it builds the 2x2 table from paired rows and needs equal sizes, got "
            + data.referenceSize()
            + " reference and "
            + data.currentSize()
            + " current values";
  }

  private static String unequalSizesForGTest(ColumnPair data) {
    return data.referenceSize() == data.currentSize()
        ? null
        : "it passes the reference counts unscaled as expected counts, and scipy's power_divergence"
            + " refuses totals that differ: "
            + data.referenceSize()
            + " reference and "
            + data.currentSize()
            + " current values";
  }

  private static String oneDistinctValue(ColumnPair data) {
    return Samples.counts(data).size() < 2
        ? "scipy's anderson_ksamp needs more than one distinct value"
        : null;
  }

  private static String fewerThanTwoValues(ColumnPair data) {
    return data.referenceSize() < 2 || data.currentSize() < 2
        ? "it needs at least two values on each side"
        : null;
  }

  private static String zeroInterquartileRange(ColumnPair data) {
    NumericPair pair = KsTest.requireNumeric(data);
    double iqr =
        EppsSingletonTest.iqr(
            Samples.sortedCopy(pair.reference()), Samples.sortedCopy(pair.current()));
    return iqr == 0 ? "the pooled interquartile range is 0" : null;
  }

  private StatTests() {}

  /**
   * The test with this name (or Evidently alias).
   *
   * @throws IllegalArgumentException if no test has that name; the message lists the valid names
   */
  public static StatTest byName(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown statistical test '"
                        + name
                        + "'; valid names: "
                        + String.join(", ", names())));
  }

  /** The test with this name (or Evidently alias), or empty when there is none. */
  public static Optional<StatTest> find(String name) {
    return Optional.ofNullable(BY_NAME.get(ALIASES.getOrDefault(name, name)));
  }

  /** Evidently 0.7's version of the test with this name (or Evidently alias), or empty when there is none. */
  public static Optional<StatTest> findEvidently(String name) {
    return Optional.ofNullable(EVIDENTLY.get(ALIASES.getOrDefault(name, name)));
  }

  /** Evidently 0.7's versions of all tests, in the order of {@link #names()}. */
  public static List<StatTest> allEvidently() {
    return List.copyOf(EVIDENTLY.values());
  }

  /** The canonical names of all tests, in a stable order. */
  public static List<String> names() {
    return new ArrayList<>(BY_NAME.keySet());
  }

  /** All tests, in the order of {@link #names()}. */
  public static List<StatTest> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** Kolmogorov-Smirnov, scipy's {@code ks_2samp}. */
  public static StatTest ks() {
    return byName("ks");
  }

  /** Normed Wasserstein distance, Evidently's {@code wasserstein}. */
  public static StatTest wasserstein() {
    return byName("wasserstein");
  }

  /** Jensen-Shannon distance, Evidently's {@code jensenshannon}. */
  public static StatTest jensenShannon() {
    return byName("jensenshannon");
  }

  /** Chi-square against the reference shares, Evidently's {@code chisquare}. */
  public static StatTest chiSquare() {
    return byName("chisquare");
  }

  /** Two-proportion z-test, Evidently's {@code z}. */
  public static StatTest z() {
    return byName("z");
  }
}
