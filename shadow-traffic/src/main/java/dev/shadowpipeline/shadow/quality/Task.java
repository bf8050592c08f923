package dev.shadowpipeline.shadow.quality;

import java.util.Locale;

/** What the models predict: a yes/no label (with an optional probability) or a number. */
public enum Task {
  /** A binary label, true for the positive class, optionally with the probability of the positive class. */
  CLASSIFICATION,
  /** A real number. */
  REGRESSION;

  /** The name used in flags and JSON: {@code classification} or {@code regression}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The task named {@code key}, ignoring case.
   *
   * @throws IllegalArgumentException if no task has that name
   */
  public static Task fromKey(String key) {
    for (Task task : values()) {
      if (task.key().equalsIgnoreCase(key)) {
        return task;
      }
    }
    throw new IllegalArgumentException("task must be classification or regression: " + key);
  }
}
