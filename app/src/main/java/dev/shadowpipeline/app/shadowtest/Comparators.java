package dev.shadowpipeline.app.shadowtest;

import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.config.ConfigKeys;
import dev.shadowpipeline.app.config.ConfigTree;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.JsonPointerPattern;
import dev.shadowpipeline.shadow.compare.LabelComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.compare.RankingComparator;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.ScoreComparator;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.compare.TextComparator;
import dev.shadowpipeline.shadow.compare.embedding.EmbeddingClient;
import dev.shadowpipeline.shadow.compare.embedding.EmbeddingComparator;
import dev.shadowpipeline.shadow.compare.embedding.EmbeddingSimilarity;
import dev.shadowpipeline.shadow.compare.route.RouteTable;
import dev.shadowpipeline.shadow.redact.HeaderSecrets;
import dev.shadowpipeline.shadow.redact.UrlSecrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Output comparators from the config file ({@code comparators:} of a route, {@code embeddings:}) and from the flags;
 * every bad value is reported naming its key or flag.
 */
final class Comparators {

  static final ConfigKeys LABEL = ConfigKeys.of("type", "pointer", "flips", "severity");
  static final ConfigKeys FLIP = ConfigKeys.of("from", "to", "severity");
  static final ConfigKeys SCORE =
      ConfigKeys.of(
              "type", "pointer", "absolute", "relative", "severity", "threshold", "flip-severity")
          .formerlySnakeCase("flip-severity");
  static final ConfigKeys RANKING =
      ConfigKeys.of("type", "pointer", "id", "k", "persistence", "metric", "min", "severity");
  static final ConfigKeys TEXT = ConfigKeys.of("type", "pointer", "metric", "min", "severity");
  static final ConfigKeys SEMANTIC = ConfigKeys.of("type", "pointer", "min", "severity");
  static final ConfigKeys JSON = ConfigKeys.of("type", "ignore", "tolerance");
  static final ConfigKeys EMBEDDINGS =
      ConfigKeys.of("url", "key", "model", "min", "severity", "timeout", "max-concurrent", "cache")
          .formerlySnakeCase("max-concurrent");

  private static final double NO_LIMIT = Double.POSITIVE_INFINITY;

  private Comparators() {}

  /**
   * One entry of a route's {@code comparators:} list.
   *
   * @param semantic the {@code compare: semantic:} section, whose engine a {@code type: semantic} entry uses
   */
  static ResponseComparator fromConfig(
      ConfigTree spec,
      double tolerance,
      List<JsonPointerPattern> ignore,
      SemanticSection semantic) {
    String type = spec.requiredText("type");
    return switch (type) {
      case "label" -> {
        ConfigTree c = spec.keys(LABEL);
        List<LabelComparator.FlipRule> rules = new ArrayList<>();
        for (ConfigTree item : c.children("flips")) {
          ConfigTree flip = item.keys(FLIP);
          rules.add(
              flip.build(
                  () ->
                      new LabelComparator.FlipRule(
                          flip.requiredText("from"),
                          flip.requiredText("to"),
                          severity(flip, "severity", Severity.WARNING))));
        }
        yield c.build(
            () ->
                new LabelComparator(
                    new LabelComparator.Spec(
                        c.requiredText("pointer"),
                        rules,
                        severity(c, "severity", Severity.WARNING))));
      }
      case "score" -> {
        ConfigTree c = spec.keys(SCORE);
        NumericTolerance scoreTolerance =
            c.build(
                () ->
                    new NumericTolerance(
                        c.number("relative", ScoreComparator.DEFAULT_RELATIVE, 0, NO_LIMIT),
                        c.number("absolute", ScoreComparator.DEFAULT_ABSOLUTE, 0, NO_LIMIT)));
        yield c.build(
            () ->
                new ScoreComparator(
                    new ScoreComparator.Spec(
                        c.requiredText("pointer"),
                        scoreTolerance,
                        severity(c, "severity", Severity.WARNING),
                        c.optionalNumber("threshold"),
                        severity(c, "flip-severity", Severity.CRITICAL))));
      }
      case "ranking" -> {
        ConfigTree c = spec.keys(RANKING);
        yield c.build(
            () ->
                new RankingComparator(
                    new RankingComparator.Spec(
                        c.requiredText("pointer"),
                        c.text("id", null),
                        c.integer("k", RankingComparator.DEFAULT_K, 1),
                        c.number("persistence", RankingComparator.DEFAULT_PERSISTENCE),
                        c.parsed(
                            "metric",
                            RankingComparator.Metric.RBO,
                            RankingComparator.Metric::parse),
                        c.number("min", RankingComparator.DEFAULT_THRESHOLD, 0, 1),
                        severity(c, "severity", Severity.WARNING))));
      }
      case "text" -> {
        ConfigTree c = spec.keys(TEXT);
        String pointer = c.text("pointer", null);
        yield c.build(
            () ->
                new TextComparator(
                    new TextComparator.Spec(
                        pointer == null || pointer.equalsIgnoreCase("auto") ? null : pointer,
                        c.parsed(
                            "metric",
                            TextComparator.Metric.TOKEN_COSINE,
                            TextComparator.Metric::parse),
                        c.number("min", TextComparator.DEFAULT_THRESHOLD, 0, 1),
                        severity(c, "severity", Severity.WARNING),
                        TextComparator.DEFAULT_MAX_TOKENS)));
      }
      case "semantic" -> {
        ConfigTree c = spec.keys(SEMANTIC);
        String pointer = c.text("pointer", null);
        Double min = c.has("min") ? c.number("min", 0, -1, 1) : null;
        Severity severity = c.has("severity") ? severity(c, "severity", Severity.WARNING) : null;
        yield c.build(
            () ->
                semantic.comparator(
                    pointer == null || pointer.equalsIgnoreCase("auto") ? null : pointer,
                    min,
                    severity));
      }
      case "json" -> {
        ConfigTree c = spec.keys(JSON);
        List<JsonPointerPattern> own = c.has("ignore") ? pointers(c, "ignore") : ignore;
        double tol = c.number("tolerance", tolerance, 0, NO_LIMIT);
        yield c.build(() -> JsonComparator.bodiesOnly(NumericTolerance.relative(tol), own));
      }
      default ->
          throw spec.error(
              "type",
              "unknown comparator '"
                  + type
                  + "' (known: label, score, ranking, text, semantic, json)");
    };
  }

  /**
   * The table with the embedding cosine added to text comparisons, from any OpenAI-compatible
   * {@code /v1/embeddings} endpoint; URL and key come from the environment through {@code ${...}} in the file, and
   * the key is never printed.
   */
  static ResponseComparator withEmbeddings(RouteTable table, ConfigTree section) {
    ConfigTree e = section.keys(EMBEDDINGS);
    String url = e.requiredText("url");
    URI base = baseUrl(e, url);
    String key = e.parsed("key", null, v -> HeaderSecrets.value("the API key", v));
    EmbeddingClient.Config config =
        e.build(
            () ->
                new EmbeddingClient.Config(
                    base,
                    key == null || key.isBlank() ? null : key,
                    e.text("model", "text-embedding-3-small"),
                    e.duration("timeout", EmbeddingClient.DEFAULT_TIMEOUT),
                    e.integer("max-concurrent", EmbeddingClient.DEFAULT_MAX_CONCURRENT, 1),
                    e.integer("cache", EmbeddingClient.DEFAULT_CACHE_SIZE, 0)));
    EmbeddingSimilarity.Spec spec =
        e.build(
            () ->
                new EmbeddingSimilarity.Spec(
                    e.number("min", EmbeddingSimilarity.DEFAULT_THRESHOLD, -1, 1),
                    severity(e, "severity", Severity.WARNING)));
    return new EmbeddingComparator(
        table, new EmbeddingSimilarity(new EmbeddingClient(config), spec));
  }

  /**
   * The base URL of an OpenAI-compatible server (judge, embeddings) under {@code url} in {@code tree}, to which the
   * client appends its path. Refused, naming the key, when its scheme is not http or https, when it has no host, or has a query or
   * fragment (the path would land after the query; a key there belongs in the {@code key} setting). The messages
   * never repeat the URL's user-info or query: the parser's own message quotes the input, so only its reason is kept.
   */
  static URI baseUrl(ConfigTree tree, String url) {
    URI base;
    try {
      base = new URI(url.strip());
    } catch (URISyntaxException ex) {
      throw tree.error(
          "url",
          "not a URL ("
              + ex.getReason()
              + " at index "
              + ex.getIndex()
              + "): "
              + UrlSecrets.maskAll(url.strip()));
    }
    if (base.getScheme() != null
        && !base.getScheme().equalsIgnoreCase("http")
        && !base.getScheme().equalsIgnoreCase("https")) {
      // the clients refuse any other scheme too, but as a crash, far from the config key
      throw tree.error(
          "url", "must be an http:// or https:// URL: " + UrlSecrets.maskAll(url.strip()));
    }
    if (base.getScheme() == null || base.getHost() == null) {
      throw tree.error(
          "url", "not a URL (expected an http(s) URL): " + UrlSecrets.maskAll(url.strip()));
    }
    if (base.getRawQuery() != null || base.getRawFragment() != null) {
      throw tree.error(
          "url",
          "must not have a query or fragment (the API key goes in 'key', from ${VAR}): "
              + UrlSecrets.maskAll(url.strip()));
    }
    return base;
  }

  /** The comparators the flags describe, for the catch-all route. */
  static List<ResponseComparator> fromFlags(ComparisonRules f) {
    List<ResponseComparator> out = new ArrayList<>();
    if (f.label() != null) {
      List<LabelComparator.FlipRule> rules = new ArrayList<>();
      for (String flip : f.criticalFlips() == null ? List.<String>of() : f.criticalFlips()) {
        if (flip.isBlank()) {
          continue;
        }
        int colon = flip.indexOf(':');
        if (colon <= 0 || colon == flip.length() - 1) {
          throw new ConfigException(
              "--critical-flip: expected FROM:TO such as reject:approve, got '" + flip + "'");
        }
        rules.add(
            flag(
                "--critical-flip",
                () ->
                    new LabelComparator.FlipRule(
                        flip.substring(0, colon).trim(),
                        flip.substring(colon + 1).trim(),
                        Severity.CRITICAL)));
      }
      out.add(
          flag(
              "--label",
              () ->
                  new LabelComparator(
                      new LabelComparator.Spec(f.label(), rules, Severity.WARNING))));
    }
    if (f.score() != null) {
      out.add(
          flag(
              "--score",
              () -> {
                ScoreComparator.Spec spec =
                    ScoreComparator.Spec.of(f.score()).withTolerance(f.scoreTolerance(), 0);
                if (f.decisionThreshold() != null) {
                  spec = spec.withDecision(f.decisionThreshold(), Severity.CRITICAL);
                }
                return new ScoreComparator(spec);
              }));
    }
    if (f.ranking() != null) {
      out.add(
          flag(
              "--ranking",
              () -> {
                RankingComparator.Spec spec =
                    RankingComparator.Spec.of(f.ranking())
                        .withDecision(RankingComparator.Metric.RBO, f.minRbo());
                return new RankingComparator(
                    f.rankingId() == null ? spec : spec.withIdPointer(f.rankingId()));
              }));
    }
    if (f.text() != null) {
      String pointer = f.text().equalsIgnoreCase("auto") ? null : f.text();
      out.add(
          flag(
              "--text",
              () ->
                  new TextComparator(
                      new TextComparator.Spec(
                          pointer,
                          TextComparator.Metric.TOKEN_COSINE,
                          f.minSimilarity(),
                          Severity.WARNING,
                          TextComparator.DEFAULT_MAX_TOKENS))));
    }
    return out;
  }

  static Severity severity(ConfigTree c, String key, Severity fallback) {
    return c.parsed(key, fallback, Severity::parse);
  }

  /** JSON Pointer patterns from a key of the file. */
  static List<JsonPointerPattern> pointers(ConfigTree c, String key) {
    List<JsonPointerPattern> out = new ArrayList<>();
    for (String v : c.list(key)) {
      if (!v.isBlank()) {
        try {
          out.add(JsonPointerPattern.parse(v.strip()));
        } catch (IllegalArgumentException e) {
          throw c.error(key, e.getMessage());
        }
      }
    }
    return out;
  }

  /** JSON Pointer patterns from a flag. */
  static List<JsonPointerPattern> pointers(String flag, List<String> values) {
    List<JsonPointerPattern> out = new ArrayList<>();
    if (values != null) {
      for (String v : values) {
        if (!v.isBlank()) {
          out.add(flag(flag, () -> JsonPointerPattern.parse(v.strip())));
        }
      }
    }
    return out;
  }

  /** Runs a step that builds a value from a flag and names the flag when the library refuses it. */
  static <T> T flag(String flag, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(flag + ": " + e.getMessage());
    }
  }
}
