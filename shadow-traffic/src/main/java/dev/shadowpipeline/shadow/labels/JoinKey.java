package dev.shadowpipeline.shadow.labels;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a record's join key is: its id (the {@code X-Shadow-Request-Id} both models saw) or a field of the request
 * body, named by a JSON Pointer such as {@code /applicant_id}.
 *
 * @param pointer the JSON Pointer into the request body, or {@code null} to join by record id
 */
public record JoinKey(String pointer) {

  /** The name of the record-id join in flags and JSON. */
  public static final String RECORD_ID = "record-id";

  /**
   * Checks the pointer.
   *
   * @throws IllegalArgumentException if the pointer is empty or not a JSON Pointer
   */
  public JoinKey {
    if (pointer != null) {
      compile(pointer);
    }
  }

  /** Join by record id. */
  public static JoinKey recordId() {
    return new JoinKey(null);
  }

  /**
   * Join by a field of the request body.
   *
   * @throws IllegalArgumentException if the pointer is empty or not a JSON Pointer
   */
  public static JoinKey requestField(String pointer) {
    return new JoinKey(pointer);
  }

  /**
   * {@code record-id} or a JSON Pointer into the request body.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static JoinKey parse(String text) {
    if (RECORD_ID.equals(text)) {
      return recordId();
    }
    if (text == null || !text.startsWith("/")) {
      throw new IllegalArgumentException(
          "the join must be record-id or a JSON Pointer into the request body such as /applicant_id: "
              + text);
    }
    return requestField(text);
  }

  /** True when records are joined by their id. */
  public boolean byRecordId() {
    return pointer == null;
  }

  /** {@code record-id} or the pointer. */
  public String describe() {
    return pointer == null ? RECORD_ID : pointer;
  }

  /**
   * The name of the labels file's key column when none is given: {@code id} for the record id, else the pointer's
   * last segment ({@code applicant_id} for {@code /applicant/applicant_id}).
   */
  public String defaultLabelKey() {
    if (pointer == null) {
      return "id";
    }
    JsonPointer p = compile(pointer);
    JsonPointer last = p.last();
    return last == null ? pointer : last.getMatchingProperty();
  }

  /** The key of a record, or {@code null} when the record has none (no id, or no such field in the body). */
  public String of(JsonNode record) {
    if (pointer == null) {
      return ScalarText.of(record.get("id"));
    }
    JsonNode body = record.path("request").path("body");
    return body.isContainerNode() ? ScalarText.of(body.at(pointer)) : null;
  }

  private static JsonPointer compile(String pointer) {
    if (pointer.isEmpty() || pointer.equals("/")) {
      throw new IllegalArgumentException(
          "the join pointer must name a field of the request body, such as /applicant_id: '"
              + pointer
              + "'");
    }
    try {
      return JsonPointer.compile(pointer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a JSON Pointer: " + pointer + " (" + e.getMessage() + ")", e);
    }
  }
}
