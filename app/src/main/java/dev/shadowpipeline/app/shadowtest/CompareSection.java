package dev.shadowpipeline.app.shadowtest;

import dev.shadowpipeline.app.config.ConfigKeys;
import dev.shadowpipeline.app.config.ConfigTree;
import dev.shadowpipeline.shadow.compare.ErrorComparator;
import dev.shadowpipeline.shadow.compare.JsonPointerPattern;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.compare.route.PathPattern;
import dev.shadowpipeline.shadow.compare.route.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What the {@code compare:} section says, over what the flags said: JSON tolerance and ignored fields, the latency
 * budget, the severities of transport errors, the routes, and the embedding endpoint.
 *
 * @param tolerance relative tolerance of JSON numbers
 * @param ignored JSON fields left out of the JSON comparison
 * @param latencyBudget a shadow slower by more than this diverges
 * @param latencySeverity the severity of that divergence
 * @param errors the severities of transport errors
 * @param routes the configured routes, in order
 * @param embeddings the {@code embeddings:} section, or null
 * @param semantic the {@code semantic:} section (the local embedding model), defaults when absent
 */
record CompareSection(
    double tolerance,
    List<JsonPointerPattern> ignored,
    Duration latencyBudget,
    Severity latencySeverity,
    ErrorComparator.Spec errors,
    List<Route> routes,
    ConfigTree embeddings,
    SemanticSection semantic) {

  static final ConfigKeys KEYS =
      ConfigKeys.of(
              "tolerance",
              "ignore",
              "latency-budget",
              "latency-severity",
              "errors",
              "routes",
              "embeddings",
              "judge",
              "semantic")
          .formerlySnakeCase("latency-budget", "latency-severity");
  static final ConfigKeys ERRORS =
      ConfigKeys.of("status-class", "shadow-timeout", "shadow-error", "primary-error")
          .formerlySnakeCase("status-class", "shadow-timeout", "shadow-error", "primary-error");
  static final ConfigKeys ROUTE = ConfigKeys.of("path", "methods", "comparators");

  CompareSection {
    ignored = List.copyOf(ignored);
    routes = List.copyOf(routes);
  }

  /**
   * The section over the flags' values.
   *
   * @param section the {@code compare:} section, or null for none: the flags' values alone
   */
  static CompareSection read(
      ConfigTree section,
      double tolerance,
      List<JsonPointerPattern> ignored,
      Duration latencyBudget) {
    ErrorComparator.Spec errors = ErrorComparator.Spec.defaults();
    if (section == null) {
      return new CompareSection(
          tolerance,
          ignored,
          latencyBudget,
          Severity.INFO,
          errors,
          List.of(),
          null,
          SemanticSection.defaults());
    }
    ConfigTree c = section.keys(KEYS);
    double tol = c.number("tolerance", tolerance, 0, Double.POSITIVE_INFINITY);
    List<JsonPointerPattern> ign = c.has("ignore") ? Comparators.pointers(c, "ignore") : ignored;
    Duration budget = c.duration("latency-budget", latencyBudget);
    Severity latencySeverity = Comparators.severity(c, "latency-severity", Severity.INFO);
    ConfigTree e = c.child("errors");
    if (e != null) {
      ConfigTree k = e.keys(ERRORS);
      errors =
          new ErrorComparator.Spec(
              Comparators.severity(k, "status-class", errors.statusClass()),
              Comparators.severity(k, "shadow-timeout", errors.shadowTimeout()),
              Comparators.severity(k, "shadow-error", errors.shadowError()),
              Comparators.severity(k, "primary-error", errors.primaryError()));
    }
    ConfigTree embeddings = c.child("embeddings");
    SemanticSection semantic = SemanticSection.read(c.child("semantic"));
    List<Route> routes = new ArrayList<>();
    for (ConfigTree item : c.children("routes")) {
      routes.add(route(item.keys(ROUTE), tol, ign, semantic));
    }
    return new CompareSection(
        tol, ign, budget, latencySeverity, errors, routes, embeddings, semantic);
  }

  private static Route route(
      ConfigTree r, double tolerance, List<JsonPointerPattern> ignored, SemanticSection semantic) {
    r.requiredText("path");
    PathPattern path = r.parsed("path", null, PathPattern::parse);
    List<ResponseComparator> outputs = new ArrayList<>();
    for (ConfigTree spec : r.children("comparators")) {
      outputs.add(Comparators.fromConfig(spec, tolerance, ignored, semantic));
    }
    if (outputs.isEmpty()) {
      throw r.error("comparators", "must list at least one comparator");
    }
    return new Route(path, new LinkedHashSet<>(r.list("methods")), outputs);
  }
}
