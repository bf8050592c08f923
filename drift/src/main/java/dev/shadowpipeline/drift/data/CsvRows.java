package dev.shadowpipeline.drift.data;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams a CSV file into a {@link TableBuilder}: first row is the header; the delimiter ({@code ,} {@code ;} or
 * tab) is the one the header line uses most, outside quotes. Fields reach the table as slices of FastCSV's buffer,
 * so numeric cells are parsed without a {@code String} each.
 */
final class CsvRows {

  private static final int PEEK_BYTES = 1 << 20;

  /** FastCSV's message for a quote left open at the end of the input, with the record's line. */
  private static final Pattern UNCLOSED_QUOTE =
      Pattern.compile("Unclosed quoted field at end of input \\(record starting at line (\\d+)\\)");

  private CsvRows() {}

  static void read(Path file, InputStream raw, TableBuilder table) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    char delimiter = detectDelimiter(in);
    Handler handler = new Handler(table);
    CsvReader<Boolean> reader =
        CsvReader.builder()
            .fieldSeparator(delimiter)
            .extraFieldStrategy(
                FieldMismatchStrategy
                    .IGNORE) // wrong field counts are bad rows we count, not errors
            .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
            .skipEmptyLines(true)
            // FastCSV's default takes a quote left open to the end of the file as one field: the
            // rest of the file would vanish into one bad row
            .allowUnclosedQuote(false)
            .detectBomHeader(true)
            .build(handler, in, StandardCharsets.UTF_8);
    try (reader) {
      for (var it = reader.iterator(); it.hasNext(); ) {
        it.next();
        if (table.done()) {
          break;
        }
      }
    } catch (CsvParseException e) {
      // FastCSV gives up on the rest of the file here (e.g. a field beyond its buffer limit); say
      // where
      Matcher unclosed = UNCLOSED_QUOTE.matcher(String.valueOf(e.getMessage()));
      if (unclosed.find()) {
        throw new DataReadException(
            file,
            "line "
                + unclosed.group(1)
                + ": a quote opened in this row is never closed, so every line after it would be"
                + " read as one field",
            e);
      }
      throw new DataReadException(file, "not readable as CSV: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (!handler.headerSeen) {
      throw new DataReadException(file, "empty file: a header row with the column names is needed");
    }
  }

  /** The delimiter the header line uses most: {@code ,} {@code ;} or tab; {@code ,} when none appears. */
  static char detectDelimiter(BufferedInputStream in) throws IOException {
    in.mark(PEEK_BYTES);
    byte[] head = in.readNBytes(PEEK_BYTES);
    in.reset();
    int commas = 0;
    int semicolons = 0;
    int tabs = 0;
    boolean quoted = false;
    for (byte b : head) {
      if (b == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        if (b == '\n' || b == '\r') {
          break;
        }
        switch (b) {
          case ',' -> commas++;
          case ';' -> semicolons++;
          case '\t' -> tabs++;
          default -> {}
        }
      }
    }
    if (tabs > commas && tabs >= semicolons) {
      return '\t';
    }
    return semicolons > commas ? ';' : ',';
  }

  /** Line breaks in a field's text, a CR LF pair counting once, as FastCSV counts lines. */
  static long lineBreaks(char[] buf, int offset, int len) {
    long breaks = 0;
    for (int i = offset; i < offset + len; i++) {
      char ch = buf[i];
      if (ch == '\n' || (ch == '\r' && (i + 1 == offset + len || buf[i + 1] != '\n'))) {
        breaks++;
      }
    }
    return breaks;
  }

  private static final class Handler extends AbstractBaseCsvCallbackHandler<Boolean> {
    private final TableBuilder table;
    private final List<String> header = new ArrayList<>();
    private boolean headerSeen;
    private int width;
    private long lineBreaks; // inside the current record's quoted fields

    Handler(TableBuilder table) {
      this.table = table;
    }

    @Override
    protected void handleBegin(long startingLineNumber) {
      lineBreaks = 0;
      if (headerSeen) {
        table.beginRow(startingLineNumber);
      }
    }

    @Override
    protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
      if (quoted) {
        lineBreaks += lineBreaks(buf, offset, len);
      }
      if (!headerSeen) {
        header.add(new String(buf, offset, len).strip());
      } else if (fieldIdx < width) {
        table.field(fieldIdx, buf, offset, len);
      }
    }

    @Override
    protected Boolean buildRecord() {
      if (!headerSeen) {
        for (String name : header) {
          table.addColumn(name);
        }
        width = header.size();
        headerSeen = true;
      } else if (getFieldCount() != width) {
        // a stray quote can make one record of many lines: the reason says how many were lost
        table.rowEndsAt(getStartingLineNumber() + lineBreaks);
        table.rejectRow(
            getStartingLineNumber(),
            getFieldCount() + " fields, expected " + width + table.spanNote());
      } else {
        table.rowEndsAt(getStartingLineNumber() + lineBreaks);
        table.endRow();
      }
      return Boolean.TRUE;
    }
  }
}
