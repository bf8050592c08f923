package dev.shadowpipeline.parquet;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the credentials a SQL query (or DuckDB's message about one) may carry, before the text is shown or written:
 * the user-info of any URL ({@code 'https://user:pw@host/x'}, {@code s3://key:secret@bucket}) and the value of any
 * setting whose name looks like a secret ({@code s3_secret_access_key='...'}, {@code SECRET 'x'}, {@code password=x}).
 */
public final class QuerySecrets {

  /** What a masked value is shown as (the same mask as every other secret of the project). */
  public static final String MASK = "****";

  /**
   * A name holding one of these (lower case, letters and digits only) is a secret: the fragments of the proxy's
   * header and query deny-list ({@code SecretNames.DEFAULT_FRAGMENTS}, a module this one does not depend on; a test
   * keeps the two in step), plus {@code keyid} for DuckDB's {@code KEY_ID} and {@code s3_access_key_id}.
   */
  public static final List<String> FRAGMENTS =
      List.of(
          "apikey",
          "token",
          "secret",
          "password",
          "passwd",
          "pwd",
          "credential",
          "signature",
          "session",
          "auth",
          "cookie",
          "privatekey",
          "accesskey",
          "jwt",
          "bearer",
          "keyid");

  // scheme://user:password@ inside any text; the user-info stops at white space, quotes and '@'
  private static final Pattern URL_WITH_USER =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^\\s'\"@]+)@");
  // name = value, name: value, or name 'value' (DuckDB's CREATE SECRET writes KEY_ID 'x', SECRET
  // 'y')
  private static final Pattern SETTING =
      Pattern.compile(
          "\\b([A-Za-z_][A-Za-z0-9_]*)(\\s*[=:]\\s*|\\s+(?=['\"]))('[^']*'?|\"[^\"]*\"?|[^\\s,;)&'\"]+)");

  private QuerySecrets() {}

  /** The text with URL user-info and secret-looking settings masked; {@code null} stays {@code null}. */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    Matcher urls = URL_WITH_USER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (urls.find()) {
      String userInfo = urls.group(2);
      int colon = userInfo.indexOf(':');
      String masked = colon < 0 ? MASK : userInfo.substring(0, colon + 1) + MASK;
      urls.appendReplacement(out, Matcher.quoteReplacement(urls.group(1) + masked + "@"));
    }
    urls.appendTail(out);
    String urlsMasked = out.toString();
    Matcher settings = SETTING.matcher(urlsMasked);
    StringBuilder result = new StringBuilder();
    int done = 0;
    int from = 0;
    while (settings.find(from)) {
      if (!isSecret(settings.group(1))) {
        // a harmless name may precede a quoted text holding a secret setting
        // ("the pattern 'x/s3_secret_access_key=...'"): look again right after the name
        from = settings.end(1);
        continue;
      }
      String value = settings.group(3);
      char quote = value.charAt(0);
      String shown = quote == '\'' || quote == '"' ? quote + MASK + quote : MASK;
      result
          .append(urlsMasked, done, settings.start())
          .append(settings.group(1))
          .append(settings.group(2))
          .append(shown);
      done = settings.end();
      from = done;
    }
    result.append(urlsMasked, done, urlsMasked.length());
    return result.toString();
  }

  /** Whether a setting's name looks like it holds a credential: it holds a fragment, or is or ends in "key". */
  static boolean isSecret(String name) {
    String n = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (n.endsWith("key")) {
      return true;
    }
    for (String fragment : FRAGMENTS) {
      if (n.contains(fragment)) {
        return true;
      }
    }
    return false;
  }
}
