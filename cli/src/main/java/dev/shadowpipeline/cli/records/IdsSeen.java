package dev.shadowpipeline.cli.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.record.StagedRecordConsumer;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands every record on to a consumer and notes which of a few wanted ids (the judge's, say) the records hold. Only
 * wanted ids are kept, so memory is bounded by them, not by the records; the lookup runs on the parser threads with
 * the consumer's own pure part.
 *
 * @param <T> what the consumer's pure part makes of a record
 */
final class IdsSeen<T> implements StagedRecordConsumer<IdsSeen.Prepared<T>> {

  /** The consumer's part, and the record's id when it is one of the wanted, else {@code null}. */
  record Prepared<T>(T inner, String wantedId) {}

  private final StagedRecordConsumer<T> consumer;
  private final Set<String> wanted;
  private final Set<String> seen = new HashSet<>();

  /**
   * @param consumer takes every record
   * @param wanted the ids to look for; read from several threads, never changed
   */
  IdsSeen(StagedRecordConsumer<T> consumer, Set<String> wanted) {
    this.consumer = consumer;
    this.wanted = Set.copyOf(wanted);
  }

  @Override
  public Prepared<T> prepare(ObjectNode record) {
    T inner = consumer.prepare(record);
    JsonNode id = record.get("id");
    // as JudgeFeeder reads the id of the record it sends to the judge
    String text = id == null ? null : id.asText("");
    return new Prepared<>(inner, text != null && wanted.contains(text) ? text : null);
  }

  @Override
  public void acceptPrepared(Prepared<T> prepared) throws IOException {
    consumer.acceptPrepared(prepared.inner());
    if (prepared.wantedId() != null) {
      seen.add(prepared.wantedId());
    }
  }

  @Override
  public void flush() throws IOException {
    consumer.flush();
  }

  @Override
  public void close() throws IOException {
    consumer.close();
  }

  /** Whether a record with this id was read. */
  boolean seen(String id) {
    return seen.contains(id);
  }
}
