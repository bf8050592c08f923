package dev.shadowpipeline.shadow.compare.embedding;

import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.TextComparator;
import dev.shadowpipeline.shadow.compare.Verdict;
import dev.shadowpipeline.shadow.compare.route.RouteTable;
import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.Optional;

/**
 * A route table whose text comparisons also get the embedding cosine of the two answers: after the route's
 * comparators ran, each text comparator's texts are embedded ({@link EmbeddingSimilarity}) and the verdict gains an
 * {@code embedding_cosine} observation, and a divergence when it is below the threshold.
 *
 * <p>Unlike the comparators it wraps this one does I/O: it waits for the embedding endpoint, at most the client's
 * timeout, and not at all when the client's concurrency is used up or the texts are cached. It runs where comparison
 * always runs — on the record worker, never on a caller's path — so a slow endpoint can at worst fill the bounded
 * record queue, whose overflow is dropped and counted.
 */
public final class EmbeddingComparator implements ResponseComparator, MeterBinder {

  private final RouteTable routes;
  private final EmbeddingSimilarity similarity;

  public EmbeddingComparator(RouteTable routes, EmbeddingSimilarity similarity) {
    this.routes = Objects.requireNonNull(routes, "routes");
    this.similarity = Objects.requireNonNull(similarity, "similarity");
  }

  @Override
  public String name() {
    return routes.name();
  }

  /** Without a request there is no route: the fallback alone, without embeddings. */
  @Override
  public Verdict compare(Answer primary, Answer shadow) {
    return routes.compare(primary, shadow);
  }

  @Override
  public Verdict compare(CapturedRequest request, Answer primary, Answer shadow) {
    Verdict verdict = routes.compare(request, primary, shadow);
    for (ResponseComparator c : routes.comparatorsFor(request.method(), request.path())) {
      if (c instanceof TextComparator text) {
        Optional<TextComparator.Texts> texts = text.texts(primary, shadow);
        if (texts.isPresent()) {
          verdict = similarity.enrich(verdict, texts.get());
        }
      }
    }
    return verdict;
  }

  /** What the embedding client did: calls, cache hits, skips, failures. */
  public EmbeddingClient.Stats stats() {
    return similarity.stats();
  }

  /** Registers the counters of the comparators in the routes (the semantic one's). */
  @Override
  public void bindTo(MeterRegistry registry) {
    routes.bindTo(registry);
  }
}
