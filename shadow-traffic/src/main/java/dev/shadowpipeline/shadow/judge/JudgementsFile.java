package dev.shadowpipeline.shadow.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.record.JsonErrorText;
import dev.shadowpipeline.shadow.replay.Utf8Check;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads {@code judgements.jsonl}: one {@link Judgement} a line, and after each run a line
 * {@code {"skipped": {reason: n, ...}}} with the pairs that run did not send to the judge. Read back, the file gives
 * the same {@link JudgeSummary} the run had (the skipped counts are the last run's: they say what is still unjudged).
 */
public final class JudgementsFile {

  /** The file's name beside {@code records.jsonl}. */
  public static final String FILE = "judgements.jsonl";

  /**
   * What the file holds.
   *
   * @param tally the verdicts and errors folded, with the last run's skipped counts
   * @param lines judgement lines read
   * @param badLines lines that could not be read (skipped; the rest still counts)
   * @param problems the first few bad lines, each naming its line number
   */
  public record Contents(JudgeTally tally, long lines, long badLines, List<String> problems) {
    public Contents {
      problems = List.copyOf(problems);
    }
  }

  private static final int MAX_PROBLEMS = 5;

  private JudgementsFile() {}

  /** Whether the folder has a judgements file. */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(FILE));
  }

  /**
   * Reads the folder's file; an absent file is an empty tally.
   *
   * @throws FileSystemException naming the file, when it exists and cannot be read (a directory, not UTF-8 at a
   *     line, ...)
   */
  public static Contents read(Path dir, ObjectMapper mapper) throws IOException {
    return read(dir, mapper, id -> true);
  }

  /**
   * Reads the folder's file, counting only the judgements whose record id {@code recorded} accepts: the others are
   * counted as {@link JudgeSummary#unmatched()} and nowhere else. An absent file is an empty tally.
   *
   * @throws FileSystemException naming the file, when it exists and cannot be read
   */
  public static Contents read(Path dir, ObjectMapper mapper, Predicate<String> recorded)
      throws IOException {
    JudgeTally tally = new JudgeTally();
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return new Contents(tally, 0, 0, List.of());
    }
    long lines = 0;
    long bad = 0;
    List<String> problems = new ArrayList<>();
    JsonNode lastSkipped = null;
    try (BufferedReader in = open(file)) {
      String line;
      long number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode node = mapper.readTree(line);
          if (node != null && node.isObject() && node.has("skipped") && !node.has("id")) {
            lastSkipped = node.get("skipped");
            continue;
          }
          Judgement judgement = Judgement.fromJson(node);
          if (recorded.test(judgement.recordId())) {
            tally.add(judgement);
          } else {
            tally.unmatched();
          }
          lines++;
        } catch (JsonProcessingException | IllegalArgumentException e) {
          bad++; // a line cut by a crash, say: the others still count
          if (problems.size() < MAX_PROBLEMS) {
            problems.add(file + ":" + number + ": " + message(e));
          }
        }
      }
    } catch (IOException e) {
      throw named(file, e);
    }
    if (lastSkipped != null && lastSkipped.isObject()) {
      for (Map.Entry<String, JsonNode> e : lastSkipped.properties()) {
        tally.skipped(e.getKey(), e.getValue().asLong(0));
      }
    }
    return new Contents(tally, lines, bad, problems);
  }

  /**
   * The record ids the folder's file names, read lines only (a bad line is {@link #read}'s to report): what to look
   * for among the records before {@link #read} is told which of them exist. Empty without a file.
   *
   * @throws FileSystemException naming the file, when it exists and cannot be read
   */
  public static Set<String> recordIds(Path dir, ObjectMapper mapper) throws IOException {
    Path file = dir.resolve(FILE);
    Set<String> ids = new HashSet<>();
    if (!Files.exists(file)) {
      return ids;
    }
    try (BufferedReader in = open(file)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        try {
          // as Judgement.fromJson reads it
          String id = mapper.readTree(line).path("id").asText("");
          if (!id.isEmpty()) {
            ids.add(id);
          }
        } catch (JsonProcessingException e) {
          // counted and named when the file is read
        }
      }
    } catch (IOException e) {
      throw named(file, e);
    }
    return ids;
  }

  private static BufferedReader open(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new FileSystemException(file.toString(), null, "a directory, not a file");
    }
    return Files.newBufferedReader(file, StandardCharsets.UTF_8);
  }

  // the reader's own message names neither the file nor the place ("Input length = 1", "Is a
  // directory"), and a caller reads records beside it: the failure names this file
  private static FileSystemException named(Path file, IOException e) throws IOException {
    if (e instanceof FileSystemException fs && file.toString().equals(fs.getFile())) {
      return fs;
    }
    String reason;
    if (e instanceof CharacterCodingException) {
      reason =
          Utf8Check.firstMalformed(file)
              .map(Utf8Check.Malformed::describe)
              .orElse("not UTF-8; save the file as UTF-8");
    } else {
      reason = e.getMessage() == null ? "an input/output error" : e.getMessage();
    }
    FileSystemException named = new FileSystemException(file.toString(), null, reason);
    named.initCause(e);
    return named;
  }

  private static String message(Exception e) {
    return e instanceof JsonProcessingException j
        ? "not JSON (" + JsonErrorText.of(j) + ")"
        : e.getMessage();
  }
}
