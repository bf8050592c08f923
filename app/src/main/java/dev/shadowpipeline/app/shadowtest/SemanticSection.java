package dev.shadowpipeline.app.shadowtest;

import dev.shadowpipeline.app.config.ByteSizes;
import dev.shadowpipeline.app.config.ConfigKeys;
import dev.shadowpipeline.app.config.ConfigTree;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.compare.TextComparator;
import dev.shadowpipeline.shadow.compare.route.Route;
import dev.shadowpipeline.shadow.compare.semantic.SemanticComparator;
import dev.shadowpipeline.shadow.compare.semantic.SemanticEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code compare: semantic:} section: the local embedding model's engine (model, queue, batch, cache, wait) shared
 * by every {@code type: semantic} comparator, and, with {@code enabled: true}, a semantic comparator added to every
 * route that compares text (reading the text where that route's text comparator reads it). One engine, started on
 * first use, so that a configuration that names no semantic comparator loads no model.
 */
final class SemanticSection {

  static final ConfigKeys KEYS =
      ConfigKeys.of(
          "enabled",
          "model",
          "min",
          "severity",
          "queue",
          "queue-bytes",
          "batch",
          "cache",
          "max-wait",
          "threads",
          "max-chars");

  private final boolean enabled;
  private final double min;
  private final Severity severity;
  private final SemanticEngine.Settings settings;
  private SemanticEngine engine;

  private SemanticSection(
      boolean enabled, double min, Severity severity, SemanticEngine.Settings settings) {
    this.enabled = enabled;
    this.min = min;
    this.severity = severity;
    this.settings = settings;
  }

  /** The defaults, when the section is absent: not enabled, the quantized model, threshold 0.8. */
  static SemanticSection defaults() {
    return new SemanticSection(
        false,
        SemanticComparator.DEFAULT_THRESHOLD,
        Severity.WARNING,
        SemanticEngine.Settings.defaults());
  }

  /** Reads the section ({@code null}: the defaults). */
  static SemanticSection read(ConfigTree section) {
    if (section == null) {
      return defaults();
    }
    ConfigTree c = section.keys(KEYS);
    SemanticEngine.Settings d = SemanticEngine.Settings.defaults();
    boolean enabled = c.parsed("enabled", false, SemanticSection::bool);
    double min = c.number("min", SemanticComparator.DEFAULT_THRESHOLD, -1, 1);
    Severity severity = Comparators.severity(c, "severity", Severity.WARNING);
    long queueBytes = c.parsed("queue-bytes", d.queueBytes(), v -> ByteSizes.parse(v.strip()));
    SemanticEngine.Settings settings =
        c.build(
            () ->
                new SemanticEngine.Settings(
                    c.text("model", d.model()),
                    c.integer("queue", d.queuePairs(), 1),
                    queueBytes,
                    c.integer("batch", d.batchTexts(), 1),
                    c.integer("cache", d.cacheEntries(), 0),
                    c.duration("max-wait", d.maxWait()),
                    c.integer("threads", d.threads(), 1),
                    c.integer("max-chars", d.maxChars(), 1)));
    return new SemanticSection(enabled, min, severity, settings);
  }

  private static boolean bool(String v) {
    return switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("expected true or false, got '" + v + "'");
    };
  }

  /** The shared engine, made on first call (its model loads on first use). */
  synchronized SemanticEngine engine() {
    if (engine == null) {
      engine = SemanticEngine.lazy(settings);
    }
    return engine;
  }

  /** A semantic comparator with this section's threshold and severity, unless the entry gives its own. */
  SemanticComparator comparator(String pointer, Double ownMin, Severity ownSeverity) {
    return new SemanticComparator(
        new SemanticComparator.Spec(
            pointer, ownMin == null ? min : ownMin, ownSeverity == null ? severity : ownSeverity),
        engine());
  }

  /**
   * The routes, each that has a text comparator and no semantic one given a semantic comparator after it when the
   * section is enabled; unchanged otherwise.
   */
  List<Route> withDefaults(List<Route> routes) {
    if (!enabled) {
      return routes;
    }
    List<Route> out = new ArrayList<>(routes.size());
    for (Route r : routes) {
      boolean hasSemantic = r.comparators().stream().anyMatch(c -> c instanceof SemanticComparator);
      List<ResponseComparator> comparators = new ArrayList<>();
      for (ResponseComparator c : r.comparators()) {
        comparators.add(c);
        if (!hasSemantic && c instanceof TextComparator text) {
          comparators.add(comparator(text.spec().pointer(), null, null));
        }
      }
      out.add(new Route(r.path(), r.methods(), comparators));
    }
    return out;
  }
}
