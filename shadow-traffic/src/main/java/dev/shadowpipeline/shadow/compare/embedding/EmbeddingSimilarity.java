package dev.shadowpipeline.shadow.compare.embedding;

import dev.shadowpipeline.shadow.compare.Difference;
import dev.shadowpipeline.shadow.compare.DifferenceKind;
import dev.shadowpipeline.shadow.compare.Observation;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.compare.TextComparator;
import dev.shadowpipeline.shadow.compare.Verdict;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Adds embedding similarity to a verdict the pure comparators already reached — the one network step of comparison,
 * meant to run off the proxy's hot path (e.g. on a worker after the record is built, or in {@code replay}).
 *
 * <p>Use: take the texts the {@link TextComparator} compared ({@link TextComparator#texts}), then
 * {@code enrich(verdict, texts)}. It embeds both texts with the {@link EmbeddingClient} (cached, bounded), computes
 * {@code embedding_cosine = a·b / (|a|·|b|)}, and returns the verdict with
 * <ul>
 *   <li>an observation {@code text:{path}:embedding_cosine} with that value, and
 *   <li>when it is below the threshold (default {@value #DEFAULT_THRESHOLD}), a {@link DifferenceKind#TEXT_SIMILARITY}
 *       difference with reason e.g. {@code embedding_cosine 0.62 < 0.8}, severity default {@link Severity#WARNING}.
 * </ul>
 * When the client skips (all permits taken) or fails, or the cosine is undefined (a zero vector), the verdict comes
 * back unchanged; the client's {@link EmbeddingClient#stats()} count those cases. The default threshold is a starting
 * point: cosines of paraphrases depend on the embedding model, so calibrate it on a sample of known-good pairs.
 */
public final class EmbeddingSimilarity {

  /** The observation metric. */
  public static final String METRIC = "embedding_cosine";

  /** Default threshold. */
  public static final double DEFAULT_THRESHOLD = 0.8;

  /**
   * Configuration.
   *
   * @param threshold a pair diverges when its cosine is below this, in [-1, 1]
   * @param severity the severity of such a divergence
   */
  public record Spec(double threshold, Severity severity) {
    public Spec {
      if (!(threshold >= -1 && threshold <= 1)) { // outside, or NaN
        throw new IllegalArgumentException(
            "embedding threshold must be between -1 and 1: " + threshold);
      }
      Objects.requireNonNull(
          severity, "embedding severity must be info, warning or critical, not null");
    }

    /** Threshold 0.8, warning. */
    public static Spec defaults() {
      return new Spec(DEFAULT_THRESHOLD, Severity.WARNING);
    }
  }

  private final EmbeddingClient client;
  private final Spec spec;

  public EmbeddingSimilarity(EmbeddingClient client, Spec spec) {
    this.client = Objects.requireNonNull(client, "client");
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  /** {@link #enrich(Verdict, TextComparator.Texts)} without waiting: never blocks, never completes exceptionally. */
  public CompletableFuture<Verdict> enrichAsync(Verdict verdict, TextComparator.Texts texts) {
    Objects.requireNonNull(verdict, "verdict");
    return client
        .embed(List.of(texts.primary(), texts.shadow()))
        .thenApply(
            result -> {
              if (result instanceof EmbeddingClient.Embedded e) {
                double cosine = EmbeddingClient.cosine(e.vectors().get(0), e.vectors().get(1));
                if (!Double.isNaN(cosine)) {
                  return withCosine(verdict, texts.path(), cosine, spec);
                }
              }
              return verdict;
            });
  }

  /**
   * The verdict with the texts' embedding cosine added (see the class comment). Blocks the calling thread for at most
   * the client's timeout: call it from a worker, never from an event loop.
   */
  public Verdict enrich(Verdict verdict, TextComparator.Texts texts) {
    return enrichAsync(verdict, texts).join();
  }

  /** {@link #enrich(Verdict, TextComparator.Texts)} for texts from the whole body (path {@code ""}). */
  public Verdict enrich(Verdict verdict, String primaryText, String shadowText) {
    return enrich(verdict, new TextComparator.Texts("", primaryText, shadowText));
  }

  /** The pure last step: {@code verdict} with the observation of {@code cosine}, and a difference when below. */
  public static Verdict withCosine(Verdict verdict, String path, double cosine, Spec spec) {
    List<Observation> observations = new ArrayList<>(verdict.observations());
    observations.add(Observation.measure(TextComparator.NAME, path, METRIC, cosine));
    if (cosine >= spec.threshold()) {
      return new Verdict(
          verdict.comparator(),
          verdict.match(),
          verdict.differences(),
          verdict.differenceCount(),
          observations);
    }
    List<Difference> differences = new ArrayList<>(verdict.differences());
    differences.add(
        new Difference(
            DifferenceKind.TEXT_SIMILARITY,
            path,
            null,
            null,
            spec.severity(),
            METRIC + " " + fmt(cosine) + " < " + fmt(spec.threshold())));
    return new Verdict(
        verdict.comparator(), false, differences, verdict.differenceCount() + 1, observations);
  }

  private static String fmt(double v) {
    return BigDecimal.valueOf(v)
        .setScale(4, RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** The counters of the client this step uses. */
  public EmbeddingClient.Stats stats() {
    return client.stats();
  }
}
