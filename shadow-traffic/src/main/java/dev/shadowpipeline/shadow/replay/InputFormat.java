package dev.shadowpipeline.shadow.replay;

import java.nio.file.Path;
import java.util.Locale;

/** The shapes of input files a replay reads. */
public enum InputFormat {
  /** A header row, then one row per input; each row becomes a JSON object with typed values. */
  CSV,
  /** One JSON array whose elements are the inputs. */
  JSON,
  /** One JSON value per line. */
  JSONL;

  /** The format a file name suggests: {@code .csv}, {@code .json}, {@code .jsonl} or {@code .ndjson}. */
  public static InputFormat of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv") || name.endsWith(".tsv")) {
      return CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return JSONL;
    }
    if (name.endsWith(".json")) {
      return JSON;
    }
    if (name.endsWith(".gz")) {
      throw new IllegalArgumentException(gzipped(file));
    }
    throw new IllegalArgumentException(
        "cannot tell the format of "
            + file
            + " from its name: expected .csv, .json, .jsonl or .ndjson (or say --format)");
  }

  /** What a replay says of a gzip-compressed input, which it does not read. */
  static String gzipped(Path file) {
    return file + " is gzip-compressed: decompress it first (gunzip -k " + file + ")";
  }

  /** Parses {@code csv}, {@code json} or {@code jsonl}. */
  public static InputFormat parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "csv" -> CSV;
      case "json" -> JSON;
      case "jsonl", "ndjson" -> JSONL;
      default ->
          throw new IllegalArgumentException(
              "unknown input format '" + text + "' (expected csv, json or jsonl)");
    };
  }
}
