package dev.shadowpipeline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring history database: drift runs with per-column results, and shadow comparison windows.
 *
 * <p>Open with a plain file path for an embedded SQLite file (the default; parent directories are created), or
 * with {@code jdbc:postgresql://HOST:PORT/DB} for a PostgreSQL shared by several proxies and jobs. Credentials
 * come from {@link StoreOptions}; {@link #open(String)} reads {@value StoreOptions#USER_ENV} and
 * {@value StoreOptions#PASSWORD_ENV} from the environment. Opening applies any pending Flyway migrations (history
 * table {@code shadow_schema_history}), so a new or older database is brought up to date; applying them again
 * changes nothing.
 *
 * <p>All methods are thread-safe and block on the database: call them from a worker thread, never from an event
 * loop or a caller's request path ({@link dev.shadowpipeline.store.writer.WindowWriter} does that for the proxy).
 * Database failures surface as {@link StoreException} naming the database with any password removed.
 */
public final class Store implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Store.class);
  static final String SCHEMA_HISTORY_TABLE = "shadow_schema_history";

  private final DatabaseUrl url;
  private final HikariDataSource pool;
  private final int migrationsApplied;

  private Store(DatabaseUrl url, HikariDataSource pool, int migrationsApplied) {
    this.url = url;
    this.pool = pool;
    this.migrationsApplied = migrationsApplied;
  }

  /** Opens with {@link StoreOptions#fromEnvironment credentials from the environment}. */
  public static Store open(String urlOrPath) {
    return open(urlOrPath, StoreOptions.fromEnvironment(System.getenv()));
  }

  /**
   * Connects, migrates the schema and returns a ready store.
   *
   * @param urlOrPath a file path (SQLite), {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://...}
   * @param options credentials, pool size and connect timeout
   * @throws IllegalArgumentException when the value is neither a path nor a supported JDBC URL
   * @throws StoreException when the database cannot be reached or migrated; the message names the URL
   */
  public static Store open(String urlOrPath, StoreOptions options) {
    Objects.requireNonNull(options, "options");
    Path file = DatabaseUrl.sqliteFile(urlOrPath);
    if (file != null && Files.isRegularFile(file)) {
      refuseForeign(file, SqliteContents.read(file));
    }
    DatabaseUrl url = DatabaseUrl.parse(urlOrPath);
    return migrate(url, connect(url, options), options);
  }

  /**
   * Opens a history to read it, leaving a database that holds none untouched: a missing or empty SQLite file is
   * neither created nor given the schema, a PostgreSQL database without this application's tables is not given
   * them. For readers such as the dashboard, where writing the schema would turn a wrong path into an empty
   * history. A history of an older version is brought up to date as {@link #open(String, StoreOptions)} does.
   *
   * @return the store, or empty when the database holds no history (it is left as it was)
   * @throws StoreException as {@link #open(String, StoreOptions)}
   */
  public static Optional<Store> openHistory(String urlOrPath, StoreOptions options) {
    Objects.requireNonNull(options, "options");
    Path file = DatabaseUrl.sqliteFile(urlOrPath);
    if (file != null) {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      if (Files.isRegularFile(file)) {
        SqliteContents contents = SqliteContents.read(file);
        refuseForeign(file, contents);
        if (contents.isEmpty()) {
          return Optional.empty();
        }
      }
    }
    DatabaseUrl url = DatabaseUrl.parse(urlOrPath);
    HikariDataSource pool = connect(url, options);
    if (url.backend() == Backend.POSTGRESQL && !holdsHistory(pool, url, options)) {
      pool.close();
      return Optional.empty();
    }
    return Optional.of(migrate(url, pool, options));
  }

  /** A database URL or path as messages show it: any password, in a user-info or a parameter, masked. */
  public static String printable(String urlOrPath) {
    return DatabaseUrl.redact(urlOrPath);
  }

  /** A file of another application must not be switched to WAL, let alone given our tables. */
  private static void refuseForeign(Path file, SqliteContents contents) {
    if (contents.isEmpty() || contents.isHistory()) {
      return;
    }
    List<String> tables = contents.tables();
    String shown =
        String.join(", ", tables.subList(0, Math.min(5, tables.size())))
            + (tables.size() > 5 ? ", ... (" + tables.size() + " tables)" : "");
    throw new StoreException(
        "database file "
            + file
            + " is not a Shadow Pipeline history: it holds other tables ("
            + shown
            + ") and no "
            + SCHEMA_HISTORY_TABLE
            + "; left unchanged (give a new file or an existing history)");
  }

  private static boolean holdsHistory(
      HikariDataSource pool, DatabaseUrl url, StoreOptions options) {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        // the table Flyway would create, where it would create it: the connection's current schema
        ResultSet row =
            statement.executeQuery(
                "SELECT to_regclass(quote_ident(current_schema()) || '."
                    + SCHEMA_HISTORY_TABLE
                    + "') IS NOT NULL")) {
      return row.next() && row.getBoolean(1);
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw new StoreException(
          "cannot read database " + url.printable() + ": " + rootMessage(e, url, options), e);
    }
  }

  private static HikariDataSource connect(DatabaseUrl url, StoreOptions options) {
    try {
      return new HikariDataSource(poolConfig(url, options));
    } catch (RuntimeException e) {
      url.deleteCreated();
      throw new StoreException(
          "cannot connect to database " + url.printable() + ": " + rootMessage(e, url, options), e);
    }
  }

  private static Store migrate(DatabaseUrl url, HikariDataSource pool, StoreOptions options) {
    try {
      int applied =
          Flyway.configure(Store.class.getClassLoader())
              .dataSource(pool)
              .locations(
                  "classpath:dev/shadowpipeline/store/migration/"
                      + url.backend().name().toLowerCase(Locale.ROOT))
              .table(SCHEMA_HISTORY_TABLE)
              .load()
              .migrate()
              .migrationsExecuted;
      LOG.info("store {} ready ({} migration(s) applied)", url.printable(), applied);
      return new Store(url, pool, applied);
    } catch (RuntimeException e) {
      pool.close();
      url.deleteCreated();
      throw new StoreException(
          "cannot migrate database " + url.printable() + ": " + rootMessage(e, url, options), e);
    }
  }

  private static HikariConfig poolConfig(DatabaseUrl url, StoreOptions options) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("shadow-store");
    config.setJdbcUrl(url.jdbcUrl());
    config.setMaximumPoolSize(options.maxPoolSize());
    config.setMinimumIdle(1);
    config.setConnectionTimeout(options.connectTimeout().toMillis());
    config.setValidationTimeout(Math.min(options.connectTimeout().toMillis(), 5_000));
    if (url.backend() == Backend.SQLITE) {
      // WAL lets the dashboard read while a writer writes; busy_timeout waits for the write lock
      // instead of
      // failing at once when two connections of this pool write together.
      config.addDataSourceProperty("journal_mode", "WAL");
      config.addDataSourceProperty("busy_timeout", "10000");
      config.addDataSourceProperty("foreign_keys", "true");
      config.addDataSourceProperty("synchronous", "NORMAL");
    } else {
      // credentials written in the URL win over the environment's, as the driver's own URL
      // parameters (?user=...) do
      String user = url.user() != null ? url.user() : options.user();
      String password = url.password() != null ? url.password() : options.password();
      if (user != null) {
        config.setUsername(user);
      }
      if (password != null) {
        config.setPassword(password);
      }
      long seconds = Math.max(1, options.connectTimeout().toSeconds());
      config.addDataSourceProperty("connectTimeout", Long.toString(seconds));
      config.addDataSourceProperty("loginTimeout", Long.toString(seconds));
      config.addDataSourceProperty("ApplicationName", "shadow-pipeline");
    }
    return config;
  }

  /** Which database this is. */
  Backend backend() {
    return url.backend();
  }

  /** The database URL without any password, for messages and logs. */
  public String describe() {
    return url.printable();
  }

  /** How many migrations this open applied (0 when the schema was already current). */
  public int migrationsApplied() {
    return migrationsApplied;
  }

  /**
   * Saves a run and its column results in one transaction, replacing any run with the same id.
   *
   * @throws IllegalArgumentException when two column results share a name
   */
  public void saveRun(DriftRun run, List<ColumnResult> columns) {
    saveRun(run, columns, List.of());
  }

  /**
   * Saves a run, its column results and its segments' verdicts in one transaction, replacing any run with the same
   * id (and its segments).
   *
   * @throws IllegalArgumentException when two column results share a name
   */
  public void saveRun(DriftRun run, List<ColumnResult> columns, List<SegmentResult> segments) {
    Objects.requireNonNull(run, "run");
    List<SegmentResult> segmentCopy = List.copyOf(segments);
    List<ColumnResult> copy = List.copyOf(columns);
    Set<String> names = new HashSet<>();
    for (ColumnResult column : copy) {
      if (!names.add(column.column())) {
        throw new IllegalArgumentException(
            "column results must have unique names, repeated: " + column.column());
      }
    }
    inTransaction(
        "save run " + run.runId(),
        connection -> {
          SegmentTable.delete(connection, run.runId());
          RunTable.save(connection, run, copy);
          SegmentTable.insert(connection, run.runId(), segmentCopy);
          return null;
        });
  }

  /** The segments of one run, in the order they were saved; empty for a run without segments. */
  public List<SegmentResult> segmentResults(String runId) {
    return inTransaction(
        "read segments of run " + runId, connection -> SegmentTable.of(connection, runId));
  }

  /** All runs, oldest first (failed ones included). */
  public List<DriftRun> runs() {
    return inTransaction("list runs", RunTable::all);
  }

  /** The most recent run by start time, if any. */
  public Optional<DriftRun> latestRun() {
    return inTransaction("read latest run", RunTable::latest);
  }

  /** The run with this id, if any. */
  public Optional<DriftRun> run(String runId) {
    return inTransaction("read run " + runId, connection -> RunTable.byId(connection, runId));
  }

  /** The column results of one run, in the order they were saved; empty for an unknown or failed run. */
  public List<ColumnResult> columnResults(String runId) {
    return inTransaction(
        "read columns of run " + runId, connection -> RunTable.columns(connection, runId));
  }

  /** One column's score over all successful runs, oldest first. */
  public List<ColumnScorePoint> columnHistory(String column) {
    return inTransaction(
        "read history of column " + column,
        connection -> RunTable.history(connection, column).getOrDefault(column, List.of()));
  }

  /** Every column's score over all successful runs: columns by name, points oldest first. */
  public Map<String, List<ColumnScorePoint>> columnHistories() {
    return inTransaction("read column histories", connection -> RunTable.history(connection, null));
  }

  /** Writes one window, replacing an earlier write of the same instance and start. */
  public void upsertWindow(ComparisonWindow window) {
    upsertWindows(List.of(window));
  }

  /** Writes windows in one transaction, each replacing an earlier write of the same instance and start. */
  public void upsertWindows(Collection<ComparisonWindow> windows) {
    List<ComparisonWindow> copy = List.copyOf(windows);
    if (copy.isEmpty()) {
      return;
    }
    inTransaction(
        "write " + copy.size() + " comparison window(s)",
        connection -> {
          WindowTable.upsert(connection, copy);
          return null;
        });
  }

  /** Windows of all instances starting in {@code [from, to)}, by start then instance. */
  public List<ComparisonWindow> windows(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return inTransaction(
        "read comparison windows", connection -> WindowTable.between(connection, from, to));
  }

  /** Closes the connection pool. */
  @Override
  public void close() {
    pool.close();
  }

  /**
   * Closes the store and, when this open created the SQLite file and nothing was saved in it, deletes the file and
   * the folders the open created: a command that fails on its input before it records anything leaves no empty
   * database behind. An existing file, a PostgreSQL database and a database holding any drift run or comparison
   * window are only closed.
   */
  public void closeDiscardingIfEmpty() {
    boolean discard = url.created() != null && holdsNothing();
    pool.close();
    if (discard && !url.deleteCreated()) {
      LOG.debug("could not delete the unused database {}", url.printable());
    }
  }

  private boolean holdsNothing() {
    try {
      return inTransaction(
          "look for saved rows",
          connection -> {
            try (Statement statement = connection.createStatement();
                ResultSet rows =
                    statement.executeQuery(
                        "SELECT EXISTS (SELECT 1 FROM drift_run)"
                            + " OR EXISTS (SELECT 1 FROM shadow_window)")) {
              return rows.next() && !rows.getBoolean(1);
            }
          });
    } catch (StoreException e) {
      return false; // a database that cannot be read is kept as it is
    }
  }

  @Override
  public String toString() {
    return "Store[" + url + "]";
  }

  private interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  private <T> T inTransaction(String what, Work<T> work) {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.apply(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(
          "database " + url.printable() + ": cannot " + what + ": " + rootMessage(e), e);
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return DatabaseUrl.redact(message.strip());
  }

  /**
   * The root cause's message with the URL's credentials removed wherever they appear, not only inside a URL: the
   * PostgreSQL driver takes {@code user:password@host} for a host name and repeats it bare ("pguser:pw@127.0.0.1"),
   * where no URL pattern finds it.
   */
  private static String rootMessage(Throwable error, DatabaseUrl url, StoreOptions options) {
    String message = rootMessage(error);
    Set<String> secrets = new HashSet<>(secretsOf(url.given(), options));
    if (url.password() != null && !url.password().isEmpty()) {
      secrets.add(url.password()); // as the driver was given it
    }
    for (String secret :
        secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
      message = message.replace(secret, "****");
    }
    return message;
  }

  /**
   * The credentials a URL and the options carry, longest first so that a user-info is masked before its password:
   * the raw and decoded user-info's password, and the password of the options.
   */
  static List<String> secretsOf(String jdbcUrl, StoreOptions options) {
    Set<String> secrets = new HashSet<>();
    int scheme = jdbcUrl.indexOf("//");
    if (scheme >= 0) {
      int start = scheme + 2;
      int end = jdbcUrl.indexOf('/', start);
      int query = jdbcUrl.indexOf('?', start);
      int limit = end < 0 ? (query < 0 ? jdbcUrl.length() : query) : end;
      if (query >= 0 && query < limit) {
        limit = query;
      }
      int at = jdbcUrl.lastIndexOf('@', limit - 1);
      if (at >= start) {
        String userInfo = jdbcUrl.substring(start, at);
        int colon = userInfo.indexOf(':');
        String secret = colon < 0 ? userInfo : userInfo.substring(colon + 1);
        secrets.add(secret);
        secrets.add(decoded(secret));
      }
    }
    if (options.password() != null) {
      secrets.add(options.password());
    }
    secrets.removeIf(String::isEmpty);
    return secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  private static String decoded(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text; // not valid percent-encoding: the raw text is what a driver would repeat
    }
  }
}
