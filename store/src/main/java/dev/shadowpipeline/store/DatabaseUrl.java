package dev.shadowpipeline.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** A resolved JDBC URL, its backend, and its printable form without secrets. */
record DatabaseUrl(Backend backend, String jdbcUrl) {

  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("//([^/@:]*):[^/@]*@");

  /**
   * Accepts a plain file path (SQLite, parent directories created), {@code jdbc:sqlite:...} or
   * {@code jdbc:postgresql:...}.
   */
  static DatabaseUrl parse(String urlOrPath) {
    if (urlOrPath == null || urlOrPath.isBlank()) {
      throw new IllegalArgumentException("database must be a file path or a JDBC URL, got an empty value");
    }
    String value = urlOrPath.strip();
    if (value.startsWith("jdbc:sqlite:")) {
      return new DatabaseUrl(Backend.SQLITE, value);
    }
    if (value.startsWith("jdbc:postgresql:")) {
      return new DatabaseUrl(Backend.POSTGRESQL, value);
    }
    if (value.startsWith("jdbc:") || value.contains("://")) {
      throw new IllegalArgumentException("unsupported database URL " + redact(value)
          + ": use a file path (SQLite), jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DATABASE");
    }
    Path file;
    try {
      file = Path.of(value).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("database path is not valid: " + value + " (" + e.getReason() + ")", e);
    }
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new StoreException("cannot create the directory of database file " + file + ": " + e, e);
    }
    return new DatabaseUrl(Backend.SQLITE, "jdbc:sqlite:" + file);
  }

  /** The URL with any password (query parameter or user-info) replaced by {@code ****}. */
  static String redact(String url) {
    String withoutParam = PASSWORD_PARAM.matcher(url).replaceAll("$1****");
    return USER_INFO.matcher(withoutParam).replaceAll("//$1:****@");
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
