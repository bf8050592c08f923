package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JSON parse error says, for a user: Jackson's own words on their first line, with the location it embeds in
 * some of them ({@code start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled);
 * line: 1, column: 12]}) cut to {@code column 12}, or {@code line 3, column 12} past the first line. The source is
 * left out on purpose (it could hold a secret from the text parsed); the notice saying so means nothing to a user.
 *
 * <pre>{@code
 * "line 13: not JSON: " + JsonErrorText.of(e)
 * // line 13: not JSON: Unexpected end-of-input: expected close marker for Object (start marker at column 1)
 * }</pre>
 */
public final class JsonErrorText {

  private static final Pattern LOCATION =
      Pattern.compile("\\[Source: [^;\\]]*(?:\\([^)]*\\))?; line: (\\d+), column: (\\d+)\\]");

  private JsonErrorText() {}

  /** The error's message for a user, on one line. */
  public static String of(JsonProcessingException e) {
    return clean(e.getOriginalMessage());
  }

  static String clean(String message) {
    if (message == null) {
      return "malformed JSON";
    }
    String first = message.lines().findFirst().orElse("");
    Matcher m = LOCATION.matcher(first);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String where =
          m.group(1).equals("1")
              ? "column " + m.group(2)
              : "line " + m.group(1) + ", column " + m.group(2);
      m.appendReplacement(out, Matcher.quoteReplacement(where));
    }
    m.appendTail(out);
    return out.toString();
  }
}
