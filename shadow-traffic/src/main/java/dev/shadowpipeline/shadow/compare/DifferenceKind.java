package dev.shadowpipeline.shadow.compare;

import java.util.Locale;

/** What kind of difference a comparator found between the two answers. */
public enum DifferenceKind {
  /** The primary gave no answer (timeout, refused, ...). */
  PRIMARY_ERROR,
  /** The shadow gave no answer (timeout, refused, ...). */
  SHADOW_ERROR,
  /** The HTTP status codes differ. */
  STATUS,
  /** A field the primary sent is absent from the shadow's answer. */
  MISSING_FIELD,
  /** The shadow's answer has a field the primary's has not. */
  EXTRA_FIELD,
  /** The same field holds values of different JSON types. */
  TYPE_CHANGED,
  /** The same field holds different values (beyond the numeric tolerance). */
  VALUE_CHANGED,
  /** The same array has different lengths. */
  ARRAY_LENGTH,
  /** Non-JSON bodies whose bytes differ, or bodies over the capture limit whose size or SHA-256 differ. */
  BODY_BYTES,
  /** Bodies over the capture limit came with different content codings, so their digests cannot be compared. */
  NOT_COMPARED,
  /** The status classes differ (e.g. 200 against 5xx). */
  STATUS_CLASS,
  /** The shadow did not answer within its timeout. */
  SHADOW_TIMEOUT,
  /** A class label differs. */
  LABEL_FLIP,
  /** A score differs beyond its tolerance. */
  SCORE_DELTA,
  /** A score crossed the decision threshold on one side only. */
  DECISION_FLIP,
  /** A ranking overlaps less than its threshold. */
  RANKING,
  /** Two texts are less similar than their threshold. */
  TEXT_SIMILARITY,
  /** The shadow was slower than the primary by more than the latency budget. */
  LATENCY,
  /** The configured output is absent or of the wrong type on one side. */
  OUTPUT_MISSING;

  // every record and metric asks for it: made once
  private final String label = name().toLowerCase(Locale.ROOT);

  /** The severity a difference of this kind has unless a route's rules say otherwise. */
  public Severity defaultSeverity() {
    return switch (this) {
      case NOT_COMPARED, LATENCY -> Severity.INFO;
      default -> Severity.WARNING;
    };
  }

  /** The lower-case name used in records and metrics, e.g. {@code value_changed}. */
  public String label() {
    return label;
  }
}
