package dev.shadowpipeline.spark;

import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.app.config.ConfigTree;
import dev.shadowpipeline.app.config.IoReasons;
import dev.shadowpipeline.app.drift.DriftCheck;
import dev.shadowpipeline.app.drift.DriftSettings;
import dev.shadowpipeline.app.monitor.MonitorConfig;
import dev.shadowpipeline.app.monitor.OneOffRun;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.Compat;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.spark.job.JavaVersionCheck;
import dev.shadowpipeline.spark.job.JobSettings;
import dev.shadowpipeline.spark.job.SparkDrift;
import dev.shadowpipeline.spark.job.SparkInputException;
import dev.shadowpipeline.spark.source.SparkSources;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The Spark job: {@code shadow drift} with the statistics computed by Spark. Same options, same outputs
 * ({@code index.html}, {@code drift_report.json}, {@code drift_status.json}), same exit codes.
 *
 * <pre>
 * spark-submit --class dev.shadowpipeline.spark.SparkDriftCommand shadow-spark.jar \
 *     --reference s3a://lake/ref/ --current s3a://lake/cur/ --out drift-out
 * </pre>
 */
@Command(
    name = "shadow-spark drift",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Compare reference and current data on Spark and decide whether they drifted.",
    description = {
      "",
      "The options, outputs and exit codes of 'shadow drift'. Categorical and text columns are counted exactly "
          + "by Spark; numeric columns up to --collect-limit values are compared on the driver like 'shadow drift' "
          + "does; larger ones get every numeric test computed exactly where the data is (a distributed sort, "
          + "exact bin counts, midrank and moment sums; empirical_mmd on a 500-value sample per side, as locally).",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 done; 1 drift found with --fail-on-drift; 2 bad usage, unreadable input, an unreachable "
          + "master, or an untestable check."
    })
public final class SparkDriftCommand implements Callable<Integer> {

  @Option(
      names = "--reference",
      paramLabel = "PATH",
      description =
          "Reference data: a file, glob or directory (Parquet, CSV, TSV, JSON lines, ORC).")
  String reference;

  @Option(
      names = "--reference-table",
      paramLabel = "DB.TABLE",
      description = "Reference data as a table of the configured catalog, instead of --reference.")
  String referenceTable;

  @Option(names = "--current", paramLabel = "PATH", description = "Current data.")
  String current;

  @Option(
      names = "--current-table",
      paramLabel = "DB.TABLE",
      description = "Current data as a catalog table, instead of --current.")
  String currentTable;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "parquet, csv, tsv, json or orc (default: from the file name; a directory is Parquet).")
  String format;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "drift-out",
      description =
          "Where index.html, drift_report.json and drift_status.json go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master, e.g. local[2] or spark://host:7077 (default: spark-submit's, else local[*]).")
  String master;

  @Option(
      names = "--drift-share",
      paramLabel = "0..1",
      defaultValue = "0.1",
      description =
          "Dataset drift when at least this share of tested columns drift (default: ${DEFAULT-VALUE}).")
  double driftShare;

  @Option(
      names = "--stattest",
      paramLabel = "NAME[:THRESHOLD]",
      description = "One test for every column.")
  String stattest;

  @Option(
      names = "--threshold",
      paramLabel = "X",
      description = "Threshold for every column's test.")
  Double threshold;

  @Option(names = "--fail-on-drift", description = "Exit 1 when dataset drift is found.")
  boolean failOnDrift;

  @Option(
      names = "--columns",
      paramLabel = "A,B",
      split = ",",
      description = "Compare only these columns.")
  List<String> columns;

  @Option(
      names = "--exclude",
      paramLabel = "C",
      split = ",",
      description = "Leave these columns out.")
  List<String> exclude;

  @Option(
      names = "--column-type",
      paramLabel = "COLUMN=TYPE",
      split = ",",
      description = "Type a column yourself: numeric, categorical or text.")
  Map<String, String> columnTypes;

  @Option(
      names = "--column-test",
      paramLabel = "COLUMN=NAME[:THRESHOLD]",
      split = ",",
      description = "Test (and/or threshold) for one column.")
  Map<String, String> columnTests;

  @Option(
      names = "--type-test",
      paramLabel = "TYPE=NAME[:THRESHOLD]",
      split = ",",
      description = "Test (and/or threshold) for a column type.")
  Map<String, String> typeTests;

  @Option(
      names = "--missing-share-threshold",
      paramLabel = "X|off",
      defaultValue = "0.1",
      description =
          "A column drifts when its missing share moves by at least X (default: ${DEFAULT-VALUE}).")
  String missingShareThreshold;

  @Option(
      names = "--compat",
      paramLabel = "native",
      defaultValue = "native",
      description =
          "native only: Evidently's rules (--compat evidently) run on the local engine, since the job's "
              + "large-column tests are ours.")
  String compat;

  @Option(
      names = "--db",
      paramLabel = "URL",
      description =
          "Save the run to this history database (SQLite file, jdbc:postgresql://HOST/DB or "
              + "postgresql://USER:PASSWORD@HOST/DB; else credentials from SHADOW_DB_USER/SHADOW_DB_PASSWORD).")
  String db;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML file whose 'drift:' section gives defaults (the keys of 'shadow drift --config'); flags win.")
  Path config;

  @Option(
      names = "--alerts-config",
      paramLabel = "FILE",
      description = "A monitor.yaml whose alerts, cooldown and on-drift apply to this run.")
  Path alertsConfig;

  @Option(
      names = "--dry-run",
      description = "With --alerts-config: print the alert payloads instead.")
  boolean dryRun;

  @Option(
      names = "--collect-limit",
      paramLabel = "N",
      defaultValue = "2000000",
      description =
          "Numeric columns with at most N values (both sides) are compared on the driver with any test; larger "
              + "ones where the data is (default: ${DEFAULT-VALUE}; at least 20000).")
  long collectLimit;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description =
          "Range partitions for the sorted scan of a large numeric column (default: spark.sql.shuffle.partitions).")
  Integer partitions;

  private final PrintWriter stdout;
  private final PrintWriter stderr;
  private final Map<String, String> env;

  SparkDriftCommand(PrintWriter stdout, PrintWriter stderr, Map<String, String> env) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.env = env;
  }

  /** Runs the job; exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the job and returns its exit code: 0 done, 1 drift with --fail-on-drift, 2 bad usage or input. */
  public static int run(String... args) {
    return run(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        args);
  }

  // every error line starts "error:", as shadow's own do: under `shadow drift --engine spark` this
  // process's stderr is the user's terminal, and under spark-submit scripts look for the same line
  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new SparkDriftCommand(out, err, System.getenv()));
    cli.setOut(out).setErr(err);
    try {
      configDefaults(cli, args, err);
    } catch (ConfigException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          // a ConfigException is one line naming its file or flag (--db: cannot connect ...)
          if (e instanceof SparkInputException
              || e instanceof IllegalArgumentException
              || e instanceof ConfigException) {
            err.println("error: " + e.getMessage());
          } else {
            err.println("error: the Spark job failed: " + SparkSources.oneLine(e));
          }
          return 2;
        });
    cli.setParameterExceptionHandler(
        (e, parsed) -> {
          err.println("error: " + e.getMessage());
          return 2;
        });
    return cli.execute(args);
  }

  /**
   * With {@code --config FILE}: the file's {@code drift:} section as default values, the same keys {@code shadow
   * drift --config} reads (flags win). Keys the job has no option for ({@code reference-sql}, {@code engine}) are
   * left to {@code shadow drift}.
   */
  private static void configDefaults(CommandLine cli, String[] args, PrintWriter err) {
    Optional<String> path = ConfigFile.pathArgument(args);
    if (path.isEmpty()) {
      return;
    }
    ConfigTree drift =
        ConfigFile.load(Path.of(path.get()), System.getenv(), w -> err.println("warning: " + w))
            .section("drift");
    Map<String, String> values = drift == null ? Map.of() : drift.options();
    cli.setDefaultValueProvider(
        arg ->
            arg instanceof OptionSpec option
                ? values.get(option.longestName().replaceFirst("^-+", ""))
                : null);
  }

  @Override
  public Integer call() {
    JavaVersionCheck.problem(Runtime.version().feature())
        .ifPresent(
            problem -> {
              throw new SparkInputException(problem + "; run the job with a JDK 17 or 21");
            });
    DriftOptions options = options();
    requireOneOf("--reference", reference, "--reference-table", referenceTable);
    requireOneOf("--current", current, "--current-table", currentTable);
    if (master != null) {
      checkReachable(master);
    }
    // before Spark starts and compares (minutes on large data): a wrong database URL, password or
    // path is one error line now, not after the comparison
    try (OneOffRun history = openHistory()) {
      return compareAndRecord(history, options);
    }
  }

  /** With {@code --db} or {@code --alerts-config}: the opened history database; else null. */
  private OneOffRun openHistory() {
    if (db == null && alertsConfig == null) {
      return null;
    }
    MonitorConfig alerts =
        alertsConfig == null
            ? null
            : MonitorConfig.loadAlerts(alertsConfig, env, w -> stderr.println("warning: " + w));
    return OneOffRun.open(env, db, alerts, dryRun);
  }

  private int compareAndRecord(OneOffRun history, DriftOptions options) {
    Instant startedAt = Instant.now();
    // a session already running in this JVM (a test's, a notebook's) is used and left running
    boolean ownSession =
        SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = session();
    try {
      JobSettings settings =
          new JobSettings(
              collectLimit,
              partitions != null
                  ? partitions
                  : Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions", "200")),
              names(columns),
              names(exclude));
      SparkDrift.Input ref = input(spark, "--reference", reference, referenceTable);
      SparkDrift.Input cur = input(spark, "--current", current, currentTable);
      long start = System.nanoTime();
      SparkDrift.Outcome outcome = new SparkDrift(options, settings).compare(ref, cur);
      long computed = System.nanoTime();
      outcome.notes().forEach(n -> stderr.println("note: " + n));
      DriftResult result = outcome.result();
      print(result);
      try {
        DriftCheck.writeReport(out, result);
      } catch (IOException e) {
        throw new SparkInputException(
            "--out: cannot write to " + out + ": " + IoReasons.reason(e), e);
      }
      stdout.println("Report: " + out.resolve(DriftCheck.REPORT));
      if (history != null) {
        history.record(stdout, ref.name(), cur.name(), out, result, startedAt, null, null);
      }
      String refName = optionName("--reference", reference, referenceTable);
      String curName = optionName("--current", current, currentTable);
      var untestable = result.untestableReason(refName, curName);
      if (untestable.isPresent()) {
        stderr.println("error: " + untestable.get());
        return 2;
      }
      stderr.printf(Locale.ROOT, "timing: compare on Spark %.2f s%n", (computed - start) / 1e9);
      return failOnDrift && result.drift() ? 1 : 0;
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
  }

  private DriftOptions options() {
    // refused rather than ignored: a config file's 'compat: evidently' must not silently run ours
    if (Compat.parse(compat) != Compat.NATIVE) {
      throw new IllegalArgumentException(
          "--compat evidently runs on the local engine only (shadow drift without --engine spark):"
              + " the job's large-column tests are ours (two-sided mannw, Welch's t_test)");
    }
    OptionalDouble missing;
    try {
      missing = DriftOptions.parseMissingShareThreshold(missingShareThreshold);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--missing-share-threshold " + e.getMessage(), e);
    }
    return new DriftSettings(
            driftShare, stattest, threshold, typeTests, columnTests, columnTypes, missing)
        .toOptions();
  }

  private static void requireOneOf(String a, String aValue, String b, String bValue) {
    if ((aValue == null) == (bValue == null)) {
      throw new IllegalArgumentException("give exactly one of " + a + " and " + b);
    }
  }

  private static String optionName(String option, String path, String table) {
    return path != null ? option + " " + path : option + "-table " + table;
  }

  private SparkDrift.Input input(SparkSession spark, String option, String path, String table) {
    Dataset<Row> data =
        path != null
            ? SparkSources.files(spark, option, path, format)
            : SparkSources.table(spark, option + "-table", table);
    return new SparkDrift.Input(path != null ? path : table, data);
  }

  private static Set<String> names(List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    if (names != null) {
      for (String n : names) {
        if (!n.isBlank()) {
          out.add(n.strip());
        }
      }
    }
    return out;
  }

  private SparkSession session() {
    SparkSession.Builder builder = SparkSession.builder().appName("shadow drift");
    String configured = master;
    if (configured == null && System.getProperty("spark.master") == null) {
      configured = "local[*]"; // not under spark-submit: try it on this machine
    }
    if (configured != null) {
      builder.master(configured);
    }
    if (configured != null && configured.startsWith("local")) {
      builder
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.ui.enabled", "false");
    }
    try {
      SparkSession spark = builder.getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      return spark;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--master " + configured + ": cannot start Spark: " + SparkSources.oneLine(e), e);
    }
  }

  /**
   * A standalone master that cannot be reached makes Spark retry for a minute and then give up in a log line; a
   * quick connect says so at once.
   */
  static void checkReachable(String master) {
    if (!master.startsWith("spark://")) {
      return;
    }
    for (String hostPort : master.substring("spark://".length()).split(",", -1)) {
      URI uri = URI.create("spark://" + hostPort);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("--master " + master + ": not a spark://HOST:PORT URL");
      }
      int port = uri.getPort() < 0 ? 7077 : uri.getPort();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(uri.getHost(), port), 5000);
        return;
      } catch (IOException e) {
        if (master.indexOf(',') < 0) {
          throw new IllegalArgumentException(
              "--master "
                  + master
                  + ": cannot connect to "
                  + uri.getHost()
                  + ":"
                  + port
                  + " ("
                  + e.getMessage()
                  + ")",
              e);
        }
      }
    }
    throw new IllegalArgumentException("--master " + master + ": no master can be reached");
  }

  private void print(DriftResult result) {
    stdout.printf(
        Locale.ROOT,
        "%-24s %-12s %-14s %12s %10s  %s%n",
        "column",
        "type",
        "test",
        "score",
        "threshold",
        "drift");
    for (ColumnDrift c : result.columns()) {
      if (c.result() == null) {
        stdout.printf(
            Locale.ROOT,
            "%-24s %-12s %-14s %12s %10s  %s%n",
            c.name(),
            c.type().name().toLowerCase(Locale.ROOT),
            "-",
            "n/a",
            "-",
            c.status().name().toLowerCase(Locale.ROOT)
                + (c.detail().isEmpty() ? "" : ": " + c.detail()));
      } else {
        stdout.printf(
            Locale.ROOT,
            "%-24s %-12s %-14s %12.6g %10.4g  %s%n",
            c.name(),
            c.type().name().toLowerCase(Locale.ROOT),
            c.result().test(),
            c.result().score(),
            c.result().threshold(),
            c.drifted() ? "DRIFT" : "ok");
      }
    }
    stdout.println("Status: " + result.status().name().toLowerCase(Locale.ROOT));
    stdout.println(
        "Drift Detected: "
            + (result.status() == dev.shadowpipeline.drift.engine.DatasetStatus.UNTESTABLE
                ? "unknown"
                : Boolean.toString(result.drift())));
  }
}
