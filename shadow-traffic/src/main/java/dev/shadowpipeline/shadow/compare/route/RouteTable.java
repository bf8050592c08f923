package dev.shadowpipeline.shadow.compare.route;

import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.PendingVerdict;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.Verdict;
import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the first route whose path and method match the request and combines its comparators' verdicts; requests
 * no route matches get the fallback comparators. Pure and thread-safe like the comparators it holds. Comparators
 * with counters of their own (the semantic one) register them through {@link #bindTo}.
 */
public final class RouteTable implements ResponseComparator, MeterBinder {

  /** Differences listed per combined verdict. */
  public static final int MAX_LISTED = 20;

  private final List<Route> routes;
  private final List<ResponseComparator> fallback;

  /**
   * @param routes tried in order
   * @param fallback for requests no route matches
   */
  public RouteTable(List<Route> routes, List<ResponseComparator> fallback) {
    this.routes = List.copyOf(routes);
    this.fallback = List.copyOf(fallback);
    if (this.fallback.isEmpty()) {
      throw new IllegalArgumentException("the fallback needs at least one comparator");
    }
  }

  /**
   * The shape every configured table has: transport errors are judged first and latency last, around each route's
   * own comparators; requests no route matches get {@code fallback} (usually the JSON comparison) in the same frame.
   *
   * @param routes routes holding only their output comparators (label, score, ranking, text, json)
   */
  public static RouteTable framed(
      List<Route> routes,
      ResponseComparator fallback,
      ResponseComparator errors,
      ResponseComparator latency) {
    List<Route> full = new ArrayList<>(routes.size());
    for (Route r : routes) {
      full.add(new Route(r.path(), r.methods(), frame(errors, r.comparators(), latency)));
    }
    return new RouteTable(full, frame(errors, List.of(fallback), latency));
  }

  private static List<ResponseComparator> frame(
      ResponseComparator first, List<ResponseComparator> middle, ResponseComparator last) {
    List<ResponseComparator> all = new ArrayList<>(middle.size() + 2);
    all.add(first);
    all.addAll(middle);
    all.add(last);
    return all;
  }

  @Override
  public String name() {
    return "routes";
  }

  /** Without a request only the fallback applies. */
  @Override
  public Verdict compare(Answer primary, Answer shadow) {
    return run(fallback, primary, shadow);
  }

  @Override
  public Verdict compare(CapturedRequest request, Answer primary, Answer shadow) {
    return run(comparatorsFor(request.method(), request.path()), primary, shadow);
  }

  /** Without a request only the fallback applies. */
  @Override
  public PendingVerdict compareLater(Answer primary, Answer shadow) {
    return runLater(fallback, primary, shadow);
  }

  /** The route's comparators, each started without waiting; combined as {@link #compare} combines them. */
  @Override
  public PendingVerdict compareLater(CapturedRequest request, Answer primary, Answer shadow) {
    return runLater(comparatorsFor(request.method(), request.path()), primary, shadow);
  }

  /** The longest delay of any comparator in the table. */
  @Override
  public Duration longestDelay() {
    Duration longest = Duration.ZERO;
    for (ResponseComparator c : all()) {
      Duration d = c.longestDelay();
      if (d.compareTo(longest) > 0) {
        longest = d;
      }
    }
    return longest;
  }

  /** The comparators that judge a request. */
  public List<ResponseComparator> comparatorsFor(String method, String path) {
    for (Route route : routes) {
      if (route.applies(method, path)) {
        return route.comparators();
      }
    }
    return fallback;
  }

  private static Verdict run(List<ResponseComparator> comparators, Answer primary, Answer shadow) {
    List<Verdict> verdicts = new ArrayList<>(comparators.size());
    for (ResponseComparator c : comparators) {
      verdicts.add(c.compare(primary, shadow));
    }
    return Verdict.combine(verdicts, MAX_LISTED);
  }

  private static PendingVerdict runLater(
      List<ResponseComparator> comparators, Answer primary, Answer shadow) {
    List<PendingVerdict> verdicts = new ArrayList<>(comparators.size());
    for (ResponseComparator c : comparators) {
      verdicts.add(c.compareLater(primary, shadow));
    }
    return PendingVerdict.combine(verdicts, MAX_LISTED);
  }

  private List<ResponseComparator> all() {
    List<ResponseComparator> all = new ArrayList<>(fallback);
    for (Route r : routes) {
      all.addAll(r.comparators());
    }
    return all;
  }

  /** The routes, in order. */
  public List<Route> routes() {
    return routes;
  }

  /** Registers the counters of every comparator that has some (once per comparator). */
  @Override
  public void bindTo(MeterRegistry registry) {
    all().stream()
        .filter(c -> c instanceof MeterBinder)
        .distinct()
        .forEach(c -> ((MeterBinder) c).bindTo(registry));
  }
}
