package dev.shadowpipeline.shadow.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import dev.shadowpipeline.shadow.record.Gzipped;
import dev.shadowpipeline.shadow.record.JsonErrorText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Streams the inputs of a file, one at a time, never the whole file in memory. A row that cannot be read is handed
 * on as a bad row with its line number, and reading goes on with the next.
 */
public final class InputReader {

  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");
  private static final Pattern DECIMAL =
      Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|-?\\.[0-9]+");

  private final ObjectMapper mapper;

  public InputReader(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * Reads every row of the file in order.
   *
   * @throws IOException when the file cannot be opened, or (JSON array) is not an array at all
   */
  public void read(Path file, InputFormat format, Consumer<InputRow> rows) throws IOException {
    switch (format) {
      case CSV -> readCsv(file, rows);
      case JSON -> readJsonArray(file, rows);
      case JSONL -> readJsonLines(file, rows);
    }
  }

  /**
   * Checks what would otherwise surface only after inputs were sent and outputs opened: that the file is UTF-8 (a
   * file in another encoding fails at its first bad byte, or has distinct values merged into U+FFFD), and that a CSV
   * file's header names every column once.
   *
   * @throws IOException naming the file and the line, or the column
   */
  public void check(Path file, InputFormat format) throws IOException {
    // its bytes would be named "not UTF-8 (e.g. iconv -f latin1 ...)", which sends the user astray
    if (Gzipped.is(file)) {
      throw new IOException(InputFormat.gzipped(file));
    }
    Optional<Utf8Check.Malformed> bad = Utf8Check.firstMalformed(file);
    if (bad.isPresent()) {
      throw new IOException(file + " " + bad.get().describe() + " (e.g. iconv -f latin1 -t utf-8)");
    }
    if (format == InputFormat.CSV) {
      try (CsvReader<CsvRecord> reader = csvReader(file)) {
        Iterator<CsvRecord> it = reader.iterator();
        if (it.hasNext()) {
          checkHeader(file, it.next().getFields());
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
  }

  /**
   * About how many inputs the file holds, for a progress bar: non-blank lines (minus the CSV header), or the
   * elements of a JSON array. Cheap next to sending them; never fails (an unreadable file counts as 0).
   */
  public long count(Path file, InputFormat format) {
    try {
      if (format == InputFormat.JSON) {
        long n = 0;
        try (JsonParser parser = mapper.getFactory().createParser(file.toFile())) {
          if (parser.nextToken() != JsonToken.START_ARRAY) {
            return 0;
          }
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            parser.skipChildren();
            n++;
          }
        }
        return n;
      }
      long lines;
      try (var stream = Files.lines(file, StandardCharsets.UTF_8)) {
        lines = stream.filter(l -> !l.isBlank()).count();
      }
      return format == InputFormat.CSV ? Math.max(0, lines - 1) : lines;
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  private static CsvReader<CsvRecord> csvReader(Path file) throws IOException {
    char separator =
        file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".tsv")
            ? '\t'
            : ',';
    return CsvReader.builder()
        .fieldSeparator(separator)
        .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
        .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
        .skipEmptyLines(true)
        .detectBomHeader(true)
        .ofCsvRecord(file);
  }

  // each field of an input is named by its column: a name given twice would keep one of the two
  // values, a blank one would be a field named "" that no model expects
  private static void checkHeader(Path file, List<String> header) throws IOException {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      if (name.isBlank()) {
        throw new IOException(
            file + ": column " + (i + 1) + " of the header has no name: each field needs one");
      }
      Integer before = seen.putIfAbsent(name, i + 1);
      if (before != null) {
        throw new IOException(
            file
                + ": the header names '"
                + name
                + "' twice (columns "
                + before
                + " and "
                + (i + 1)
                + "): each field needs a name of its own");
      }
    }
  }

  private void readCsv(Path file, Consumer<InputRow> rows) throws IOException {
    try (CsvReader<CsvRecord> reader = csvReader(file)) {
      Iterator<CsvRecord> it = reader.iterator();
      if (!it.hasNext()) {
        throw new IOException(file + " is empty: a header row with the field names is needed");
      }
      List<String> header = it.next().getFields();
      checkHeader(file, header);
      while (true) {
        CsvRecord record;
        try {
          if (!it.hasNext()) {
            break;
          }
          record = it.next();
        } catch (UncheckedIOException e) {
          throw e.getCause();
        } catch (RuntimeException e) {
          // FastCSV stops at a structural problem (e.g. a field beyond its size limit): report and
          // stop
          rows.accept(InputRow.bad(-1, "CSV not readable from here on: " + e.getMessage()));
          break;
        }
        List<String> fields = record.getFields();
        long line = record.getStartingLineNumber();
        if (fields.size() != header.size()) {
          rows.accept(
              InputRow.bad(
                  line,
                  "expected "
                      + header.size()
                      + " fields as in the header, found "
                      + fields.size()));
          continue;
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < header.size(); i++) {
          object.set(header.get(i), typed(fields.get(i)));
        }
        rows.accept(InputRow.ok(line, object));
      }
    }
  }

  /** A CSV cell as the JSON value a model expects: numbers, booleans and null typed, the rest as text. */
  static JsonNode typed(String cell) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    String t = cell.trim();
    if (t.isEmpty() || t.equals("NA") || t.equals("null") || t.equals("NaN") || t.equals("None")) {
      return f.nullNode();
    }
    if (t.equals("true") || t.equals("false")) {
      return f.booleanNode(Boolean.parseBoolean(t));
    }
    if (INTEGER.matcher(t).matches()) {
      return f.numberNode(Long.parseLong(t));
    }
    if (DECIMAL.matcher(t).matches()) {
      return f.numberNode(new BigDecimal(t));
    }
    return f.textNode(cell);
  }

  private void readJsonLines(Path file, Consumer<InputRow> rows) throws IOException {
    // a key twice in a row would reach the models with its last value only: a bad row instead
    ObjectReader reader = mapper.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      long line = 0;
      while ((text = in.readLine()) != null) {
        line++;
        if (line == 1 && text.startsWith("\uFEFF")) {
          text = text.substring(1); // a byte order mark: the CSV and JSON readers drop it too
        }
        if (text.isBlank()) {
          continue;
        }
        try {
          rows.accept(row(line, reader.readTree(text)));
        } catch (JsonProcessingException e) {
          rows.accept(InputRow.bad(line, "not JSON: " + JsonErrorText.of(e)));
        }
      }
    }
  }

  // a number past the doubles (1e400) parses as Infinity, which JSON cannot carry: it would be sent
  // to both models as the string "Infinity"
  private static InputRow row(long line, JsonNode value) {
    String where = nonFinite(value, "");
    return where == null
        ? InputRow.ok(line, value)
        : InputRow.bad(line, "a number beyond the range of doubles at " + where);
  }

  private static String nonFinite(JsonNode node, String at) {
    if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      return at.isEmpty() ? "/" : at;
    }
    if (node.isContainerNode()) {
      if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          String found = nonFinite(node.get(i), at + "/" + i);
          if (found != null) {
            return found;
          }
        }
      } else {
        for (var field : node.properties()) {
          String found = nonFinite(field.getValue(), at + "/" + field.getKey());
          if (found != null) {
            return found;
          }
        }
      }
    }
    return null;
  }

  private void readJsonArray(Path file, Consumer<InputRow> rows) throws IOException {
    try (JsonParser parser = mapper.getFactory().createParser(file.toFile())) {
      JsonToken first;
      try {
        first = parser.nextToken();
      } catch (JsonProcessingException e) {
        throw new IOException(file + " is not JSON: " + JsonErrorText.of(e), e);
      }
      if (first != JsonToken.START_ARRAY) {
        throw new IOException(
            file + ": expected a JSON array of inputs (use .jsonl for one input per line)");
      }
      while (true) {
        JsonToken next;
        long line;
        try {
          next = parser.nextToken();
          line = parser.currentTokenLocation().getLineNr();
          if (next == JsonToken.END_ARRAY || next == null) {
            break;
          }
          JsonNode value = mapper.readTree(parser);
          rows.accept(row(line, value));
        } catch (JsonProcessingException e) {
          // inside one array a syntax error leaves nothing to resynchronise on: report it and stop
          rows.accept(
              InputRow.bad(
                  e.getLocation() == null ? -1 : e.getLocation().getLineNr(),
                  "not JSON, the rest of the array is skipped: " + JsonErrorText.of(e)));
          break;
        }
      }
    }
  }
}
