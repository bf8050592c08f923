package dev.shadowpipeline.shadow.judge;

import java.util.Locale;

/** Which model's answer the judge preferred, mapped back from the letters it saw. */
public enum Winner {
  /** The production model's answer is better. */
  PRIMARY,
  /** The candidate's answer is better. */
  SHADOW,
  /** Neither (or the two orders disagreed). */
  TIE;

  /** The name in {@code judgements.jsonl}: {@code primary}, {@code shadow}, {@code tie}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a {@link #label()}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Winner parse(String label) {
    for (Winner w : values()) {
      if (w.label().equals(label)) {
        return w;
      }
    }
    throw new IllegalArgumentException(
        "unknown winner '" + label + "' (expected primary, shadow or tie)");
  }
}
