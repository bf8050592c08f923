package dev.shadowpipeline.app.labels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import dev.shadowpipeline.app.config.ByteSizes;
import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.config.InputFiles;
import dev.shadowpipeline.shadow.labels.Label;
import dev.shadowpipeline.shadow.labels.LabelIndex;
import dev.shadowpipeline.shadow.labels.LabelJoin;
import dev.shadowpipeline.shadow.record.JsonErrorText;
import dev.shadowpipeline.shadow.replay.Utf8Check;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a labels file into a {@link LabelIndex}, streaming it: CSV with a header row ({@code .csv}, {@code .tsv}) or
 * one JSON object per line ({@code .jsonl}, {@code .ndjson}). The first bad line stops the reading with one message
 * naming the file and the line; nothing has been written by then.
 */
public final class LabelsFile {

  /** The formats, told apart by the file's extension. */
  enum Format {
    CSV,
    JSONL
  }

  /** The longest line of a JSONL labels file: a label is a key and a value. */
  static final int MAX_LINE_CHARS = 1 << 20;

  private LabelsFile() {}

  /**
   * Puts every label of {@code file} into {@code index}.
   *
   * @return the lines read (CSV: data rows)
   * @throws ConfigException naming {@code file:line} for a bad line, a missing column, a label beyond the memory
   *     bound; naming the file when it cannot be read or its format cannot be told
   */
  public static long read(Path file, LabelJoin join, LabelIndex index, ObjectMapper mapper) {
    // a folder would fail deep in the CSV reader with "Exception when reading first record"
    InputFiles.requireFile(
        "--labels", file, "a labels file (.csv or .tsv with a header row, or .jsonl or .ndjson)");
    Format format = format(file);
    try {
      checkUtf8(file, format);
      return format == Format.CSV
          ? readCsv(file, join, index)
          : readJsonl(file, join, index, mapper);
    } catch (NoSuchFileException e) {
      throw new ConfigException("--labels: no such file: " + file, e);
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigException("--labels: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  // in another encoding, the CSV reader would merge distinct labels into U+FFFD, and the JSONL
  // reader's error would name the line it had buffered up to, not the bad one; a CSV file with a
  // UTF-16 or UTF-32 byte order mark is decoded by that mark
  private static void checkUtf8(Path file, Format format) throws IOException {
    if (format == Format.CSV && startsWithUtf16or32Bom(file)) {
      return;
    }
    Optional<Utf8Check.Malformed> bad = Utf8Check.firstMalformed(file);
    if (bad.isPresent()) {
      throw new ConfigException(file + ":" + bad.get().line() + ": " + bad.get().problem());
    }
  }

  private static boolean startsWithUtf16or32Bom(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4);
    }
    int b0 = head.length > 0 ? head[0] & 0xFF : -1;
    int b1 = head.length > 1 ? head[1] & 0xFF : -1;
    return (b0 == 0xFE && b1 == 0xFF)
        || (b0 == 0xFF && b1 == 0xFE)
        || (head.length == 4 && b0 == 0 && b1 == 0 && (head[2] & 0xFF) == 0xFE);
  }

  static Format format(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv") || name.endsWith(".tsv")) {
      return Format.CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return Format.JSONL;
    }
    throw new ConfigException(
        "--labels: cannot tell the format of "
            + file
            + ": name a CSV file .csv (or .tsv) and a file of one JSON object per line .jsonl (or .ndjson)");
  }

  private static long readCsv(Path file, LabelJoin join, LabelIndex index) throws IOException {
    char separator =
        file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
    for (String name : List.of(join.labelKey(), join.truth())) {
      if (name.startsWith("/")) {
        throw new ConfigException(
            file + ": a CSV file has columns, not JSON Pointers: '" + name + "' (name a column)");
      }
    }
    try (CsvReader<CsvRecord> reader =
        CsvReader.builder()
            .fieldSeparator(separator)
            // checked here instead, so that the message names the line
            .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
            .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
            .skipEmptyLines(true)
            .detectBomHeader(true)
            .ofCsvRecord(file)) {
      Iterator<CsvRecord> it = reader.iterator();
      if (!hasNext(it, file)) {
        throw new ConfigException(file + ": empty; a header row naming the columns is needed");
      }
      CsvRecord headerRecord = it.next();
      List<String> header = headerRecord.getFields().stream().map(String::trim).toList();
      int keyColumn = column(header, join.labelKey(), "join key", "--label-key", file);
      int truthColumn = column(header, join.truth(), "truth", "--truth", file);
      long rows = 0;
      while (hasNext(it, file)) {
        CsvRecord row = it.next();
        long line = row.getStartingLineNumber();
        List<String> fields = row.getFields();
        if (fields.size() != header.size()) {
          throw new ConfigException(
              file
                  + ":"
                  + line
                  + ": expected "
                  + header.size()
                  + " fields as in the header, found "
                  + fields.size());
        }
        Label label;
        try {
          label = Label.fromCells(fields.get(keyColumn), fields.get(truthColumn), join, line);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(file + ":" + line + ": " + e.getMessage(), e);
        }
        put(index, label, file);
        rows++;
      }
      return rows;
    }
  }

  // FastCSV stops at a structural problem (an unterminated quote, a field beyond its size limit)
  private static boolean hasNext(Iterator<CsvRecord> it, Path file) {
    try {
      return it.hasNext();
    } catch (UncheckedIOException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConfigException(file + ": not readable as CSV: " + e.getMessage(), e);
    }
  }

  private static int column(List<String> header, String name, String what, String flag, Path file) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new ConfigException(
          file
              + ":1: no column '"
              + name
              + "' for the "
              + what
              + " (the columns are "
              + String.join(", ", header)
              + "; name another with "
              + flag
              + ")");
    }
    // a repeated column that labels read would be an unseen choice between two outcomes (or two
    // keys), of which the first would win; one it does not read (an export's repeated 'note', say)
    // decides nothing and stays allowed
    int again = header.subList(i + 1, header.size()).indexOf(name);
    if (again >= 0) {
      throw new ConfigException(
          file
              + ":1: column '"
              + name
              + "' for the "
              + what
              + " is in the header twice (columns "
              + (i + 1)
              + " and "
              + (i + 2 + again)
              + "): rename or remove one, or name another with "
              + flag);
    }
    return i;
  }

  private static long readJsonl(Path file, LabelJoin join, LabelIndex index, ObjectMapper mapper)
      throws IOException {
    long lines = 0;
    long read = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      StringBuilder buffer = new StringBuilder();
      String text;
      while ((text = nextLine(in, buffer, file, lines + 1)) != null) {
        lines++;
        if (lines == 1 && text.startsWith("\uFEFF")) {
          text = text.substring(1); // a byte order mark: the CSV reader drops it too
        }
        if (text.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
          throw new ConfigException(file + ":" + lines + ": not JSON: " + JsonErrorText.of(e), e);
        }
        Label label;
        try {
          label = Label.fromJson(node, join, lines);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(file + ":" + lines + ": " + e.getMessage(), e);
        }
        put(index, label, file);
        read++;
      }
    }
    return read;
  }

  /** The next line without its end, or {@code null} at the end; a line over {@value #MAX_LINE_CHARS} is refused. */
  private static String nextLine(BufferedReader in, StringBuilder buffer, Path file, long number)
      throws IOException {
    buffer.setLength(0);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        return stripCr(buffer);
      }
      if (buffer.length() >= MAX_LINE_CHARS) {
        throw new ConfigException(
            file + ":" + number + ": a label line longer than " + MAX_LINE_CHARS + " characters");
      }
      buffer.append((char) c);
    }
    return buffer.length() == 0 ? null : stripCr(buffer);
  }

  private static String stripCr(StringBuilder buffer) {
    int n = buffer.length();
    return n > 0 && buffer.charAt(n - 1) == '\r' ? buffer.substring(0, n - 1) : buffer.toString();
  }

  private static void put(LabelIndex index, Label label, Path file) {
    if (!index.put(label)) {
      throw new ConfigException(
          file
              + ":"
              + label.line()
              + ": the labels need more than "
              + ByteSizes.format(index.maxBytes())
              + " of memory (--max-labels-bytes; "
              + index.size()
              + " labels held): raise the bound (and the heap with SHADOW_JAVA_OPTS=-Xmx...) or split the file");
    }
  }
}
