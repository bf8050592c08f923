package dev.shadowpipeline.drift.stattest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every built-in {@link StatTest}, by the name used in configuration and reports.
 *
 * <p>Names follow Evidently ({@code ks}, {@code chisquare}, {@code z}, {@code fisher_exact}, {@code g_test},
 * {@code anderson}, {@code cramer_von_mises}, {@code mannw}, {@code t_test}, {@code epps_singleton},
 * {@code wasserstein}, {@code energy_distance}, {@code jensenshannon}, {@code psi}, {@code kl_div}, {@code hellinger},
 * {@code tvd}, {@code empirical_mmd}); Evidently's short names {@code es}, {@code ed} and {@code TVD} are accepted as
 * aliases. The tests are stateless and shared.
 */
public final class StatTests {

  private static final Map<String, StatTest> BY_NAME;
  private static final Map<String, String> ALIASES =
      Map.of("es", "epps_singleton", "ed", "energy_distance", "TVD", "tvd");

  static {
    List<StatTest> all =
        List.of(
            new KsTest(),
            new ChiSquareStatTest(),
            new ZTest(),
            new FisherExactStatTest(),
            new GStatTest(),
            new AndersonDarlingTest(),
            new CramerVonMisesTest(),
            new MannWhitneyTest(),
            new WelchTTest(),
            new EppsSingletonTest(),
            new WassersteinTest(),
            new EnergyDistanceTest(),
            new JensenShannonTest(),
            new PsiTest(),
            new KlDivTest(),
            new HellingerTest(),
            new TvdTest(),
            new EmpiricalMmdTest());
    Map<String, StatTest> map = new LinkedHashMap<>();
    for (StatTest t : all) {
      map.put(t.name(), t);
    }
    BY_NAME = Collections.unmodifiableMap(map);
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
