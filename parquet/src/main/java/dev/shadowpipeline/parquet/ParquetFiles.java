package dev.shadowpipeline.parquet;

import dev.shadowpipeline.drift.data.DataReadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The files behind a Parquet source and the one schema they must share. Every file's footer is read before any data,
 * so a truncated or corrupt file, or partitions that disagree on a column, fail the read at once with the file named,
 * before anything is computed or written.
 */
final class ParquetFiles {

  private static final Pattern HIVE_SEGMENT = Pattern.compile("[^/\\\\=]+=[^/\\\\]*");

  /**
   * The files of a source and how DuckDB should read them.
   *
   * @param files absolute or as-given paths, sorted
   * @param hive whether {@code key=value} folders become columns
   * @param columns the shared schema: name and DuckDB type, in file order (partition columns last)
   */
  record Listing(List<String> files, boolean hive, List<Column> columns) {
    Listing {
      files = List.copyOf(files);
      columns = List.copyOf(columns);
    }

    /** The relation to select from: {@code read_parquet([...], hive_partitioning = ...)}. */
    String relation() {
      StringBuilder sql = new StringBuilder("read_parquet([");
      for (int i = 0; i < files.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(DuckDb.literal(files.get(i)));
      }
      return sql.append("], hive_partitioning = ").append(hive).append(')').toString();
    }
  }

  /**
   * A column of a schema.
   *
   * @param name its name
   * @param type its DuckDB type, e.g. {@code DOUBLE}
   */
  record Column(String name, String type) {
    Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  private ParquetFiles() {}

  /** Lists and checks the files of a (non-SQL) source. */
  static Listing list(Connection c, ParquetSource source) throws DataReadException {
    Path path = source.path();
    List<String> files = new ArrayList<>();
    boolean folder = Files.isDirectory(path);
    boolean glob = !folder && isGlob(path.toString());
    if (!folder && !glob) {
      if (!Files.exists(path)) {
        throw new DataReadException(path, "no such file");
      }
      if (!Files.isReadable(path)) {
        throw new DataReadException(path, "permission denied");
      }
      files.add(path.toString());
    } else {
      String pattern =
          folder ? path.resolve("**").resolve("*.parquet").toString() : path.toString();
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT file FROM glob(" + DuckDb.literal(pattern) + ") ORDER BY file")) {
        while (rs.next()) {
          files.add(rs.getString(1));
        }
      } catch (SQLException e) {
        throw DuckDb.failure(source, "cannot list files", e);
      }
      if (files.isEmpty()) {
        throw new DataReadException(
            path,
            folder
                ? "a directory with no .parquet file in it or below it (a directory is read as"
                    + " Parquet files; to read a CSV or JSONL file, give its path)"
                : "no file matches this pattern");
      }
    }
    boolean hive = (folder || glob) && files.stream().allMatch(f -> hasHiveFolder(path, f));
    return new Listing(files, hive, schema(c, source, files, hive));
  }

  /** Whether a path holds glob characters. */
  static boolean isGlob(String path) {
    return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0;
  }

  private static boolean hasHiveFolder(Path base, String file) {
    Path parent = Path.of(file).getParent();
    for (Path p = parent; p != null && !p.equals(base); p = p.getParent()) {
      Path name = p.getFileName();
      if (name != null && HIVE_SEGMENT.matcher(name.toString()).matches()) {
        return true;
      }
    }
    return false;
  }

  private static List<Column> schema(
      Connection c, ParquetSource source, List<String> files, boolean hive)
      throws DataReadException {
    List<Column> first = null;
    String firstFile = null;
    for (String file : files) {
      List<Column> columns = describe(c, source, file, hive);
      if (first == null) {
        first = columns;
        firstFile = file;
      } else if (!columns.equals(first)) {
        throw new DataReadException(
            source.path(),
            "partitions disagree on their schema: "
                + difference(
                    relative(source.path(), firstFile),
                    first,
                    relative(source.path(), file),
                    columns));
      }
    }
    return first;
  }

  private static List<Column> describe(
      Connection c, ParquetSource source, String file, boolean hive) throws DataReadException {
    List<Column> columns = new ArrayList<>();
    String sql =
        "DESCRIBE SELECT * FROM read_parquet("
            + DuckDb.literal(file)
            + ", hive_partitioning = "
            + hive
            + ")";
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        columns.add(new Column(rs.getString("column_name"), rs.getString("column_type")));
      }
    } catch (SQLException e) {
      String where = files(source) ? "file " + relative(source.path(), file) + ": " : "";
      throw new DataReadException(
          source.path(), where + "not a readable Parquet file: " + DuckDb.message(e), e);
    }
    return columns;
  }

  private static boolean files(ParquetSource source) {
    return !Files.isRegularFile(source.path());
  }

  /** The first difference between two schemas, naming the files. */
  static String difference(String aFile, List<Column> a, String bFile, List<Column> b) {
    Map<String, String> aTypes = types(a);
    Map<String, String> bTypes = types(b);
    for (Map.Entry<String, String> e : aTypes.entrySet()) {
      String other = bTypes.get(e.getKey());
      if (other == null) {
        return bFile + " has no column '" + e.getKey() + "' (" + aFile + " has)";
      }
      if (!other.equals(e.getValue())) {
        return "column '"
            + e.getKey()
            + "' is "
            + e.getValue()
            + " in "
            + aFile
            + " but "
            + other
            + " in "
            + bFile;
      }
    }
    for (String name : bTypes.keySet()) {
      if (!aTypes.containsKey(name)) {
        return bFile + " has a column '" + name + "' that " + aFile + " has not";
      }
    }
    return "the columns of " + bFile + " are in another order than in " + aFile;
  }

  private static Map<String, String> types(List<Column> columns) {
    Map<String, String> m = new LinkedHashMap<>();
    columns.forEach(col -> m.put(col.name(), col.type()));
    return m;
  }

  /** A file's path relative to the source's folder (the glob's fixed part), as messages show it. */
  static String relative(Path base, String file) {
    Path dir = Files.isDirectory(base) ? base : fixedPrefix(base);
    Path f = Path.of(file);
    if (dir != null && f.startsWith(dir) && !f.equals(dir)) {
      return dir.relativize(f).toString();
    }
    return file;
  }

  private static Path fixedPrefix(Path glob) {
    Path p = glob;
    while (p != null && isGlob(p.toString())) {
      p = p.getParent();
    }
    return p;
  }
}
