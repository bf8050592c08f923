package dev.shadowpipeline.shadow.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One difference between the two answers.
 *
 * @param kind what differs
 * @param path JSON Pointer of the differing field ({@code ""} for the whole body or for non-body differences)
 * @param primary the primary's value, or {@code null} when it has none
 * @param shadow the shadow's value, or {@code null} when it has none
 * @param severity how much it matters
 * @param reason a short human explanation, e.g. {@code reject -> approve}, or {@code null}
 */
public record Difference(
    DifferenceKind kind,
    String path,
    JsonNode primary,
    JsonNode shadow,
    Severity severity,
    String reason) {

  public Difference {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(severity, "severity");
  }

  /** A difference with its kind's default severity and no reason. */
  public Difference(DifferenceKind kind, String path, JsonNode primary, JsonNode shadow) {
    this(kind, path, primary, shadow, kind.defaultSeverity(), null);
  }
}
