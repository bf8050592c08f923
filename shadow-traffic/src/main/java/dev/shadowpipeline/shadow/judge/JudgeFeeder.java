package dev.shadowpipeline.shadow.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Picks the pairs worth judging from the records and hands them to a {@link PairwiseJudge}: a pair goes when its
 * verdict has a text or semantic difference ({@value #TEXT_KINDS_DOC}) of at least the judge's
 * {@code min-severity} and both sides answered. The texts come from the redacted record ({@link RecordTexts}), each cut
 * to the judge's {@code max-text} characters.
 *
 * <p>On the proxy's record worker it never blocks ({@link PairwiseJudge#submit}); offline ({@code shadow judge},
 * replay) it may wait for room in the judge's queue. Closing it closes the judge, draining it until the deadline.
 */
public final class JudgeFeeder implements RecordConsumer {

  static final String TEXT_KINDS_DOC = "text_similarity, semantic_similarity";

  /** The difference kinds that send a pair to the judge. */
  public static final Set<String> TEXT_KINDS = Set.of("text_similarity", "semantic_similarity");

  private final PairwiseJudge judge;
  private final boolean wait;
  private final Predicate<String> alreadyJudged;
  private final Duration drainTimeout;
  private long eligible;
  private long resumed;

  /**
   * @param judge the judge pairs go to
   * @param wait whether to wait for room in the judge's queue (offline only: never on a proxy)
   * @param alreadyJudged record ids to leave out because they have a verdict (resuming); {@code id -> false} for none
   * @param drainTimeout how long closing waits for the judge to finish
   */
  public JudgeFeeder(
      PairwiseJudge judge, boolean wait, Predicate<String> alreadyJudged, Duration drainTimeout) {
    this.judge = judge;
    this.wait = wait;
    this.alreadyJudged = alreadyJudged;
    this.drainTimeout = drainTimeout;
  }

  /** A feeder for a live proxy: never waits, judges everything that diverges. */
  public static JudgeFeeder live(PairwiseJudge judge, Duration drainTimeout) {
    return new JudgeFeeder(judge, false, id -> false, drainTimeout);
  }

  /** Whether a record diverged enough in its text for the judge. */
  public static boolean diverged(JsonNode record, Severity minSeverity) {
    for (JsonNode d : record.path("verdict").path("differences")) {
      if (!TEXT_KINDS.contains(d.path("kind").asText(""))) {
        continue;
      }
      Severity s;
      try {
        s = Severity.parse(d.path("severity").asText("warning"));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (s.compareTo(minSeverity) >= 0) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void accept(ObjectNode record) {
    if (!diverged(record, judge.config().minSeverity())) {
      return;
    }
    String id = record.path("id").asText("");
    if (alreadyJudged.test(id)) {
      resumed++;
      return;
    }
    eligible++;
    String primary = RecordTexts.answer(record.path("primary"));
    String shadow = RecordTexts.answer(record.path("shadow"));
    if (id.isEmpty() || primary == null || shadow == null) {
      judge.skipped(PairwiseJudge.SKIP_NO_TEXT);
      return;
    }
    int max = judge.config().maxTextChars();
    JudgeJob job =
        new JudgeJob(
            id,
            Judgement.cut(RecordTexts.prompt(record), max),
            Judgement.cut(primary, max),
            Judgement.cut(shadow, max));
    if (wait) {
      try {
        judge.submitWaiting(job);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        judge.skipped(PairwiseJudge.SKIP_UNFINISHED);
      }
    } else {
      judge.submit(job);
    }
  }

  /** Diverged pairs seen (not counting those left out as already judged). */
  public long eligible() {
    return eligible;
  }

  /** Diverged pairs left out because they already had a verdict. */
  public long resumed() {
    return resumed;
  }

  @Override
  public void close() {
    judge.close(drainTimeout);
  }

  @Override
  public String toString() {
    return "pairwise judge";
  }
}
