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
  /** Non-JSON bodies whose bytes differ. */
  BODY_BYTES,
  /** A body was too large to capture whole, so the bodies were not compared. */
  NOT_COMPARED;

  /** The lower-case name used in records and metrics, e.g. {@code value_changed}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
