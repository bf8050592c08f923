package dev.shadowpipeline.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** A resolved JDBC URL, its backend, and its printable form without secrets. */
record DatabaseUrl(Backend backend, String jdbcUrl) {

  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");

  /**
   * Accepts a plain file path (SQLite, parent directories created), {@code jdbc:sqlite:...} or
   * {@code jdbc:postgresql:...}.
   */
  static DatabaseUrl parse(String urlOrPath) {
    if (urlOrPath == null || urlOrPath.isBlank()) {
      throw new IllegalArgumentException(
          "database must be a file path or a JDBC URL, got an empty value");
    }
    String value = urlOrPath.strip();
    if (value.startsWith("jdbc:sqlite:")) {
      return new DatabaseUrl(Backend.SQLITE, value);
    }
    if (value.startsWith("jdbc:postgresql:")) {
      return new DatabaseUrl(Backend.POSTGRESQL, value);
    }
    if (value.startsWith("jdbc:") || value.contains("://")) {
      throw new IllegalArgumentException(
          "unsupported database URL "
              + redact(withoutQuery(value))
              + ": use a file path (SQLite), jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DATABASE");
    }
    Path file;
    try {
      file = Path.of(value).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "database path is not valid: " + value + " (" + e.getReason() + ")", e);
    }
    Path parent = file.getParent();
    if (parent != null) {
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new StoreException(
            "cannot create the folder of database file " + file + ": " + reason(e, true), e);
      }
      String problem = fileProblem(file, parent);
      if (problem != null) {
        throw new StoreException("cannot open database file " + file + ": " + problem);
      }
    }
    return new DatabaseUrl(Backend.SQLITE, "jdbc:sqlite:" + file);
  }

  /**
   * Why SQLite could not open or create the file, or null when it should: SQLite itself says only "[SQLITE_CANTOPEN]
   * Unable to open the database file" for a folder, an unreadable file and a folder where no file can be created.
   */
  private static String fileProblem(Path file, Path parent) {
    if (Files.isDirectory(file)) {
      return "it is a folder, not a database file";
    }
    if (Files.exists(file)) {
      return Files.isReadable(file) ? null : "permission denied";
    }
    try {
      // root ignores permission bits, so only creating a file tells (a read-only mount, /proc)
      Files.delete(Files.createTempFile(parent, ".shadow-db-check", ".tmp"));
      return null;
    } catch (IOException e) {
      return "cannot create it in " + parent + ": " + reason(e, false);
    }
  }

  /**
   * Why a file or folder could not be made, for people: the exception's text is its class name and the path
   * ("java.nio.file.NoSuchFileException: /proc/x"), which says neither.
   */
  static String reason(IOException e, boolean withFile) {
    if (e instanceof FileSystemException fs) {
      String where = fs.getFile() == null || !withFile ? "" : " (" + fs.getFile() + ")";
      if (fs.getReason() != null) {
        return fs.getReason() + where;
      }
      if (e instanceof AccessDeniedException) {
        return "permission denied" + where;
      }
      if (e instanceof FileAlreadyExistsException) {
        return fs.getFile() + " exists and is not a folder";
      }
      if (e instanceof NoSuchFileException) {
        // what the file system says where it makes no files or folders (/proc)
        return "no such file or folder" + where;
      }
      return "an input/output error" + where;
    }
    return e.getMessage() == null ? "an input/output error" : e.getMessage();
  }

  /**
   * The URL, or a message quoting URLs, with any password, as a query parameter or in a user-info, replaced by
   * {@code ****}. A user-info is taken to end at the last {@code @} before the URL's parameters, so a password holding
   * an unencoded {@code @} or {@code /} is masked whole rather than in part.
   */
  static String redact(String text) {
    String s = PASSWORD_PARAM.matcher(text).replaceAll("$1****");
    StringBuilder out = new StringBuilder(s.length());
    int done = 0;
    for (int start = s.indexOf("//"); start >= 0; start = s.indexOf("//", start)) {
      start += 2;
      int end = start;
      while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
        end++; // a URL in a message ends at white space
      }
      int params = s.indexOf('?', start);
      int limit = params >= 0 && params < end ? params : end;
      int at = s.lastIndexOf('@', limit - 1);
      int colon = s.indexOf(':', start);
      if (at >= start && colon >= 0 && colon < at) {
        out.append(s, done, colon + 1).append("****");
        done = at;
      }
      start = end;
    }
    return out.append(s, done, s.length()).toString();
  }

  // an unsupported URL's parameters are not known, so none of them is shown (any may be a key)
  private static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q + 1) + "****";
  }

  /** The URL for messages and logs. */
  String printable() {
    return redact(jdbcUrl);
  }

  @Override
  public String toString() {
    return backend + " " + printable();
  }
}
