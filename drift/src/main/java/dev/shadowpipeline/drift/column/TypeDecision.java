package dev.shadowpipeline.drift.column;

import dev.shadowpipeline.drift.stattest.ColumnType;
import java.util.Objects;

/**
 * A column's type and why it has it, for reports ("integer with 7 distinct values").
 *
 * @param type the type the column is compared as
 * @param reason a short human explanation
 */
public record TypeDecision(ColumnType type, String reason) {

  public TypeDecision {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
  }
}
