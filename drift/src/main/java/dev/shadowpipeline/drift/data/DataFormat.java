package dev.shadowpipeline.drift.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The file formats a dataset can be read from; {@link DatasetReader} tells them apart. */
enum DataFormat {
  /** Comma-, semicolon- or tab-separated values with a header row. */
  CSV,
  /** JSON Lines: one flat JSON object per line. */
  JSONL;

  /**
   * The format of a file: by extension ({@code .csv .tsv .txt}, {@code .jsonl .ndjson .json}, each also with
   * {@code .gz}), else by its first non-blank byte, decompressed when gzipped (<code>{</code> means JSONL).
   *
   * @param gzipped whether the file is gzip-compressed ({@link Gzip#is})
   * @throws DataReadException for Parquet (not supported, see the README for why and how to convert) or an unreadable
   *     file
   */
  static DataFormat of(Path file, boolean gzipped) throws DataReadException {
    String name = Gzip.formatName(file);
    if (name.endsWith(".parquet") || name.endsWith(".pq")) {
      throw new DataReadException(
          file,
          "Parquet is not supported (yet); convert it to CSV or JSONL first, e.g. "
              + "duckdb -c \"COPY (FROM '"
              + file.getFileName()
              + "') TO 'data.csv'\"");
    }
    if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
      return CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return JSONL;
    }
    try (InputStream in = new BufferedInputStream(Gzip.open(Files.newInputStream(file), gzipped))) {
      for (int b = in.read(); b >= 0; b = in.read()) {
        if (!Character.isWhitespace(b)) {
          return b == '{' ? JSONL : CSV;
        }
      }
      return CSV;
    } catch (IOException e) {
      throw DatasetReader.unreadable(file, e);
    }
  }
}
