package dev.shadowpipeline.app.shadowtest;

import dev.shadowpipeline.app.config.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.app.config.ConfigTree;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.compare.ErrorComparator;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.JsonPointerPattern;
import dev.shadowpipeline.shadow.compare.LabelComparator;
import dev.shadowpipeline.shadow.compare.LatencyComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.compare.RankingComparator;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.ScoreComparator;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.compare.TextComparator;
import dev.shadowpipeline.shadow.compare.embedding.EmbeddingClient;
import dev.shadowpipeline.shadow.compare.embedding.EmbeddingComparator;
import dev.shadowpipeline.shadow.compare.embedding.EmbeddingSimilarity;
import dev.shadowpipeline.shadow.compare.route.PathPattern;
import dev.shadowpipeline.shadow.compare.route.Route;
import dev.shadowpipeline.shadow.compare.route.RouteTable;
import dev.shadowpipeline.shadow.memory.MemoryDefaults;
import dev.shadowpipeline.shadow.record.HeaderRedactor;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import dev.shadowpipeline.shadow.redact.QueryRedactor;
import dev.shadowpipeline.shadow.redact.RedactionMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the comparison rules from flags and from the config file's {@code compare:} and {@code redact:} sections.
 * Routes are framed by {@link RouteTable#framed}: errors first, latency last; requests no route matches get the
 * structural JSON comparison. Flags describe one extra catch-all route, tried after the configured ones.
 */
public final class ComparisonSetup {

  private static final Set<String> COMPARE_KEYS =
      Set.of("tolerance", "ignore", "latency_budget", "latency_severity", "errors", "routes", "embeddings");
  private static final Set<String> EMBEDDING_KEYS =
      Set.of("url", "key", "model", "min", "severity", "timeout", "max_concurrent", "cache");
  private static final Set<String> ROUTE_KEYS = Set.of("path", "methods", "comparators");
  private static final Set<String> REDACT_KEYS =
      Set.of("paths", "mode", "salt", "headers", "keep-headers", "query", "keep-query");

  private ComparisonSetup() {}

  /**
   * The capture settings from flags and the {@code compare:} and {@code redact:} sections of {@code configFile}
   * (none when it is {@code null}).
   */
  public static CaptureSettings build(ComparisonRules flags, Path configFile, double tolerance, List<String> ignore,
      List<String> redactHeaders, Map<String, String> env) {
    ConfigFile file = configFile == null ? null : ConfigFile.load(configFile, env);
    return build(flags, file == null ? null : file.tree("compare"), file == null ? null : file.tree("redact"),
        tolerance, ignore, redactHeaders, env);
  }

  /**
   * The capture settings.
   *
   * @param flags the command's comparison flags
   * @param compare the config file's {@code compare:} section, or {@code null}
   * @param redactSection the config file's {@code redact:} section, or {@code null}
   * @param tolerance relative tolerance for JSON numbers (flag or config)
   * @param ignore ignored JSON fields (flag or config)
   * @param redactHeaders extra headers to mask
   * @param env for the redaction salt
   * @throws ConfigException naming the flag or config key of any bad value
   */
  public static CaptureSettings build(ComparisonRules flags, JsonNode compare, JsonNode redactSection,
      double tolerance, List<String> ignore, List<String> redactHeaders, Map<String, String> env) {
    if (flags.label() == null && flags.criticalFlips() != null && !flags.criticalFlips().isEmpty()) {
      throw new ConfigException("--critical-flip needs --label: which output holds the label?");
    }
    List<JsonPointerPattern> ignored = pointers("--ignore", ignore);
    Duration budget = flags.latencyBudget();
    Severity latencySeverity = Severity.INFO;
    ErrorComparator.Spec errors = ErrorComparator.Spec.defaults();
    List<Route> routes = new ArrayList<>();
    ConfigTree embeddings = null;
    if (compare != null) {
      ConfigTree c = new ConfigTree(compare, "compare");
      c.allowOnly(COMPARE_KEYS);
      if (c.has("tolerance")) {
        tolerance = c.number("tolerance", tolerance);
      }
      if (c.has("ignore")) {
        ignored = pointers("compare.ignore", c.list("ignore"));
      }
      budget = c.duration("latency_budget", budget);
      latencySeverity = severity(c, "latency_severity", latencySeverity);
      ConfigTree e = c.child("errors");
      if (e != null) {
        e.allowOnly(Set.of("status_class", "shadow_timeout", "shadow_error", "primary_error"));
        ErrorComparator.Spec d = errors;
        errors = new ErrorComparator.Spec(severity(e, "status_class", d.statusClass()),
            severity(e, "shadow_timeout", d.shadowTimeout()), severity(e, "shadow_error", d.shadowError()),
            severity(e, "primary_error", d.primaryError()));
      }
      embeddings = c.child("embeddings");
      double tol = tolerance;
      List<JsonPointerPattern> ign = ignored;
      for (ConfigTree r : c.children("routes")) {
        r.allowOnly(ROUTE_KEYS);
        PathPattern path = r.build(() -> PathPattern.parse(r.requiredText("path")));
        List<ResponseComparator> outputs = new ArrayList<>();
        for (ConfigTree spec : r.children("comparators")) {
          outputs.add(fromConfig(spec, tol, ign));
        }
        if (outputs.isEmpty()) {
          throw new ConfigException(r.where() + ": 'comparators' must list at least one comparator");
        }
        routes.add(new Route(path, new LinkedHashSet<>(r.list("methods")), outputs));
      }
    }
    ErrorComparator errorComparator = new ErrorComparator(errors);
    Duration b = budget;
    Severity ls = latencySeverity;
    LatencyComparator latency = build("--latency-budget", () -> new LatencyComparator(new LatencyComparator.Spec(b, ls)));
    if (flags.anyOutput()) {
      routes.add(new Route(PathPattern.parse("/**"), Set.of(), fromFlags(flags)));
    }
    RouteTable table = RouteTable.framed(routes, JsonComparator.bodiesOnly(NumericTolerance.relative(tolerance),
        ignored), errorComparator, latency);
    BodyRedactor redactor = redactor(flags, redactSection, env);
    HeaderRedactor headers = headerRedactor(flags, redactHeaders, redactSection);
    QueryRedactor query = queryRedactor(flags, redactSection);
    int suiteMax = flags.suiteMax();
    long suiteMaxBytes = flags.suiteMaxBytes() != null ? flags.suiteMaxBytes() : MemoryDefaults.suiteBytes();
    ResponseComparator comparator = embeddings == null ? table : withEmbeddings(table, embeddings);
    return build(flags.suiteMaxBytes() != null && suiteMaxBytes < 1 ? "--suite-max-bytes" : "--suite-max",
        () -> new CaptureSettings(comparator, headers, query, redactor, suiteMax, suiteMaxBytes,
            Duration.ofSeconds(5)));
  }

  // embedding cosine for text comparisons, from any OpenAI-compatible /v1/embeddings endpoint; URL and key come from
  // the environment through ${...} in the file, and the key is never printed
  private static ResponseComparator withEmbeddings(RouteTable table, ConfigTree e) {
    e.allowOnly(EMBEDDING_KEYS);
    String url = e.requiredText("url");
    java.net.URI base;
    try {
      base = java.net.URI.create(url.trim());
      if (base.getScheme() == null || base.getHost() == null) {
        throw new IllegalArgumentException("expected an http(s) URL");
      }
    } catch (IllegalArgumentException ex) {
      throw new ConfigException(e.where() + ".url: not a URL (" + ex.getMessage() + ")");
    }
    String key = e.text("key", null);
    EmbeddingClient.Config config = e.build(() -> new EmbeddingClient.Config(base,
        key == null || key.isBlank() ? null : key, e.text("model", "text-embedding-3-small"),
        e.duration("timeout", EmbeddingClient.DEFAULT_TIMEOUT),
        e.integer("max_concurrent", EmbeddingClient.DEFAULT_MAX_CONCURRENT),
        e.integer("cache", EmbeddingClient.DEFAULT_CACHE_SIZE)));
    EmbeddingSimilarity.Spec spec = e.build(() -> new EmbeddingSimilarity.Spec(
        e.number("min", EmbeddingSimilarity.DEFAULT_THRESHOLD), severity(e, "severity", Severity.WARNING)));
    return new EmbeddingComparator(table, new EmbeddingSimilarity(new EmbeddingClient(config), spec));
  }

  private static List<ResponseComparator> fromFlags(ComparisonRules f) {
    List<ResponseComparator> out = new ArrayList<>();
    if (f.label() != null) {
      List<LabelComparator.FlipRule> rules = new ArrayList<>();
      for (String flip : f.criticalFlips() == null ? List.<String>of() : f.criticalFlips()) {
        if (flip.isBlank()) {
          continue;
        }
        int colon = flip.indexOf(':');
        if (colon <= 0 || colon == flip.length() - 1) {
          throw new ConfigException("--critical-flip: expected FROM:TO such as reject:approve, got '" + flip + "'");
        }
        rules.add(build("--critical-flip",
            () -> new LabelComparator.FlipRule(flip.substring(0, colon).trim(), flip.substring(colon + 1).trim(),
                Severity.CRITICAL)));
      }
      out.add(build("--label", () -> new LabelComparator(new LabelComparator.Spec(f.label(), rules, Severity.WARNING))));
    }
    if (f.score() != null) {
      out.add(build("--score", () -> {
        ScoreComparator.Spec spec = ScoreComparator.Spec.of(f.score()).withTolerance(f.scoreTolerance(), 0);
        if (f.decisionThreshold() != null) {
          spec = spec.withDecision(f.decisionThreshold(), Severity.CRITICAL);
        }
        return new ScoreComparator(spec);
      }));
    }
    if (f.ranking() != null) {
      out.add(build("--ranking", () -> {
        RankingComparator.Spec spec = RankingComparator.Spec.of(f.ranking())
            .withDecision(RankingComparator.Metric.RBO, f.minRbo());
        return new RankingComparator(f.rankingId() == null ? spec : spec.withIdPointer(f.rankingId()));
      }));
    }
    if (f.text() != null) {
      String pointer = f.text().equalsIgnoreCase("auto") ? null : f.text();
      out.add(build("--text", () -> new TextComparator(new TextComparator.Spec(pointer,
          TextComparator.Metric.TOKEN_COSINE, f.minSimilarity(), Severity.WARNING, TextComparator.DEFAULT_MAX_TOKENS))));
    }
    return out;
  }

  private static ResponseComparator fromConfig(ConfigTree c, double tolerance, List<JsonPointerPattern> ignore) {
    String type = c.requiredText("type");
    return switch (type) {
      case "label" -> {
        c.allowOnly(Set.of("type", "pointer", "flips", "severity"));
        List<LabelComparator.FlipRule> rules = new ArrayList<>();
        for (ConfigTree flip : c.children("flips")) {
          flip.allowOnly(Set.of("from", "to", "severity"));
          rules.add(flip.build(() -> new LabelComparator.FlipRule(flip.requiredText("from"), flip.requiredText("to"),
              severity(flip, "severity", Severity.WARNING))));
        }
        yield c.build(() -> new LabelComparator(new LabelComparator.Spec(c.requiredText("pointer"), rules,
            severity(c, "severity", Severity.WARNING))));
      }
      case "score" -> {
        c.allowOnly(Set.of("type", "pointer", "absolute", "relative", "severity", "threshold", "flip_severity"));
        yield c.build(() -> new ScoreComparator(new ScoreComparator.Spec(c.requiredText("pointer"),
            new NumericTolerance(c.number("relative", ScoreComparator.DEFAULT_RELATIVE),
                c.number("absolute", ScoreComparator.DEFAULT_ABSOLUTE)),
            severity(c, "severity", Severity.WARNING), c.optionalNumber("threshold"),
            severity(c, "flip_severity", Severity.CRITICAL))));
      }
      case "ranking" -> {
        c.allowOnly(Set.of("type", "pointer", "id", "k", "persistence", "metric", "min", "severity"));
        yield c.build(() -> new RankingComparator(new RankingComparator.Spec(c.requiredText("pointer"),
            c.text("id", null), c.integer("k", RankingComparator.DEFAULT_K),
            c.number("persistence", RankingComparator.DEFAULT_PERSISTENCE),
            RankingComparator.Metric.parse(c.text("metric", "rbo")),
            c.number("min", RankingComparator.DEFAULT_THRESHOLD), severity(c, "severity", Severity.WARNING))));
      }
      case "text" -> {
        c.allowOnly(Set.of("type", "pointer", "metric", "min", "severity"));
        String pointer = c.text("pointer", null);
        yield c.build(() -> new TextComparator(new TextComparator.Spec(
            pointer == null || pointer.equalsIgnoreCase("auto") ? null : pointer,
            TextComparator.Metric.parse(c.text("metric", "token_cosine")),
            c.number("min", TextComparator.DEFAULT_THRESHOLD), severity(c, "severity", Severity.WARNING),
            TextComparator.DEFAULT_MAX_TOKENS)));
      }
      case "json" -> {
        c.allowOnly(Set.of("type", "ignore", "tolerance"));
        List<JsonPointerPattern> own = c.has("ignore") ? pointers(c.where() + ".ignore", c.list("ignore")) : ignore;
        double tol = c.number("tolerance", tolerance);
        yield c.build(() -> JsonComparator.bodiesOnly(NumericTolerance.relative(tol), own));
      }
      default -> throw new ConfigException(c.where() + ".type: unknown comparator '" + type
          + "' (known: label, score, ranking, text, json)");
    };
  }

  // the default credential deny-list, extended and allow-listed by the flags and then by the file; each step names
  // its flag or key when it refuses a name (blank, or a credential name someone tried to keep)
  private static HeaderRedactor headerRedactor(ComparisonRules flags, List<String> redactHeaders,
      JsonNode section) {
    HeaderRedactor h = HeaderRedactor.DEFAULT;
    h = step("--redact-headers", h, x -> x.redacting(nonBlank(redactHeaders)));
    h = step("redact.headers", h, x -> x.redacting(list(section, "headers")));
    h = step("--keep-headers", h, x -> x.keeping(nonBlank(flags.keepHeaders())));
    return step("redact.keep-headers", h, x -> x.keeping(list(section, "keep-headers")));
  }

  private static QueryRedactor queryRedactor(ComparisonRules flags, JsonNode section) {
    QueryRedactor q = QueryRedactor.DEFAULT;
    q = step("--redact-query", q, x -> x.redacting(nonBlank(flags.redactQuery())));
    q = step("redact.query", q, x -> x.redacting(list(section, "query")));
    q = step("--keep-query", q, x -> x.keeping(nonBlank(flags.keepQuery())));
    return step("redact.keep-query", q, x -> x.keeping(list(section, "keep-query")));
  }

  private static <T> T step(String where, T value, java.util.function.UnaryOperator<T> change) {
    return build(where, () -> change.apply(value));
  }

  private static List<String> list(JsonNode section, String key) {
    return section == null ? List.of() : new ConfigTree(section, "redact").list(key);
  }

  private static List<String> nonBlank(List<String> values) {
    List<String> out = new ArrayList<>();
    if (values != null) {
      for (String v : values) {
        if (!v.isBlank()) {
          out.add(v.trim());
        }
      }
    }
    return out;
  }

  private static BodyRedactor redactor(ComparisonRules flags, JsonNode section, Map<String, String> env) {
    List<String> paths = new ArrayList<>(flags.redact() == null ? List.of() : flags.redact());
    String mode = flags.redactMode();
    String salt = env.getOrDefault("SHADOW_REDACT_SALT", "");
    String where = "--redact";
    if (section != null) {
      ConfigTree r = new ConfigTree(section, "redact");
      r.allowOnly(REDACT_KEYS);
      paths.addAll(r.list("paths"));
      mode = r.text("mode", mode);
      salt = r.text("salt", salt);
      where = "redact.paths";
    }
    List<JsonPointerPattern> patterns = pointers(where, paths);
    String finalMode = mode == null ? "mask" : mode;
    RedactionMode m = build(section != null && section.has("mode") ? "redact.mode" : "--redact-mode",
        () -> RedactionMode.parse(finalMode));
    return new BodyRedactor(patterns, m, salt);
  }

  private static Severity severity(ConfigTree c, String key, Severity fallback) {
    String v = c.text(key, null);
    return v == null ? fallback : c.build(() -> Severity.parse(v));
  }

  private static List<JsonPointerPattern> pointers(String where, List<String> values) {
    List<JsonPointerPattern> out = new ArrayList<>();
    if (values == null) {
      return out;
    }
    for (String v : values) {
      if (!v.isBlank()) {
        out.add(build(where, () -> JsonPointerPattern.parse(v.trim())));
      }
    }
    return out;
  }

  private static <T> T build(String where, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ": " + e.getMessage());
    }
  }
}
