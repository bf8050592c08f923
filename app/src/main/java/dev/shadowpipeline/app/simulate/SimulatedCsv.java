package dev.shadowpipeline.app.simulate;

import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.report.html.AtomicFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/**
 * Simulated datasets as CSV files, as {@code shadow simulate} writes them and the demo's drift week reads them: the
 * values the simulation generated, printed exactly (it rounds to cents or integers).
 */
public final class SimulatedCsv {

  private SimulatedCsv() {}

  /** Writes a simulated dataset (numeric columns) as CSV with a header row, atomically. */
  public static void writeCsv(Path file, Dataset data) throws IOException {
    List<String> names = data.columnNames();
    double[][] columns = new double[names.size()][];
    boolean[] integers = new boolean[names.size()];
    for (int i = 0; i < columns.length; i++) {
      NumericColumn c = (NumericColumn) data.columns().get(names.get(i));
      columns[i] = c.values();
      integers[i] = c.integerLiterals();
    }
    AtomicFiles.write(
        file,
        w -> {
          w.write(String.join(",", names));
          w.write('\n');
          StringBuilder line = new StringBuilder(64);
          for (int r = 0; r < data.rows(); r++) {
            line.setLength(0);
            for (int i = 0; i < columns.length; i++) {
              if (i > 0) {
                line.append(',');
              }
              appendValue(line, columns[i][r], integers[i]);
            }
            line.append('\n');
            write(w, line);
          }
        });
  }

  private static void write(Writer w, StringBuilder line) throws IOException {
    w.append(line);
  }

  // the simulation rounds to cents (or integers), so this prints exactly the value generated;
  // faster than format()
  static void appendValue(StringBuilder out, double v, boolean integer) {
    if (integer) {
      out.append((long) v);
      return;
    }
    long cents = Math.round(v * 100);
    if (cents < 0) {
      out.append('-');
      cents = -cents;
    }
    out.append(cents / 100).append('.');
    long frac = cents % 100;
    if (frac < 10) {
      out.append('0');
    }
    out.append(frac);
  }
}
