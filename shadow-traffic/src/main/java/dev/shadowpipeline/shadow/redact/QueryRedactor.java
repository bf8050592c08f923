package dev.shadowpipeline.shadow.redact;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Masks the values of credential-looking parameters in a raw query string ({@code ?api_key=…}, {@code ?sig=…}) before
 * a record is built, keeping the rest of the query byte for byte. The default is a deny-list: the exact names in
 * {@link #ALWAYS} and every name containing one of {@link SecretNames#DEFAULT_FRAGMENTS}. A parameter's name is
 * percent-decoded before it is matched ({@code %61pi_key} is {@code api_key}), case-insensitively and ignoring
 * {@code -}, {@code _} and {@code .}.
 *
 * <p>Parameters are separated by {@code &} or {@code ;} (as Netty's decoder splits them). A parameter without
 * {@code =} or with an empty value has nothing to hide and is left as it is.
 *
 * <p>This is for what is written; upstream models still receive the query as the caller sent it.
 */
public final class QueryRedactor {

  /** What a redacted value becomes (written as is, not percent-encoded, so that it reads the same everywhere). */
  public static final String MASK = "[REDACTED]";

  /**
   * Always masked, whatever is kept: API keys and tokens (Google's {@code key}, OAuth's {@code access_token}), signed
   * URL signatures (Azure SAS {@code sig}, AWS and Google presigned URLs) and passwords.
   */
  public static final Set<String> ALWAYS =
      Set.of(
          "api_key",
          "apikey",
          "api-key",
          "key",
          "token",
          "access_token",
          "refresh_token",
          "id_token",
          "auth",
          "sig",
          "signature",
          "password",
          "passwd",
          "pwd",
          "pass",
          "secret",
          "client_secret",
          "private_key",
          "subscription-key",
          "session",
          "sessionid",
          "jwt",
          "x-amz-signature",
          "x-amz-credential",
          "x-amz-security-token",
          "x-goog-signature",
          "x-goog-credential");

  /** The default deny-list and nothing else. */
  public static final QueryRedactor DEFAULT =
      new QueryRedactor(SecretNames.of(ALWAYS, SecretNames.DEFAULT_FRAGMENTS));

  private final SecretNames names;

  private QueryRedactor(SecretNames names) {
    this.names = Objects.requireNonNull(names, "names");
  }

  /**
   * These parameters too are always masked.
   *
   * @throws IllegalArgumentException when a name is blank or kept
   */
  public QueryRedactor redacting(Collection<String> parameterNames) {
    return new QueryRedactor(names.redacting(parameterNames));
  }

  /**
   * Keeps these parameters visible although a fragment of the deny-list matches them (e.g. {@code author}).
   *
   * @throws IllegalArgumentException when a name is blank or always masked (e.g. {@code api_key})
   */
  public QueryRedactor keeping(Collection<String> parameterNames) {
    return new QueryRedactor(names.keeping(parameterNames));
  }

  /** Whether a parameter of this (decoded) name is masked. */
  public boolean redacts(String parameterName) {
    return names.isSecret(parameterName);
  }

  /** The rules: exact names always masked, fragments, and names kept. */
  public SecretNames names() {
    return names;
  }

  /**
   * The query with the value of every secret parameter replaced by {@link #MASK}; the argument itself when nothing
   * is masked, {@code null} for {@code null}.
   */
  public String redact(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return rawQuery;
    }
    StringBuilder out = null; // created at the first masked value: most queries hold no secret
    int start = 0;
    for (int i = 0; i <= rawQuery.length(); i++) {
      if (i < rawQuery.length() && rawQuery.charAt(i) != '&' && rawQuery.charAt(i) != ';') {
        continue;
      }
      int eq = rawQuery.indexOf('=', start);
      boolean hasValue = eq >= 0 && eq < i - 1;
      if (hasValue && redacts(decode(rawQuery.substring(start, eq)))) {
        if (out == null) {
          out = new StringBuilder(rawQuery.length() + MASK.length()).append(rawQuery, 0, start);
        }
        out.append(rawQuery, start, eq + 1).append(MASK);
      } else if (out != null) {
        out.append(rawQuery, start, i);
      }
      if (out != null && i < rawQuery.length()) {
        out.append(rawQuery.charAt(i));
      }
      start = i + 1;
    }
    return out == null ? rawQuery : out.toString();
  }

  /**
   * The (decoded) names of the parameters of {@code rawQuery} whose values {@link #redact} masks, in order; empty when
   * there are none. For a URL that is written out as it is (e.g. a report's link template), where masking is not an
   * option and a credential-looking parameter is refused instead.
   */
  public List<String> secretParameters(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String parameter : rawQuery.split("[&;]", -1)) {
      int eq = parameter.indexOf('=');
      if (eq >= 0 && eq < parameter.length() - 1) { // as in redact: an empty value hides nothing
        String name = decode(parameter.substring(0, eq));
        if (redacts(name)) {
          out.add(name);
        }
      }
    }
    return out;
  }

  /**
   * Percent-decodes a parameter name as a server would ({@code +} is a space, {@code %XX} a UTF-8 byte); a {@code %}
   * not followed by two hex digits stays as it is rather than failing, so a malformed name is still matched.
   */
  static String decode(String raw) {
    if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c == '%'
          && i + 2 < raw.length()
          && hex(raw.charAt(i + 1)) >= 0
          && hex(raw.charAt(i + 2)) >= 0) {
        bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
        i += 3;
      } else if (c == '+') {
        bytes.write(' ');
        i++;
      } else {
        int end = i + 1;
        while (end < raw.length() && raw.charAt(end) != '%' && raw.charAt(end) != '+') {
          end++;
        }
        bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  @Override
  public String toString() {
    return "QueryRedactor" + names;
  }
}
