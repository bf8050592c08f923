package dev.shadowpipeline.demo;

import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.Verdict;
import java.util.List;

/**
 * A comparator of JSON answers that leaves streamed (or any other non-JSON) answers to the comparators beside it: the
 * demo's chat route compares an answer's fields when the models answer with JSON, and only its text when they stream
 * (a stream's text is what the {@link dev.shadowpipeline.shadow.compare.TextComparator} joins from its chunks).
 */
final class JsonAnswersOnly implements ResponseComparator {

  private final ResponseComparator json;

  JsonAnswersOnly(ResponseComparator json) {
    this.json = json;
  }

  @Override
  public String name() {
    return json.name();
  }

  @Override
  public Verdict compare(Answer primary, Answer shadow) {
    if (primary.json() == null || shadow.json() == null) {
      return Verdict.of(json.name(), List.of(), List.of());
    }
    return json.compare(primary, shadow);
  }
}
