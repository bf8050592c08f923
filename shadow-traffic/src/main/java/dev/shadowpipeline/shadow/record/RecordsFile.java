package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code records.jsonl} back, one record at a time. A line that is not a JSON object (say, the half line a
 * crash left) is skipped and reported with its number; reading goes on.
 */
public final class RecordsFile {

  /** Bad lines listed in the result; more are counted. */
  public static final int MAX_LISTED = 20;

  /**
   * What reading found.
   *
   * @param records records handed on
   * @param badLines lines skipped
   * @param problems the first few skipped lines, as "line N: why"
   */
  public record ReadStats(long records, long badLines, List<String> problems) {
    public ReadStats {
      problems = List.copyOf(problems);
    }
  }

  private RecordsFile() {}

  /**
   * Streams every record of the file to {@code consumer}.
   *
   * @throws IOException when the file cannot be read or a consumer fails
   */
  public static ReadStats read(Path file, ObjectMapper mapper, RecordConsumer consumer) throws IOException {
    long records = 0;
    long bad = 0;
    List<String> problems = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String problem;
        try {
          JsonNode node = mapper.readTree(line);
          if (node instanceof ObjectNode object && object.has("verdict")) {
            consumer.accept(object);
            records++;
            continue;
          }
          problem = "not a record (no verdict)";
        } catch (JsonProcessingException e) {
          problem = "not JSON: " + e.getOriginalMessage();
        }
        bad++;
        if (problems.size() < MAX_LISTED) {
          problems.add("line " + number + ": " + problem);
        }
      }
    }
    return new ReadStats(records, bad, problems);
  }
}
