package dev.shadowpipeline.shadow.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the judge's verdict from its answer text. In order:
 *
 * <ol>
 *   <li>a JSON object with a {@code winner} field, the whole text or inside it (in a {@code ```json} fence, or
 *       after a sentence): the first {@code {...}} that parses and has {@code winner} wins;
 *   <li>a bare verdict: the whole text is {@code A}, {@code B} or {@code tie} (also {@code "Answer A"}, quoted, or
 *       with a trailing full stop).
 * </ol>
 *
 * The winner is {@code A}, {@code B} or {@code tie} (also {@code draw}, {@code equal}), in any case; anything else —
 * prose, an unknown winner, an empty answer — is no verdict ({@code null}), counted by the caller as garbage. Pure and
 * thread-safe.
 */
public final class VerdictParser {

  /** The letter the judge chose. */
  public enum Letter {
    /** The answer shown first. */
    A,
    /** The answer shown second. */
    B,
    /** Neither. */
    TIE
  }

  /**
   * A verdict read from the judge's answer.
   *
   * @param letter which answer it preferred
   * @param reason its reason, empty when it gave none
   */
  public record Parsed(Letter letter, String reason) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern BARE =
      Pattern.compile(
          "^[\\s\"'`*]*(?:answer\\s+|winner\\s*:\\s*)?(a|b|tie|draw|equal)[\\s\"'`*.!]*$",
          Pattern.CASE_INSENSITIVE);

  private VerdictParser() {}

  /** The verdict in {@code text}, or {@code null} when there is none. */
  public static Parsed parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    for (int start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
      int end = closing(text, start);
      if (end < 0) {
        break;
      }
      JsonNode node;
      try {
        node = MAPPER.readTree(text.substring(start, end + 1));
      } catch (JsonProcessingException e) {
        continue;
      }
      JsonNode winner = node == null ? null : node.get("winner");
      if (winner != null && winner.isTextual()) {
        Letter letter = letter(winner.textValue());
        JsonNode reason = node.get("reason");
        return letter == null
            ? null
            : new Parsed(
                letter, reason != null && reason.isTextual() ? reason.textValue().strip() : "");
      }
    }
    Matcher bare = BARE.matcher(text.strip());
    return bare.matches() ? new Parsed(letter(bare.group(1)), "") : null;
  }

  private static Letter letter(String s) {
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "a", "answer a" -> Letter.A;
      case "b", "answer b" -> Letter.B;
      case "tie", "draw", "equal" -> Letter.TIE;
      default -> null;
    };
  }

  // the brace that closes the one at start, skipping braces inside JSON strings; -1 when unbalanced
  private static int closing(String text, int start) {
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
