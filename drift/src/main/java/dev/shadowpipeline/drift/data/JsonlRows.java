package dev.shadowpipeline.drift.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * Streams a JSON Lines file (one flat JSON object per line) into a {@link TableBuilder}. Keys become columns in the
 * order they first appear; a key absent from a line is a missing value there. A key that holds a nested object on any line,
 * or a list that is not only numbers before any list of numbers, is left out as a whole and listed as skipped, as a
 * Parquet struct is; its lines are read for their other keys. Each line is parsed on its own, so a
 * malformed line (or one that repeats a key) is one bad row and the next line reads normally. Values reach the table as slices of Jackson's
 * buffer: numbers, strings and booleans by their text, {@code null} as missing, a flat array of numbers (an embedding)
 * as its text {@code [1.5,2]}.
 */
final class JsonlRows {

  // a key twice on a line would keep only its last value, silently: the line is a bad row instead
  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private JsonlRows() {}

  static void read(InputStream raw, TableBuilder table) throws IOException {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8), 1 << 16);
    long lineNumber = 0;
    BitSet vectors = new BitSet();
    for (String line = lines.readLine(); line != null && !table.done(); line = lines.readLine()) {
      lineNumber++;
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line =
            line.substring(
                1); // a byte order mark, as editors on Windows write; CSV files drop it too
      }
      if (line.isBlank()) {
        continue;
      }
      String problem = readLine(line, lineNumber, table, vectors);
      if (problem != null) {
        table.rejectRow(lineNumber, problem);
      } else {
        table.endRow();
      }
    }
  }

  /**
   * Reads an array after its {@code [} to its {@code ]}: its text, {@code [1.5,2,-3e-2]}, when it holds only numbers;
   * null (the parser left inside it) otherwise.
   */
  private static String numbers(JsonParser p) throws IOException {
    StringBuilder text = new StringBuilder("[");
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
        return null;
      }
      if (text.length() > 1) {
        text.append(',');
      }
      text.append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }
    return text.append(']').toString();
  }

  /** After {@link #numbers} gave up inside an array: past its end, nested values included. */
  private static void skipRestOfArray(JsonParser p) throws IOException {
    p.skipChildren(); // the value it stopped at, when that is an object or an array
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      p.skipChildren();
    }
  }

  /**
   * Feeds one line's fields to the table; returns why the line is bad, or null.
   *
   * @param vectors the columns that held a list of numbers on an earlier line
   */
  private static String readLine(String line, long lineNumber, TableBuilder table, BitSet vectors)
      throws IOException {
    try (JsonParser p = FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return "not a JSON object";
      }
      table.beginRow(lineNumber);
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        int index = table.indexOf(key);
        if (index < 0) {
          index = table.addColumn(key);
        }
        switch (value) {
          case VALUE_NULL -> {} // absent and null are both missing
          case START_OBJECT -> {
            p.skipChildren();
            table.skipColumn(
                index,
                "object",
                "nested: not tested; flatten its fields into keys of their own (jq, or"
                    + " pandas.json_normalize) to test them");
          }
          case START_ARRAY -> {
            // a list of numbers is a vector (an embedding), handed on as its text
            String vector = numbers(p);
            if (vector == null && vectors.get(index)) {
              // after lists of numbers, a malformed one is that row's fault, as a word in a
              // numeric column is
              return "key '"
                  + key
                  + "' holds an array that is not a flat list of numbers; only flat objects and"
                  + " lists of numbers are read";
            }
            if (vector == null) {
              // a list of words or objects (tags, say) from the start: the key is no column to test
              skipRestOfArray(p);
              table.skipColumn(
                  index,
                  "array",
                  "a list that is not only numbers: not tested (a list of numbers is an embedding)");
            } else {
              vectors.set(index);
              char[] chars = vector.toCharArray();
              table.field(index, chars, 0, chars.length);
            }
          }
          default ->
              table.field(index, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }
      }
      if (p.nextToken() != null) {
        return "more than one JSON value on the line";
      }
      return null;
    } catch (JsonProcessingException e) {
      return "invalid JSON: " + e.getOriginalMessage().lines().findFirst().orElse("");
    }
  }
}
