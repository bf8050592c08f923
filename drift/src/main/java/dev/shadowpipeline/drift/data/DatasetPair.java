package dev.shadowpipeline.drift.data;

import java.util.Objects;

/**
 * The two datasets a drift check compares.
 *
 * @param reference what the model was trained on
 * @param current what production sees now
 */
public record DatasetPair(Dataset reference, Dataset current) {

  public DatasetPair {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
  }
}
