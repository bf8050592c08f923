package dev.shadowpipeline.shadow.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.shadowpipeline.shadow.compare.JsonPointerPattern;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Replaces the values at configured JSON Pointers (with {@code *} for any one segment, e.g. {@code /applicant/ssn},
 * {@code /messages/*}{@code /content}) by a mask or a salted hash. Applied to request and response bodies before a
 * record or suite entry is built, so the original value never reaches a file.
 *
 * <p>Only JSON bodies can be redacted field by field; a non-JSON body is written as it is, so do not rely on this
 * for form posts or free text.
 */
public final class BodyRedactor {

  /** What a masked value becomes. */
  public static final String MASK = "[REDACTED]";

  /** Redacts nothing. */
  public static final BodyRedactor NONE = new BodyRedactor(List.of(), RedactionMode.MASK, "");

  private final List<JsonPointerPattern> paths;
  private final RedactionMode mode;
  private final byte[] salt;

  /**
   * @param paths the fields to redact, with everything under them
   * @param mode mask or salted hash
   * @param salt the salt for {@link RedactionMode#HASH}; keep it secret (e.g. from an environment variable)
   */
  public BodyRedactor(List<JsonPointerPattern> paths, RedactionMode mode, String salt) {
    this.paths = List.copyOf(paths);
    this.mode = Objects.requireNonNull(mode, "mode");
    this.salt = Objects.requireNonNull(salt, "salt").getBytes(StandardCharsets.UTF_8);
  }

  /** Whether any field is redacted at all. */
  public boolean active() {
    return !paths.isEmpty();
  }

  /** The configured fields. */
  public List<JsonPointerPattern> paths() {
    return paths;
  }

  /**
   * Returns the body with every configured field replaced; the argument is not changed. Returns the argument itself
   * when nothing matches or it is {@code null}.
   */
  public JsonNode redact(JsonNode body) {
    if (body == null || paths.isEmpty() || !body.isContainerNode()) {
      return body;
    }
    JsonNode copy = body.deepCopy();
    walk(copy, new ArrayList<>());
    return copy;
  }

  /**
   * Redacts a value found at {@code pointer} inside a body (e.g. the two sides of a difference): replaced whole when
   * the pointer or one of its parents is redacted, else redacted below it as {@link #redact} would.
   */
  public JsonNode redactAt(String pointer, JsonNode value) {
    if (value == null || paths.isEmpty()) {
      return value;
    }
    List<String> path = segments(pointer);
    for (int end = 1; end <= path.size(); end++) {
      if (matches(path.subList(0, end))) {
        return replacement(value);
      }
    }
    if (!value.isContainerNode()) {
      return value;
    }
    JsonNode copy = value.deepCopy();
    walk(copy, new ArrayList<>(path));
    return copy;
  }

  private static List<String> segments(String pointer) {
    List<String> out = new ArrayList<>();
    if (pointer == null || pointer.isEmpty()) {
      return out;
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      out.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  private void walk(JsonNode node, List<String> path) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        path.add(field.getKey());
        if (matches(path)) {
          field.setValue(replacement(field.getValue()));
        } else {
          walk(field.getValue(), path);
        }
        path.remove(path.size() - 1);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        path.add(Integer.toString(i));
        if (matches(path)) {
          array.set(i, replacement(array.get(i)));
        } else {
          walk(array.get(i), path);
        }
        path.remove(path.size() - 1);
      }
    }
  }

  private boolean matches(List<String> path) {
    for (JsonPointerPattern p : paths) {
      if (p.matches(path)) {
        return true;
      }
    }
    return false;
  }

  private JsonNode replacement(JsonNode value) {
    if (mode == RedactionMode.MASK) {
      return TextNode.valueOf(MASK);
    }
    return TextNode.valueOf(
        "sha256:" + hash(value.isValueNode() ? value.asText() : value.toString()));
  }

  private String hash(String value) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(salt);
      digest.update((byte) 0); // so that salt "ab" + value "c" differs from salt "a" + value "bc"
      byte[] sum = digest.digest(value.getBytes(StandardCharsets.UTF_8));
      // 16 bytes are plenty to keep distinct values distinct and keep records short
      return HexFormat.of().formatHex(sum, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  @Override
  public String toString() {
    return "BodyRedactor" + paths + " (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
