package dev.shadowpipeline.shadow.labels;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One ground-truth outcome: the join key and the true value, both as {@link ScalarText} writes them.
 *
 * @param key the join key
 * @param truth the true label (classification) or value (regression), as text
 * @param line where it came from: the line of the labels file or of the posted body, from 1
 */
public record Label(String key, String truth, long line) {

  /** Checks that key and truth are there. */
  public Label {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(truth, "truth");
  }

  /**
   * A label from a JSON object (a line of a JSONL file or of {@code POST /labels}). A field name starting with
   * {@code /} is a JSON Pointer into the object, any other a top-level field.
   *
   * @throws IllegalArgumentException saying what is wrong: not an object, a field missing, null, empty or not a
   *     scalar
   */
  public static Label fromJson(JsonNode line, LabelJoin join, long number) {
    if (line == null || !line.isObject()) {
      throw new IllegalArgumentException(
          "a label must be a JSON object with fields '"
              + join.labelKey()
              + "' and '"
              + join.truth()
              + "'");
    }
    String key = field(line, join.labelKey(), "join key");
    String truth = field(line, join.truth(), "truth");
    return new Label(key, truth, number);
  }

  /**
   * A label from the cells of a CSV row.
   *
   * @throws IllegalArgumentException if a cell is empty
   */
  public static Label fromCells(String keyCell, String truthCell, LabelJoin join, long number) {
    return new Label(
        cell(keyCell, join.labelKey(), "join key"), cell(truthCell, join.truth(), "truth"), number);
  }

  private static String field(JsonNode line, String name, String what) {
    JsonNode node = name.startsWith("/") ? line.at(name) : line.get(name);
    if (node == null || node.isMissingNode()) {
      throw new IllegalArgumentException("no field '" + name + "' (the " + what + ")");
    }
    String text = ScalarText.of(node);
    if (text == null) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' (the "
              + what
              + ") must be a string, number or boolean, not "
              + kind(node));
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("'" + name + "' (the " + what + ") is empty");
    }
    return text;
  }

  private static String cell(String cell, String name, String what) {
    if (cell == null || cell.isBlank()) {
      throw new IllegalArgumentException("'" + name + "' (the " + what + ") is empty");
    }
    return ScalarText.canonical(cell.trim());
  }

  private static String kind(JsonNode node) {
    return node.isNull() ? "null" : node.isArray() ? "an array" : "an object";
  }
}
