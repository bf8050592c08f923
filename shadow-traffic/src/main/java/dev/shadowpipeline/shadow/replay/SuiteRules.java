package dev.shadowpipeline.shadow.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.Difference;
import dev.shadowpipeline.shadow.compare.DifferenceKind;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.compare.Verdict;
import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import dev.shadowpipeline.shadow.suite.SuiteEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether a run compares with the rules a regression suite was captured with. A label flip, a score delta, a ranking
 * or a text similarity is only seen by a rule that names the field ({@code compare:} routes, {@code --label},
 * {@code --score}...); replayed without those rules, {@code label_flip /decision} (critical) comes back as {@code
 * value_changed /decision} (a warning), and a candidate that still flips every decision would read "no critical
 * divergence remains". So before anything is sent, the suite's own recorded answers are compared again with this
 * run's rules: a kind of difference the suite recorded at a path that these rules find nowhere in those very answers
 * means the rules are not the capture's. Where that turns a recorded critical divergence into a lesser one, a replay
 * would pass what it should fail.
 */
public final class SuiteRules {

  /** The kinds only a configured rule produces; the others (status, missing field, value...) need none. */
  static final Set<DifferenceKind> RULE_KINDS =
      EnumSet.of(
          DifferenceKind.LABEL_FLIP,
          DifferenceKind.SCORE_DELTA,
          DifferenceKind.DECISION_FLIP,
          DifferenceKind.RANKING,
          DifferenceKind.TEXT_SIMILARITY,
          DifferenceKind.OUTPUT_MISSING);

  private static final Set<String> RULE_LABELS = new HashSet<>();

  static {
    RULE_KINDS.forEach(k -> RULE_LABELS.add(k.label()));
  }

  /**
   * A difference the suite recorded and this run's rules do not find again.
   *
   * @param kind its kind, e.g. {@code label_flip}
   * @param path where, e.g. {@code /decision}
   * @param entries how many entries recorded it
   * @param criticalHidden how many of them were recorded critical and are less than critical when their recorded
   *     answers are compared under these rules: the divergences a replay under these rules would call harmless
   */
  public record Unreproduced(String kind, String path, int entries, int criticalHidden) {
    /** {@code label_flip /decision (172 entries, 152 of them critical)}. */
    public String describe() {
      return kind
          + (path.isEmpty() ? "" : " " + path)
          + " ("
          + entries
          + (entries == 1 ? " entry" : " entries")
          + (criticalHidden == 0 ? "" : ", " + criticalHidden + " of them critical")
          + ")";
    }
  }

  private SuiteRules() {}

  /**
   * The rule-made differences the entries recorded that {@code comparator} finds in none of their recorded answers,
   * in the order first recorded; empty when the rules reproduce every one (or the suite records none).
   */
  public static List<Unreproduced> unreproduced(
      List<SuiteEntry> entries,
      ResponseComparator comparator,
      ObjectMapper mapper,
      int captureLimit) {
    Map<String, Integer> recorded = new LinkedHashMap<>();
    Map<String, Integer> hidden = new HashMap<>();
    Set<String> found = new HashSet<>();
    for (SuiteEntry entry : entries) {
      List<String> keys = ruleKeys(entry);
      if (keys.isEmpty()) {
        continue;
      }
      keys.forEach(k -> recorded.merge(k, 1, Integer::sum));
      if (entry.primary() == null || entry.shadow() == null) {
        continue;
      }
      Answer primary;
      Answer shadow;
      byte[] body;
      try {
        primary = Answer.of(RecordedBodies.answer(entry.primary(), mapper), mapper, captureLimit);
        shadow = Answer.of(RecordedBodies.answer(entry.shadow(), mapper), mapper, captureLimit);
        body = RecordedBodies.body(entry.request(), mapper);
      } catch (IllegalArgumentException e) {
        continue; // the replay itself names an unreadable entry
      }
      CapturedRequest request =
          new CapturedRequest(
              entry.recordId() == null ? entry.key() : entry.recordId(),
              Instant.EPOCH,
              entry.method(),
              entry.path(),
              entry.query(),
              RecordedBodies.requestHeaders(entry.request()),
              body);
      Verdict again = comparator.compare(request, primary, shadow);
      for (Difference d : again.differences()) {
        found.add(d.kind().label() + "\u0000" + d.path());
      }
      if (entry.severity() == Severity.CRITICAL && again.severity() != Severity.CRITICAL) {
        keys.forEach(k -> hidden.merge(k, 1, Integer::sum));
      }
    }
    List<Unreproduced> out = new ArrayList<>();
    recorded.forEach(
        (key, count) -> {
          if (!found.contains(key)) {
            String[] parts = key.split("\u0000", 2);
            out.add(
                new Unreproduced(
                    parts[0],
                    parts.length > 1 ? parts[1] : "",
                    count,
                    hidden.getOrDefault(key, 0)));
          }
        });
    return out;
  }

  private static List<String> ruleKeys(SuiteEntry entry) {
    List<String> keys = new ArrayList<>();
    if (entry.differenceKeys() == null) {
      return keys;
    }
    for (String key : entry.differenceKeys()) {
      int nul = key.indexOf('\u0000');
      String kind = (nul < 0 ? key : key.substring(0, nul)).toLowerCase(Locale.ROOT);
      if (RULE_LABELS.contains(kind)) {
        keys.add(key);
      }
    }
    return keys;
  }
}
