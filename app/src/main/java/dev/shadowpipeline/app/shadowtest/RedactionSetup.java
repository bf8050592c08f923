package dev.shadowpipeline.app.shadowtest;

import dev.shadowpipeline.app.config.ConfigKeys;
import dev.shadowpipeline.app.config.ConfigTree;
import dev.shadowpipeline.shadow.compare.JsonPointerPattern;
import dev.shadowpipeline.shadow.record.HeaderRedactor;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import dev.shadowpipeline.shadow.redact.QueryRedactor;
import dev.shadowpipeline.shadow.redact.RedactionMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * What is masked before anything is written, from the flags and then the {@code redact:} section: body fields, and
 * the default credential deny-lists of headers and query parameters, extended and allow-listed. Each step names its
 * flag or key when it refuses a name (blank, or a credential name someone tried to keep).
 *
 * @param body body fields masked or hashed
 * @param headers header masking
 * @param query query parameter masking
 */
record RedactionSetup(BodyRedactor body, HeaderRedactor headers, QueryRedactor query) {

  static final ConfigKeys KEYS =
      ConfigKeys.of("paths", "mode", "salt", "headers", "keep-headers", "query", "keep-query");

  /**
   * @param section the {@code redact:} section, or null
   * @param redactHeaders the extra headers of {@code --redact-headers}
   * @param env for the salt ({@code SHADOW_REDACT_SALT})
   */
  static RedactionSetup read(
      ComparisonRules flags,
      List<String> redactHeaders,
      ConfigTree section,
      Map<String, String> env) {
    ConfigTree r = section == null ? null : section.keys(KEYS);
    return new RedactionSetup(
        body(flags, r, env), headers(flags, redactHeaders, r), query(flags, r));
  }

  private static BodyRedactor body(ComparisonRules flags, ConfigTree r, Map<String, String> env) {
    List<JsonPointerPattern> paths =
        new ArrayList<>(Comparators.pointers("--redact", flags.redact()));
    String salt = env.getOrDefault("SHADOW_REDACT_SALT", "");
    RedactionMode mode;
    if (r != null && r.has("mode")) {
      mode = r.parsed("mode", null, RedactionMode::parse);
    } else {
      String flag = flags.redactMode() == null ? "mask" : flags.redactMode();
      mode = Comparators.flag("--redact-mode", () -> RedactionMode.parse(flag));
    }
    if (r != null) {
      paths.addAll(Comparators.pointers(r, "paths"));
      salt = r.text("salt", salt);
    }
    return new BodyRedactor(paths, mode, salt);
  }

  private static HeaderRedactor headers(
      ComparisonRules flags, List<String> redactHeaders, ConfigTree r) {
    HeaderRedactor h = HeaderRedactor.DEFAULT;
    h = flagStep("--redact-headers", h, x -> x.redacting(nonBlank(redactHeaders)));
    h = keyStep(r, "headers", h, HeaderRedactor::redacting);
    h = flagStep("--keep-headers", h, x -> x.keeping(nonBlank(flags.keepHeaders())));
    return keyStep(r, "keep-headers", h, HeaderRedactor::keeping);
  }

  private static QueryRedactor query(ComparisonRules flags, ConfigTree r) {
    QueryRedactor q = QueryRedactor.DEFAULT;
    q = flagStep("--redact-query", q, x -> x.redacting(nonBlank(flags.redactQuery())));
    q = keyStep(r, "query", q, QueryRedactor::redacting);
    q = flagStep("--keep-query", q, x -> x.keeping(nonBlank(flags.keepQuery())));
    return keyStep(r, "keep-query", q, QueryRedactor::keeping);
  }

  private static <T> T flagStep(String flag, T value, UnaryOperator<T> change) {
    return Comparators.flag(flag, () -> change.apply(value));
  }

  private static <T> T keyStep(
      ConfigTree r, String key, T value, BiFunction<T, List<String>, T> change) {
    if (r == null) {
      return value;
    }
    List<String> names = r.list(key);
    try {
      return change.apply(value, names);
    } catch (IllegalArgumentException e) {
      throw r.error(key, e.getMessage());
    }
  }

  private static List<String> nonBlank(List<String> values) {
    List<String> out = new ArrayList<>();
    if (values != null) {
      for (String v : values) {
        if (!v.isBlank()) {
          out.add(v.strip());
        }
      }
    }
    return out;
  }
}
