package dev.shadowpipeline.shadow.judge;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The judge's counts so far, folded from {@link Judgement}s as they arrive (from the judge's event loop, or from a
 * {@code judgements.jsonl} read back) and read by summaries at any time. A record id is counted once: a second verdict
 * for a pair already decided is ignored. Thread-safe.
 */
public final class JudgeTally {

  /** Examples kept per winner. */
  public static final int EXAMPLES_PER_WINNER = 2;

  private final Map<Winner, Long> verdicts = new EnumMap<>(Winner.class);
  private final Map<String, Long> errors = new TreeMap<>();
  private final Map<String, Long> skipped = new TreeMap<>();
  // ids of decided pairs, so that a pair read twice counts once; bounded by max-calls in a run
  private final Set<String> decided = new LinkedHashSet<>();
  // the examples: per winner the smallest record ids, so the choice does not depend on arrival
  // order
  private final Map<Winner, TreeMap<String, Judgement>> examples = new EnumMap<>(Winner.class);
  private long primaryFirst;
  private long unmatched;

  /** Folds in one judgement; returns whether it counted (a pair already decided does not count again). */
  public synchronized boolean add(Judgement j) {
    if (j.error() != null) {
      errors.merge(j.error().label(), 1L, Long::sum);
      return true;
    }
    if (!decided.add(j.recordId())) {
      return false;
    }
    verdicts.merge(j.winner(), 1L, Long::sum);
    if (Judgement.PRIMARY_FIRST.equals(j.order())) {
      primaryFirst++;
    }
    TreeMap<String, Judgement> kept = examples.computeIfAbsent(j.winner(), w -> new TreeMap<>());
    kept.put(j.recordId(), j);
    if (kept.size() > EXAMPLES_PER_WINNER) {
      kept.pollLastEntry();
    }
    return true;
  }

  /** Counts a judgement left out because its record id matches no record it was read beside. */
  public synchronized void unmatched() {
    unmatched++;
  }

  /** Counts a diverged pair that was not sent to the judge. */
  public synchronized void skipped(String reason, long n) {
    if (n > 0) {
      skipped.merge(reason, n, Long::sum);
    }
  }

  /** Whether this pair already has a verdict. */
  public synchronized boolean isDecided(String recordId) {
    return decided.contains(recordId);
  }

  /** Verdicts so far for one winner. */
  public synchronized long verdicts(Winner w) {
    return verdicts.getOrDefault(w, 0L);
  }

  /** Failed pairs so far of one kind. */
  public synchronized long errors(JudgeError e) {
    return errors.getOrDefault(e.label(), 0L);
  }

  /** Skipped pairs so far for one reason. */
  public synchronized long skipped(String reason) {
    return skipped.getOrDefault(reason, 0L);
  }

  /** A snapshot. */
  public synchronized JudgeSummary summary() {
    List<Judgement> ex = new ArrayList<>();
    for (Winner w : List.of(Winner.SHADOW, Winner.PRIMARY, Winner.TIE)) {
      TreeMap<String, Judgement> kept = examples.get(w);
      if (kept != null) {
        ex.addAll(kept.values());
      }
    }
    return new JudgeSummary(
        verdicts(Winner.SHADOW),
        verdicts(Winner.TIE),
        verdicts(Winner.PRIMARY),
        errors,
        skipped,
        primaryFirst,
        ex,
        unmatched);
  }
}
