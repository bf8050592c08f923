package dev.shadowpipeline.spark.job;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How the Spark job splits the work.
 *
 * @param collectLimit numeric columns with at most this many values (both sides together) are collected to the driver
 *     and compared by the local engine itself, with any test; larger ones are computed where the data is
 * @param partitions range partitions for the sorted scan of a large numeric column
 * @param columns compare only these columns, in the order given (empty: all)
 * @param excluded leave these columns out
 */
public record JobSettings(
    long collectLimit, int partitions, Set<String> columns, Set<String> excluded) {

  /** Below this, {@code ks}'s p-value is exact and needs the values (scipy's 10,000 per side). */
  public static final long MIN_COLLECT_LIMIT = 20_000;

  /** The default: 2 million values, 16 MB of doubles on the driver per column. */
  public static final long DEFAULT_COLLECT_LIMIT = 2_000_000;

  public JobSettings {
    if (collectLimit < MIN_COLLECT_LIMIT) {
      throw new IllegalArgumentException(
          "--collect-limit must be at least " + MIN_COLLECT_LIMIT + ": " + collectLimit);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions must be at least 1: " + partitions);
    }
    // in the order given: an error names them so
    columns =
        Collections.unmodifiableSet(
            new LinkedHashSet<>(Objects.requireNonNull(columns, "columns")));
    excluded = Set.copyOf(Objects.requireNonNull(excluded, "excluded"));
  }
}
