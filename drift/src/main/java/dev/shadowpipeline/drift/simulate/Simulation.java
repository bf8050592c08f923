package dev.shadowpipeline.drift.simulate;

import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The seed's drift scenario: {@code age} ~ N(30, 5), {@code salary} ~ N(50000, 10000) and {@code clicks} uniform
 * integers 0–99 in both datasets, with the current {@code salary} shifted by +25000 (mean 75000).
 *
 * <p>Any column can be shifted (add a constant to every current value) or scaled (stretch the current values around
 * the reference mean: {@code mean + (x - mean) * factor}); a given shift or scale replaces the default one for that
 * column. Values are rounded to two decimals ({@code clicks} to integers), so the CSV files hold exactly the values
 * generated; a shift or scale that takes a value beyond {@link #MAX_ABS_VALUE}, where that no longer holds, is
 * refused. Deterministic: the same seed gives the same data on every JVM (Commons RNG's generators and samplers
 * are fixed algorithms; {@code java.util.Random}'s Gaussian is not guaranteed across versions).
 *
 * @param rows rows in each dataset
 * @param seed the random seed
 * @param shift additive shift of the current values, per column
 * @param scale spread factor of the current values around the mean, per column
 */
public record Simulation(
    int rows, long seed, Map<String, Double> shift, Map<String, Double> scale) {

  /** The columns generated, in file order. */
  public static final List<String> COLUMNS = List.of("age", "salary", "clicks");

  /** The seed's drift: current salary mean 75000 instead of 50000. */
  public static final Map<String, Double> DEFAULT_SHIFT = Map.of("salary", 25000.0);

  /**
   * The largest magnitude a generated value may reach. Up to 1e13 neighbouring doubles are at most 0.002 apart, under
   * half a cent, so a value rounded to cents prints as exactly those cents and reads back as the same double; beyond
   * about 9e13 cents start to merge, and from 9.2e16 the CSV writer's cents no longer fit a long (they were clamped
   * to 92233720368547758.07). A shift or scale that takes a value past it is refused rather than written wrong.
   */
  public static final double MAX_ABS_VALUE = 1e13;

  public Simulation {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be >= 1: " + rows);
    }
    Map<String, Double> shifts = new LinkedHashMap<>(DEFAULT_SHIFT);
    shifts.putAll(shift);
    for (String column : union(shifts.keySet(), scale.keySet())) {
      if (!COLUMNS.contains(column)) {
        throw new IllegalArgumentException(
            "unknown column '" + column + "' (the columns are " + COLUMNS + ")");
      }
    }
    shift = inColumnOrder(shifts);
    scale = inColumnOrder(scale);
    for (Map.Entry<String, Double> e : shift.entrySet()) {
      if (!(Math.abs(e.getValue()) <= MAX_ABS_VALUE)) { // infinite and NaN fail too
        throw new IllegalArgumentException(
            "shift of '"
                + e.getKey()
                + "' must be a number within +/-1e13, where values keep their cents: "
                + e.getValue());
      }
    }
    for (Map.Entry<String, Double> e : scale.entrySet()) {
      if (!(e.getValue() > 0 && Double.isFinite(e.getValue()))) {
        throw new IllegalArgumentException(
            "scale of '" + e.getKey() + "' must be a number > 0: " + e.getValue());
      }
    }
  }

  /**
   * In file order, so that the summary line and {@code toString} read the same on every run ({@code Map.copyOf}'s
   * iteration order changes from one JVM to the next).
   */
  private static Map<String, Double> inColumnOrder(Map<String, Double> values) {
    Map<String, Double> ordered = new LinkedHashMap<>();
    for (String column : COLUMNS) {
      Double value = values.get(column);
      if (value != null) {
        ordered.put(column, value);
      }
    }
    return Collections.unmodifiableMap(ordered);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * Generates the two datasets, named {@code reference.csv} and {@code current.csv}.
   *
   * @throws IllegalArgumentException when the shift or scale takes a current value beyond {@link #MAX_ABS_VALUE}
   */
  public DatasetPair generate() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    // reference first, then current, column by column: adding a column later leaves the others
    // unchanged
    Dataset reference = dataset("reference.csv", rng, false);
    Dataset current = dataset("current.csv", rng, true);
    return new DatasetPair(reference, current);
  }

  private Dataset dataset(String name, UniformRandomProvider rng, boolean drifted) {
    Map<String, RawColumn> columns = new LinkedHashMap<>();
    columns.put("age", gaussian("age", rng, 30, 5, drifted));
    columns.put("salary", gaussian("salary", rng, 50000, 10000, drifted));
    columns.put("clicks", clicks(rng, drifted));
    return new Dataset(name, columns, rows, 0, List.of());
  }

  private NumericColumn gaussian(
      String column, UniformRandomProvider rng, double mean, double sd, boolean drifted) {
    ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
    double[] values = new double[rows];
    for (int i = 0; i < rows; i++) {
      double x = mean + sd * normal.sample();
      values[i] = round2(drifted ? move(column, x, mean) : x);
    }
    return new NumericColumn(column, values, 0, false);
  }

  private NumericColumn clicks(UniformRandomProvider rng, boolean drifted) {
    double[] values = new double[rows];
    for (int i = 0; i < rows; i++) {
      double x = rng.nextInt(100);
      values[i] = Math.rint(drifted ? move("clicks", x, 49.5) : x);
    }
    return new NumericColumn("clicks", values, 0, true);
  }

  private double move(String column, double x, double mean) {
    double factor = scale.getOrDefault(column, 1.0);
    double moved = mean + (x - mean) * factor + shift.getOrDefault(column, 0.0);
    if (!(Math.abs(moved) <= MAX_ABS_VALUE)) { // infinite and NaN fail too
      throw new IllegalArgumentException(
          "current '"
              + column
              + "' value "
              + x
              + " becomes "
              + moved
              + " with "
              + (scale.containsKey(column) ? "scale " + factor + " and " : "")
              + "shift "
              + shift.getOrDefault(column, 0.0)
              + ", beyond +/-1e13, where values keep their cents (the files could not hold the value "
              + "generated)");
    }
    return moved;
  }

  private static double round2(double v) {
    return Math.rint(v * 100) / 100;
  }
}
