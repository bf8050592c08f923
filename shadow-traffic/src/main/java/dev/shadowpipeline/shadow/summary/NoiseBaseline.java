package dev.shadowpipeline.shadow.summary;

import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.quality.NoiseDecision;
import dev.shadowpipeline.shadow.quality.NoiseTest;
import dev.shadowpipeline.shadow.quality.WilsonInterval;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The noise baseline's side of the aggregates: per difference key (kind and JSON path), how many pairs differed
 * primary ↔ secondary (noise) and primary ↔ shadow (candidate), counted over the pairs where all three answered; and,
 * for every diverging pair, its <i>signature</i>: the set of (key, severity) of its differences above {@code info}.
 *
 * <p>Why signatures: whether a key is noise is known only when the summary is taken (the test needs every count), but
 * agreement on real differences is a property of each pair ("none of its differences above info is real"). Pairs with
 * the same signature fare the same under any classification, so counting signatures is enough to evaluate agreement
 * exactly at summary time, whatever the classification turns out to be. Distinct signatures are bounded in number and
 * in characters; a pair whose signature no longer fits is counted as disagreeing with its raw severity — the
 * conservative side — and the summary says how many there were.
 *
 * <p>Keys never seen on a pair where all three answered (or past the key bound) are real: without a measurement of
 * the noise, nothing is set aside. A pair with more differences than its record lists (the comparators cap the list)
 * keeps its raw severity, since the unlisted ones may be real.
 *
 * <p>Not thread-safe: the aggregator calls it under its own lock.
 */
final class NoiseBaseline {

  static final int MAX_KEYS = 2_000;
  static final int MAX_SIGNATURES = 4_096;
  static final long MAX_SIGNATURE_CHARS = 1L << 20;
  static final int MAX_ENTRIES = 100;

  /**
   * The differences above {@code info} of one diverging pair, sorted, with what else decides its fate.
   *
   * @param differences (key, severity) pairs, sorted and distinct
   * @param info whether the pair also has an info-level difference (it then counts as an info divergence when all
   *     its other differences are noise)
   * @param unlisted the pair's raw severity when its record lists fewer differences than it had, else {@code null}
   */
  record Signature(List<Keyed> differences, boolean info, Severity unlisted) {
    Signature {
      differences = List.copyOf(differences);
    }

    /** Characters this signature holds, about half its bytes in memory. */
    long chars() {
      long chars = 16;
      for (Keyed k : differences) {
        chars += k.key().length() + 16;
      }
      return chars;
    }
  }

  /** A difference key ("kind NUL path") at a severity. */
  record Keyed(String key, Severity severity) {
    static final Comparator<Keyed> ORDER =
        Comparator.comparing(Keyed::key).thenComparing(Keyed::severity);

    Keyed {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(severity, "severity");
    }
  }

  private final NoiseTest test;
  private boolean seen;
  private long pairs;
  private long secondaryErrors;
  private final Map<String, long[]> keys = new HashMap<>(); // {noise, candidate}
  private final Map<Signature, long[]> signatures = new HashMap<>();
  private long signatureChars;
  private final Map<Severity, Long> overflow = new EnumMap<>(Severity.class);
  private long overflowPairs;

  NoiseBaseline(NoiseTest test) {
    this.test = test;
  }

  /**
   * Counts one record.
   *
   * @param hasSecondary whether the record has a secondary side at all
   * @param secondaryAnswered whether the secondary answered
   * @param allAnswered whether the primary, the shadow and the secondary all answered
   * @param noiseKeys the distinct keys of the primary ↔ secondary differences
   * @param candidateKeys the distinct keys of the primary ↔ shadow differences
   * @param signature the pair's signature when it diverged above info, else {@code null}
   * @param rawSeverity the pair's most severe difference, for a signature that does not fit
   */
  void add(
      boolean hasSecondary,
      boolean secondaryAnswered,
      boolean allAnswered,
      List<String> noiseKeys,
      List<String> candidateKeys,
      Signature signature,
      Severity rawSeverity) {
    if (hasSecondary) {
      seen = true;
      if (!secondaryAnswered) {
        secondaryErrors++;
      }
    }
    if (allAnswered) {
      pairs++;
      count(noiseKeys, 0);
      count(candidateKeys, 1);
    }
    if (signature != null) {
      long[] n = signatures.get(signature);
      if (n == null) {
        long chars = signature.chars();
        if (signatures.size() >= MAX_SIGNATURES || signatureChars + chars > MAX_SIGNATURE_CHARS) {
          overflowPairs++;
          overflow.merge(rawSeverity, 1L, Long::sum);
          return;
        }
        n = new long[1];
        signatures.put(signature, n);
        signatureChars += chars;
      }
      n[0]++;
    }
  }

  private void count(List<String> found, int side) {
    for (String key : found) {
      long[] n = keys.get(key);
      if (n == null) {
        if (keys.size() >= MAX_KEYS) {
          continue; // untracked: real, the conservative side
        }
        n = new long[2];
        keys.put(key, n);
      }
      n[side]++;
    }
  }

  /** Whether any record had a secondary side: only then is there a baseline to report. */
  boolean seen() {
    return seen;
  }

  /** The keys classified noise now ("kind NUL path"); empty before any pair where all three answered. */
  Set<String> noiseKeys() {
    Set<String> noise = new HashSet<>();
    if (pairs > 0) {
      for (Map.Entry<String, long[]> e : keys.entrySet()) {
        if (test.test(e.getValue()[0], pairs, e.getValue()[1], pairs).noise()) {
          noise.add(e.getKey());
        }
      }
    }
    return noise;
  }

  /** What the baseline makes of the run. */
  record Evaluation(long matches, Map<String, Long> severities, ComparisonSummary.Noise noise) {}

  /**
   * Classifies every key and counts agreement on real differences.
   *
   * @param requests pairs folded in
   * @param rawMatches pairs without a difference above info
   * @param rawSeverities diverging pairs by their most severe difference
   * @param agreementLeftOut pairs among {@code rawMatches} where a side gave no answer: left out of the raw agreement,
   *     as out of the agreement ({@link ComparisonSummary#agreementLeftOut()})
   */
  Evaluation evaluate(
      long requests, long rawMatches, Map<String, Long> rawSeverities, long agreementLeftOut) {
    Set<String> noiseKeys = new HashSet<>();
    List<ComparisonSummary.NoiseField> fields = new ArrayList<>();
    if (pairs > 0) {
      for (Map.Entry<String, long[]> e : keys.entrySet()) {
        long noise = e.getValue()[0];
        long candidate = e.getValue()[1];
        NoiseDecision d = test.test(noise, pairs, candidate, pairs);
        String[] parts = e.getKey().split("\u0000", 2);
        fields.add(
            new ComparisonSummary.NoiseField(
                parts[0],
                parts[1],
                noise,
                d.noiseRate(),
                candidate,
                d.candidateRate(),
                d.pValue(),
                d.verdict().key()));
        if (d.noise()) {
          noiseKeys.add(e.getKey());
        }
      }
    }
    fields.sort(
        Comparator.comparing(ComparisonSummary.NoiseField::noise)
            .thenComparing(
                Comparator.comparingLong(ComparisonSummary.NoiseField::candidateCount).reversed())
            .thenComparing(
                Comparator.comparingLong(ComparisonSummary.NoiseField::noiseCount).reversed())
            .thenComparing(ComparisonSummary.NoiseField::path)
            .thenComparing(ComparisonSummary.NoiseField::kind));
    long classified = fields.size();
    if (fields.size() > MAX_ENTRIES) {
      fields = new ArrayList<>(fields.subList(0, MAX_ENTRIES));
    }

    // pairs that agreed raw agree here too; info-level ones stay info
    long matches = rawMatches;
    Map<String, Long> severities = new HashMap<>();
    long info = rawSeverities.getOrDefault(Severity.INFO.label(), 0L);
    if (info > 0) {
      severities.put(Severity.INFO.label(), info);
    }
    for (Map.Entry<Signature, long[]> e : signatures.entrySet()) {
      Signature s = e.getKey();
      long n = e.getValue()[0];
      Severity real = s.unlisted();
      for (Keyed k : s.differences()) {
        if (!noiseKeys.contains(k.key())) {
          real = Severity.max(real, k.severity());
        }
      }
      if (real == null) {
        matches += n; // every difference above info is noise
        if (s.info()) {
          severities.merge(Severity.INFO.label(), n, Long::sum);
        }
      } else {
        severities.merge(real.label(), n, Long::sum);
      }
    }
    for (Map.Entry<Severity, Long> e : overflow.entrySet()) {
      severities.merge(e.getKey().label(), e.getValue(), Long::sum);
    }
    ComparisonSummary.Noise noise =
        new ComparisonSummary.Noise(
            pairs,
            secondaryErrors,
            test.alpha(),
            test.absoluteFloor(),
            test.relativeFloor(),
            fields,
            classified,
            noiseKeys,
            rawMatches,
            WilsonInterval.of(rawMatches - agreementLeftOut, requests - agreementLeftOut),
            rawSeverities,
            overflowPairs);
    return new Evaluation(matches, severities, noise);
  }
}
