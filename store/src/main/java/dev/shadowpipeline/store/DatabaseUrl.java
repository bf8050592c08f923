package dev.shadowpipeline.store;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A resolved JDBC URL, its backend, the credentials written into it, and its printable form without secrets.
 *
 * @param jdbcUrl what the driver is given: never with a user-info, whose credentials are in {@code user} and
 *     {@code password}
 * @param user the user written in the URL ({@code postgresql://USER:password@host/db}), or null
 * @param password the password written in the URL, decoded, or null
 * @param given the URL as written, for messages (shown only through {@link #printable()})
 * @param created for a SQLite file that did not exist before this open, the topmost of the file and the folders
 *     above it that did not exist (what opening it creates), so that a command that records nothing can remove
 *     them again; null for an existing file, {@code :memory:} and PostgreSQL
 */
record DatabaseUrl(
    Backend backend, String jdbcUrl, String user, String password, String given, Path created) {

  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");

  private static final String POSTGRESQL = "jdbc:postgresql:";

  /**
   * Accepts a plain file path (SQLite, parent directories created), {@code jdbc:sqlite:...}, {@code
   * jdbc:postgresql:...}, or PostgreSQL's own {@code postgresql://} / {@code postgres://} URL. A PostgreSQL URL's
   * {@code user:password@} is taken out of the URL and given to the driver as its user and password, since the
   * JDBC driver itself reads it as part of the host name.
   */
  static DatabaseUrl parse(String urlOrPath) {
    if (urlOrPath == null || urlOrPath.isBlank()) {
      throw new IllegalArgumentException(
          "database must be a file path or a JDBC URL, got an empty value");
    }
    String value = urlOrPath.strip();
    if (value.startsWith("jdbc:sqlite:")) {
      return new DatabaseUrl(Backend.SQLITE, value, null, null, value, sqliteFileCreated(value));
    }
    if (value.startsWith(POSTGRESQL)) {
      return postgresql(value, value.substring(POSTGRESQL.length()));
    }
    for (String scheme : new String[] {"postgresql:", "postgres:"}) {
      if (value.startsWith(scheme + "//")) {
        return postgresql(value, value.substring(scheme.length()));
      }
    }
    if (value.startsWith("jdbc:") || value.contains("://")) {
      throw new IllegalArgumentException(
          "unsupported database URL "
              + redact(withoutQuery(value))
              + ": use a file path (SQLite), jdbc:sqlite:PATH, jdbc:postgresql://HOST:PORT/DATABASE or "
              + "postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
    }
    Path file;
    try {
      file = Path.of(value).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "database path is not valid: " + value + " (" + e.getReason() + ")", e);
    }
    Path created = topmostMissing(file);
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
    String jdbc = "jdbc:sqlite:" + file;
    return new DatabaseUrl(Backend.SQLITE, jdbc, null, null, jdbc, created);
  }

  /**
   * The SQLite file a value names, without creating anything: for a plain path and a plain {@code jdbc:sqlite:PATH};
   * null for PostgreSQL, {@code :memory:}, {@code file:} URIs, parameterised URLs and values that are no path.
   */
  static Path sqliteFile(String urlOrPath) {
    if (urlOrPath == null || urlOrPath.isBlank()) {
      return null;
    }
    String value = urlOrPath.strip();
    String path =
        value.startsWith("jdbc:sqlite:") ? value.substring("jdbc:sqlite:".length()) : value;
    if (path.isEmpty()
        || path.startsWith(":")
        || path.startsWith("file:")
        || path.contains("?")
        || path.startsWith("jdbc:")
        || path.contains("://")) {
      return null;
    }
    try {
      return Path.of(path).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return null; // parse says what is wrong with it
    }
  }

  /** The topmost of the file and its folders that does not exist yet, or null when the file exists. */
  private static Path topmostMissing(Path file) {
    if (Files.exists(file)) {
      return null;
    }
    Path missing = file;
    for (Path p = file.getParent(); p != null && !Files.exists(p); p = p.getParent()) {
      missing = p;
    }
    return missing;
  }

  /**
   * The file a {@code jdbc:sqlite:PATH} URL will create, or null: SQLite creates no folders, and the in-memory,
   * {@code file:} URI and parameterised forms are left as they are.
   */
  private static Path sqliteFileCreated(String url) {
    String path = url.substring("jdbc:sqlite:".length());
    if (path.isEmpty() || path.startsWith(":") || path.startsWith("file:") || path.contains("?")) {
      return null;
    }
    try {
      Path file = Path.of(path).toAbsolutePath().normalize();
      return Files.exists(file) ? null : file;
    } catch (InvalidPathException e) {
      return null; // SQLite will say what is wrong with it
    }
  }

  /**
   * A PostgreSQL URL from what follows its scheme ({@code //user:password@host:port/db?params}): the user-info, up
   * to the last {@code @} before the path (a password may hold an unencoded {@code @}), becomes the credentials.
   */
  private static DatabaseUrl postgresql(String given, String rest) {
    if (!rest.startsWith("//")) {
      return new DatabaseUrl(Backend.POSTGRESQL, POSTGRESQL + rest, null, null, given, null);
    }
    int start = 2;
    int slash = rest.indexOf('/', start);
    int query = rest.indexOf('?', start);
    int end = slash < 0 ? rest.length() : slash;
    if (query >= 0 && query < end) {
      end = query;
    }
    int at = rest.lastIndexOf('@', end - 1);
    if (at < start) {
      at = unencodedUserInfoEnd(rest, start, end);
    }
    if (at < start) {
      return new DatabaseUrl(Backend.POSTGRESQL, POSTGRESQL + rest, null, null, given, null);
    }
    String userInfo = rest.substring(start, at);
    int colon = userInfo.indexOf(':');
    String user = decoded(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password = colon < 0 ? null : decoded(userInfo.substring(colon + 1));
    return new DatabaseUrl(
        Backend.POSTGRESQL,
        POSTGRESQL + "//" + rest.substring(at + 1),
        user.isEmpty() ? null : user,
        password,
        given,
        null);
  }

  /**
   * Where a user-info ends whose password holds an unencoded {@code /} or {@code ?} ({@code //alice:pa?ss@host/db}),
   * which the URL's grammar would end at that character, leaving the password for a host name that the driver then
   * prints; or -1. Taken so only when what precedes that character is {@code user:text} whose text is not a port
   * ({@code //host:5432/db?x=a@b} has no user-info): then up to the last {@code @} before the next {@code /} or
   * {@code ?} after the first {@code @}.
   *
   * @param end where the grammar ends the authority: the first {@code /} or {@code ?}
   */
  private static int unencodedUserInfoEnd(String rest, int start, int end) {
    int firstAt = rest.indexOf('@', end);
    int colon = rest.indexOf(':', start);
    if (firstAt < 0 || colon < 0 || colon >= end || isPort(rest.substring(colon + 1, end))) {
      return -1;
    }
    int next = firstAt;
    while (next < rest.length() && rest.charAt(next) != '/' && rest.charAt(next) != '?') {
      next++;
    }
    return rest.lastIndexOf('@', next - 1);
  }

  private static boolean isPort(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /**
   * A user-info's percent-decoding ({@code p%40ss} is {@code p@ss}); a {@code +} stays a {@code +}, as in any URL's
   * user-info. Text that is not valid percent-encoding is taken as written.
   */
  static String decoded(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
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

  /**
   * Deletes what opening this URL created ({@link #created()}): the SQLite file with its {@code -wal}, {@code -shm}
   * and {@code -journal} files, then each created folder that is left empty. Call only with every connection closed.
   *
   * @return whether the file is gone (false when there was nothing this open created, or it could not be deleted)
   */
  boolean deleteCreated() {
    if (created == null) {
      return false;
    }
    Path file = Path.of(jdbcUrl.substring("jdbc:sqlite:".length()));
    try {
      for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
      }
      Files.deleteIfExists(file);
      for (Path dir = file.getParent(); dir != null && dir.startsWith(created); ) {
        Files.delete(dir); // a folder something else was put in meanwhile is kept
        dir = dir.getParent();
      }
    } catch (IOException e) {
      return !Files.exists(file);
    }
    return true;
  }

  /**
   * The URL as written, for messages and logs, with any password masked: the one this URL was parsed to hold too,
   * wherever it stands, since a password with white space or an unencoded {@code ?} ends the URL a message quotes
   * before it.
   */
  String printable() {
    String shown = redact(given);
    return password == null || password.isEmpty() ? shown : shown.replace(password, "****");
  }

  @Override
  public String toString() {
    return backend + " " + printable();
  }
}
