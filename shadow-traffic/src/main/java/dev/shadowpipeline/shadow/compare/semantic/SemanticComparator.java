package dev.shadowpipeline.shadow.compare.semantic;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.Difference;
import dev.shadowpipeline.shadow.compare.DifferenceKind;
import dev.shadowpipeline.shadow.compare.Observation;
import dev.shadowpipeline.shadow.compare.PendingVerdict;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.compare.TextComparator;
import dev.shadowpipeline.shadow.compare.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Compares two texts by meaning: the cosine of their embeddings under a local sentence-embedding model
 * ({@link SemanticEngine}).
 *
 * <p>The texts are found exactly as {@link TextComparator} finds them (a pointer, or the OpenAI chat / completion
 * answer, streamed or not, else the whole body). The verdict carries the observation {@code semantic:{path}:
 * semantic_cosine} and, when the cosine is below the threshold (default {@value #DEFAULT_THRESHOLD}), a
 * {@link DifferenceKind#TEXT_SIMILARITY} difference with reason e.g. {@code semantic_cosine 0.12 < 0.8}. When the
 * engine has no similarity for the pair (queue full, model unavailable, waited too long), the observation has no
 * value and says why ({@link Observation#unmeasured()}), and the pair is not called a divergence: never a made-up
 * number.
 *
 * <p>Unlike the pure comparators this one needs the engine's worker. {@link #compareLater} (what the proxy's record
 * worker uses) never waits: the verdict completes on the engine's thread, within the engine's {@code max-wait}
 * ({@link SemanticEngine.Reason#TIMEOUT} after it), at once when the pair cannot be queued.
 * {@link #compare} (replay, regress) waits for it on the calling thread, as long at most; neither runs on a caller's
 * path.
 */
public final class SemanticComparator implements ResponseComparator, MeterBinder {

  /** The name in verdicts and observations. */
  public static final String NAME = "semantic";

  /** The observation metric. */
  public static final String METRIC = "semantic_cosine";

  /** Default threshold. */
  public static final double DEFAULT_THRESHOLD = 0.8;

  /**
   * Configuration.
   *
   * @param pointer JSON Pointer of the text, or {@code null} to find it as {@link TextComparator} does
   * @param threshold the pair diverges when its cosine is below this, in [-1, 1]
   * @param severity the severity of such a divergence
   */
  public record Spec(String pointer, double threshold, Severity severity) {
    public Spec {
      if (!(threshold >= -1 && threshold <= 1)) { // outside, or NaN
        throw new IllegalArgumentException(
            "semantic threshold must be between -1 and 1: " + threshold);
      }
      Objects.requireNonNull(
          severity, "semantic severity must be info, warning or critical, not null");
    }

    /** Found text, threshold 0.8, warning. */
    public static Spec defaults() {
      return new Spec(null, DEFAULT_THRESHOLD, Severity.WARNING);
    }
  }

  private final Spec spec;
  private final SemanticEngine engine;
  private final TextComparator texts;

  /**
   * @throws IllegalArgumentException when the pointer is not a JSON Pointer
   */
  public SemanticComparator(Spec spec, SemanticEngine engine) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.texts = new TextComparator(TextComparator.Spec.defaults().withPointer(spec.pointer()));
  }

  public Spec spec() {
    return spec;
  }

  /** The engine this comparator asks. */
  public SemanticEngine engine() {
    return engine;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Verdict compare(Answer primary, Answer shadow) {
    Optional<TextComparator.Texts> found = texts.texts(primary, shadow);
    if (found.isEmpty()) {
      // not comparable, or a side without text: the error and text comparators say so
      return Verdict.of(NAME, List.of(), List.of());
    }
    TextComparator.Texts t = found.get();
    return verdict(t, engine.similarity(t.primary(), t.shadow()));
  }

  /**
   * The same verdict as {@link #compare}, without waiting: pending while the pair waits for the model; giving it up
   * records the similarity {@code unmeasured: shutdown}.
   */
  @Override
  public PendingVerdict compareLater(Answer primary, Answer shadow) {
    Optional<TextComparator.Texts> found = texts.texts(primary, shadow);
    if (found.isEmpty()) {
      return PendingVerdict.done(Verdict.of(NAME, List.of(), List.of()));
    }
    TextComparator.Texts t = found.get();
    CompletableFuture<SemanticEngine.Outcome> asked = engine.ask(t.primary(), t.shadow());
    if (asked.isDone()) {
      return PendingVerdict.done(verdict(t, asked.join()));
    }
    return PendingVerdict.later(
        asked.thenApply(outcome -> verdict(t, outcome)), () -> SemanticEngine.giveUp(asked));
  }

  /** The engine's {@code max-wait}: a pending verdict completes within it. */
  @Override
  public Duration longestDelay() {
    return engine.settings().maxWait();
  }

  private Verdict verdict(TextComparator.Texts t, SemanticEngine.Outcome outcome) {
    if (outcome instanceof SemanticEngine.Unavailable u) {
      return Verdict.of(
          NAME,
          List.of(),
          List.of(Observation.unmeasured(NAME, t.path(), METRIC, u.reason().label())));
    }
    double cosine = ((SemanticEngine.Similarity) outcome).cosine();
    List<Observation> observations = List.of(Observation.measure(NAME, t.path(), METRIC, cosine));
    if (cosine >= spec.threshold()) {
      return Verdict.of(NAME, List.of(), observations);
    }
    Difference d =
        new Difference(
            DifferenceKind.TEXT_SIMILARITY,
            t.path(),
            TextNode.valueOf(clip(t.primary())),
            TextNode.valueOf(clip(t.shadow())),
            spec.severity(),
            METRIC + " " + fmt(cosine) + " < " + fmt(spec.threshold()));
    return Verdict.of(NAME, List.of(d), observations);
  }

  /** Registers the engine's counters. */
  @Override
  public void bindTo(MeterRegistry registry) {
    engine.bindTo(registry);
  }

  private static String clip(String s) {
    return s.length() <= TextComparator.MAX_VALUE_CHARS
        ? s
        : s.substring(0, TextComparator.MAX_VALUE_CHARS) + "…";
  }

  private static String fmt(double v) {
    BigDecimal d = BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }
}
