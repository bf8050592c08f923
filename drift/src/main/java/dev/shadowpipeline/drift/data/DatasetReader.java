package dev.shadowpipeline.drift.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads CSV and JSONL files into {@link Dataset}s, streaming: memory holds the columns' values, never the file. A
 * gzip-compressed file ({@code data.csv.gz}) is decompressed as it streams ({@link Gzip}).
 *
 * <p>A reference/current pair is read the same way on both sides: the kind of each column (number or label) is
 * decided from the reference's first rows, then both files are read in parallel with those kinds, so a value in the
 * current file that is not a number in a numeric column makes a bad row rather than a different column type. A
 * column whose values on both sides are booleans cased as pandas reads them ({@code true}, {@code True}, {@code TRUE})
 * is spelled {@code true}/{@code false} on both ({@link BooleanSpellings}).
 */
public final class DatasetReader {

  private DatasetReader() {}

  /**
   * Reads a whole file.
   *
   * @throws DataReadException when the file is missing, unreadable, empty or of an unsupported format, or has no
   *     segment column (or one with too many values) when the options ask for one; bad rows do not throw, they are
   *     counted in the dataset
   */
  public static Dataset read(Path file, ReadOptions options) throws DataReadException {
    TableBuilder table = run(file, options, false);
    String segmentProblem = table.segmentProblem();
    if (segmentProblem != null) {
      throw new DataReadException(file, segmentProblem);
    }
    return table.finish();
  }

  /**
   * Decides the kind of each column from the first {@link ReadOptions#sampleRows()} rows, reading no further.
   * Columns with no value there are left out (they are decided by their first value when read).
   */
  public static Map<String, ValueKind> peekKinds(Path file, ReadOptions options)
      throws DataReadException {
    return run(file, options, true).kinds();
  }

  /**
   * A CSV file's columns from its header (and first row), named as {@link #read} names them, without reading the
   * rest: a CSV read gives every column of the header that {@link ReadOptions#reads} lets through and skips none.
   * Empty for JSON Lines, whose columns are known only once every line was read.
   *
   * @throws DataReadException when the file is missing, unreadable, empty or of an unsupported format
   */
  public static Optional<SourceColumns> peekColumns(Path file, ReadOptions options)
      throws DataReadException {
    if (DataFormat.of(file, gzipped(file)) != DataFormat.CSV) {
      return Optional.empty();
    }
    List<String> header = run(file, options.withSampleRows(1), true).columnNames();
    Set<String> read = new LinkedHashSet<>();
    for (String column : header) {
      if (options.reads(column)) {
        read.add(column);
      }
    }
    return Optional.of(new SourceColumns(sourceName(file), header, read, List.of()));
  }

  /**
   * Reads a reference and a current file in parallel, with the column kinds decided from the reference.
   * {@link ReadOptions#progressBytes()} is told the bytes read from both files together (from either thread).
   *
   * @throws DataReadException for the first of the two files that cannot be read
   */
  public static DatasetPair readPair(Path reference, Path current, ReadOptions options)
      throws DataReadException {
    Map<String, ValueKind> kinds = new HashMap<>(peekKinds(reference, options));
    kinds.putAll(options.kinds()); // what the caller fixed wins
    ReadOptions both = options.withKinds(kinds);
    List<ReadOptions> sides = both.forPair();
    ReadOptions refOptions = sides.get(0);
    ReadOptions curOptions = sides.get(1);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "shadow-read");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<Dataset> ref = pool.submit(() -> read(reference, refOptions));
      Future<Dataset> cur = pool.submit(() -> read(current, curOptions));
      // true in one file and True in the other are one boolean, as pandas reads them
      return BooleanSpellings.unify(new DatasetPair(await(ref), await(cur)));
    } finally {
      pool.shutdownNow();
    }
  }

  private static Dataset await(Future<Dataset> future) throws DataReadException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DataReadException d) {
        throw d;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static TableBuilder run(Path file, ReadOptions options, boolean sampleOnly)
      throws DataReadException {
    boolean gzipped = gzipped(file);
    DataFormat format = DataFormat.of(file, gzipped);
    try (InputStream raw = Files.newInputStream(file)) {
      // the compressed bytes, as the progress goes by the file's size
      CountingInputStream counted = new CountingInputStream(raw);
      // a file in another encoding would have its bad bytes replaced, merging values: stop instead
      InputStream in = Utf8CheckingInputStream.ifUtf8(file, Gzip.open(counted, gzipped));
      TableBuilder table = new TableBuilder(sourceName(file), options, counted::count, sampleOnly);
      switch (format) {
        case CSV -> CsvRows.read(file, in, table);
        case JSONL -> JsonlRows.read(in, table);
      }
      if (format == DataFormat.JSONL && table.columnCount() == 0 && !sampleOnly) {
        throw new DataReadException(
            file, "no JSON objects found: expected one object per line (JSON Lines)");
      }
      return table;
    } catch (DataReadException e) {
      throw e;
    } catch (IOException e) {
      String compression = gzipped ? Gzip.problem(e) : null;
      throw compression != null ? new DataReadException(file, compression, e) : unreadable(file, e);
    }
  }

  private static boolean gzipped(Path file) throws DataReadException {
    try {
      return Gzip.is(file);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  // how a dataset names its file in messages and reports
  private static String sourceName(Path file) {
    return file.getFileName() == null ? file.toString() : file.getFileName().toString();
  }

  static DataReadException unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new DataReadException(file, "no such file", e);
    }
    if (e instanceof AccessDeniedException) {
      return new DataReadException(file, "permission denied", e);
    }
    if (Files.isDirectory(file)) {
      return new DataReadException(file, "is a directory, not a data file", e);
    }
    return new DataReadException(file, "cannot read: " + e.getMessage(), e);
  }
}
