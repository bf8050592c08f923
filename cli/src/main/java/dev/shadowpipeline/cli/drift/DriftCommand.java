package dev.shadowpipeline.cli.drift;

import dev.shadowpipeline.app.drift.DriftCheck;
import dev.shadowpipeline.app.drift.DriftSettings;
import dev.shadowpipeline.app.drift.UnknownColumnException;
import dev.shadowpipeline.app.monitor.MonitorConfig;
import dev.shadowpipeline.app.monitor.OneOffRun;
import dev.shadowpipeline.app.progress.Progress;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.OutputFolder;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.cli.config.ConfigDefaults;
import dev.shadowpipeline.drift.data.DataReadException;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.data.SkippedColumn;
import dev.shadowpipeline.drift.engine.Compat;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.engine.IncompatibleTestException;
import dev.shadowpipeline.drift.segment.SegmentOptions;
import dev.shadowpipeline.drift.segment.SegmentedDrift;
import dev.shadowpipeline.drift.stattest.DefaultThresholds;
import dev.shadowpipeline.parquet.QuerySecrets;
import dev.shadowpipeline.report.drift.RunInputs;
import dev.shadowpipeline.shadow.record.OutputSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shadow drift}: compare reference and current data column by column; report; exit 1 on drift if asked. */
@Command(
    name = "drift",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Compare reference and current data column by column and decide whether they drifted.",
    synopsisHeading = "%nUsage: ",
    customSynopsis =
        "shadow drift (--reference FILE|GLOB|DIR | --reference-sql SQL) (--current FILE|GLOB|DIR | --current-sql SQL) "
            + "[--out DIR] [--config FILE] [--drift-share 0.1] "
            + "[--stattest NAME] [--fail-on-drift] [--columns A,B] [--exclude C] [--missing-share-threshold 0.1|off] "
            + "[--multivariate] [--compat native|evidently] [--segment-by COLUMN [--max-segments 20]] [--engine local|spark [--spark-master URL]] [OPTIONS]",
    description = {
      "",
      "Reads two datasets: CSV (',' ';' or tab, header row) or JSONL files, gzipped or not, or Parquet (a file, a glob such as "
          + "'data/2026-11-*.parquet', or a folder of hive partitions such as lake/day=2026-11-28/part-0.parquet, whose "
          + "key=value folders become columns), or the result of a SQL query run by the embedded DuckDB. From "
          + "Parquet only the columns compared are read; nested and binary columns, and datetimes without a "
          + "--column-type, are skipped and listed in the report. Then it types each column as Evidently does, runs "
          + "Evidently's default test per column (or the one configured), and decides dataset drift when the share "
          + "of drifted columns reaches --drift-share. Prints a table, the status and 'Drift Detected: true|false' "
          + "(or 'unknown'); writes OUT/index.html, OUT/drift_report.json and OUT/drift_status.json.",
      "",
      "A column counts as drifted when its test says so; when its share of missing values moves by at least "
          + "--missing-share-threshold (default 0.1, i.e. 10 points, e.g. 0%% -> 100%%), whatever the test says and "
          + "even when no value is left to test; or when it is in the reference but not in the current data. "
          + "Columns only in the current data are shown but not counted.",
      "",
      "Text columns get Evidently's domain classifier: a logistic regression on TF-IDF words trained to tell "
          + "reference rows from current rows, its ROC AUC on held-out rows compared with what random labelling "
          + "reaches (perc_text_content_drift, up to 1000 reference rows) or with 0.55 (abs_text_content_drift); the "
          + "report lists the words pointing most to each side. Embedding columns (lists of numbers: [0.1, -0.2] in "
          + "a CSV cell, a JSON array, a Parquet list) get the same classifier on their dimensions "
          + "(embedding_classifier) or embedding_mmd. --multivariate adds one classifier over all tested columns "
          + "together, which catches joint shifts no single column shows, with each column's importance.",
      "",
      "Status: ok (every reference column judged); incomplete (a verdict on part of the data: a reference "
          + "column is missing from the current data, or a column could not be tested; each problem is listed); "
          + "untestable (no verdict at all: a file has no data rows, or no column in both files could be judged, "
          + "e.g. every column renamed). An untestable check is never reported as 'no drift'.",
      "",
      "Segments: --segment-by region compares the data as a whole, then the rows of each value of 'region' on "
          + "their own, with the same tests, thresholds and drift share (the data is read once). The "
          + "--max-segments largest values by reference rows are compared one by one, the rest together as "
          + "'other'; a value with rows on one side only, or fewer than --min-segment-rows on a side, is reported "
          + "as untested with its counts. Prints a line per segment and 'Segment Drift Detected: true|false'; "
          + "drift_report.json and drift_status.json get a 'segments' block, the report a table of segments x "
          + "columns.",
      ""
    },
    footer = {
      "",
      "Tests and their default thresholds (Evidently 0.7's, in both modes); a test may carry its own threshold: "
          + "psi:0.2.",
      "%s",
      "A threshold must let the score fall on both sides of it: a p-value's (and a text or embedding "
          + "classifier's ROC AUC or quantile) in (0, 1), a distance's above 0 and finite; a threshold given "
          + "without a test (--threshold, age=:0.01) must be in (0, 1) unless the test it meets is named at its own "
          + "or a broader level (--stattest wasserstein --threshold 1.5). Anything else is refused (exit 2).",
      "--compat evidently runs Evidently 0.7's versions: one-sided mannw (alternative=less), Student's pooled "
          + "t_test, z's p-value as 2(1 - cdf|z|), tvd's ties rounded as Evidently rounds them; a test chosen for a "
          + "column type Evidently's registry refuses (e.g. z or chisquare on a numeric column) stops the run "
          + "(exit 2); drift share 0.5 and no missing-share rule unless given. The default, native, keeps "
          + "two-sided mannw and Welch's t_test (see README 'Evidently parity').",
      "",
      "Every option is also a key in the 'drift:' section of a YAML file given with --config (flags win), e.g.:",
      "  drift:",
      "    drift-share: 0.2",
      "    column-type: [clicks=categorical]",
      "    column-test: [salary=psi:0.2]",
      "",
      "Exit codes: 0 done (drift or not, unless --fail-on-drift; an incomplete check exits by its verdict); 1 "
          + "drift found with --fail-on-drift (a reference column missing from the current data counts as drifted; "
          + "with --segment-by, drift in any tested segment too, unless --segment-drift report); "
          + "2 bad usage, unreadable input, or an untestable check (the reports are still written, with status "
          + "'untestable'; with --db the run is saved as failed)."
    })
public final class DriftCommand implements Callable<Integer> {

  @Option(
      names = "--reference",
      paramLabel = "FILE",
      order = 1,
      description =
          "Reference data (what the model was trained on): .csv, .tsv, .jsonl (each also .gz), .parquet, a glob of Parquet files "
              + "(quote it) or a folder of them.")
  Path reference;

  @Option(
      names = "--current",
      paramLabel = "FILE",
      order = 2,
      description = "Current data (what production sees now), in the same forms.")
  Path current;

  @Option(
      names = "--reference-sql",
      paramLabel = "SQL",
      order = 2,
      description =
          "Instead of --reference: a query whose result is the reference, run by the embedded DuckDB, e.g. "
              + "\"SELECT * FROM read_parquet('lake/*/*.parquet', hive_partitioning = true) WHERE day = "
              + "'2026-11-01'\". Outputs and errors show it with URL passwords and secret-looking "
              + "settings (s3_secret_access_key=...) masked.")
  String referenceSql;

  @Option(
      names = "--current-sql",
      paramLabel = "SQL",
      order = 2,
      description = "Instead of --current: a query whose result is the current data.")
  String currentSql;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "drift-out",
      order = 3,
      description =
          "Where index.html, drift_report.json and drift_status.json go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      order = 4,
      description = "YAML file with a 'drift:' section; flags override it.")
  Path config;

  @Option(
      names = "--drift-share",
      paramLabel = "0..1",
      order = 5,
      description =
          "Dataset drift when at least this share of tested columns drift: 0 < X <= 1 (default: 0.1; "
              + "Evidently's, and with --compat evidently, 0.5).")
  Double driftShare;

  @Option(
      names = "--stattest",
      paramLabel = "NAME[:THRESHOLD]",
      order = 6,
      description = "One test for every column instead of Evidently's default per column.")
  String stattest;

  @Option(
      names = "--threshold",
      paramLabel = "X",
      order = 7,
      description =
          "Threshold for every column's test (default: each test's own, listed below). Without --stattest it "
              + "meets Evidently's default tests, p-value ones among them, so it must be in (0, 1).")
  Double threshold;

  @Option(
      names = "--fail-on-drift",
      order = 8,
      description =
          "Exit 1 when dataset drift is found (with --segment-by: in the whole or a segment).")
  boolean failOnDrift;

  @Option(
      names = "--columns",
      paramLabel = "A,B",
      split = ",",
      order = 9,
      description =
          "Compare only these columns. Names in neither file are an error (exit 2, before anything is "
              + "compared or written), all of them in one line, each with the name meant when one is close; so is "
              + "a column a file has but that was not read (e.g. a nested Parquet column), with why.")
  List<String> columns;

  @Option(
      names = "--exclude",
      paramLabel = "C",
      split = ",",
      order = 10,
      description = "Leave these columns out.")
  List<String> exclude;

  @Option(
      names = "--column-type",
      paramLabel = "COLUMN=TYPE",
      split = ",",
      order = 11,
      description =
          "Type a column yourself: numeric, categorical or text (e.g. clicks=categorical). Columns in neither "
              + "file, or not read from it, are an error as with --columns.")
  Map<String, String> columnTypes;

  @Option(
      names = "--column-test",
      paramLabel = "COLUMN=NAME[:THRESHOLD]",
      split = ",",
      order = 12,
      description =
          "Test (and/or threshold) for one column, e.g. salary=psi:0.2 or age=:0.01. Columns in neither file, "
              + "or not read from it, are an error as with --columns.")
  Map<String, String> columnTests;

  @Option(
      names = "--type-test",
      paramLabel = "TYPE=NAME[:THRESHOLD]",
      split = ",",
      order = 13,
      description = "Test (and/or threshold) for a column type, e.g. numeric=wasserstein:0.2.")
  Map<String, String> typeTests;

  @Option(
      names = "--db",
      paramLabel = "URL",
      order = 14,
      description =
          "Save the run and its columns to this history database (SQLite file, jdbc:postgresql://HOST/DB or "
              + "postgresql://USER:PASSWORD@HOST/DB; else credentials from SHADOW_DB_USER/SHADOW_DB_PASSWORD); "
              + "the report is also kept in OUT/runs/<run id>/. The database is opened before the data is read, "
              + "so a bad one fails at once.")
  String db;

  @Option(
      names = "--alerts-config",
      paramLabel = "FILE",
      order = 15,
      description =
          "A monitor.yaml whose alerts, cooldown and on-drift apply to this run (and whose db is used "
              + "without --db).")
  Path alertsConfig;

  @Option(
      names = "--dry-run",
      order = 16,
      description = "With --alerts-config: print the alert payloads instead of sending them.")
  boolean dryRun;

  @Option(
      names = "--missing-share-threshold",
      paramLabel = "X|off",
      order = 17,
      converter = MissingShareThresholdConverter.class,
      description =
          "A column drifts when its share of missing values moves by at least X (0 < X <= 1, absolute: "
              + "0.1 = 10 points), whatever its test says; 'off' turns this rule off (default: 0.1; off with "
              + "--compat evidently, as Evidently has no such rule).")
  OptionalDouble missingShareThreshold;

  @Option(
      names = "--multivariate",
      order = 25,
      description =
          "Also run the multivariate check: a domain classifier over all tested columns together (standardized "
              + "numbers and their pairwise products, one-hot categories, TF-IDF words, embedding dimensions) on "
              + "the row samples; drift when its held-out ROC AUC beats 95%% of random labellings; reported beside "
              + "the share-of-columns verdict, which it does not change. Off by default.")
  boolean multivariate;

  @Option(
      names = "--row-sample",
      paramLabel = "N",
      defaultValue = "10000",
      order = 26,
      description =
          "Whole rows kept per side as a seeded uniform sample while reading, for --multivariate and for the "
              + "vectors of embedding columns (default: ${DEFAULT-VALUE}; 0 keeps none).")
  int rowSample;

  @Option(
      names = "--compat",
      paramLabel = "native|evidently",
      order = 24,
      description =
          "Whose rules: native (default; two-sided mannw, Welch's t_test) or evidently (Evidently 0.7's tests, "
              + "type guards and defaults, to reproduce its numbers).")
  String compat;

  @Option(
      names = "--engine",
      paramLabel = "local|spark",
      defaultValue = "local",
      order = 18,
      description =
          "local (default): this JVM. spark: the Spark job in local mode, from the spark module's build "
              + "(spark/target/); see README 'Drift on Spark'.")
  String engine;

  @Option(
      names = "--segment-by",
      paramLabel = "COLUMN",
      order = 27,
      description =
          "Also compare the rows of each value of this column on their own (e.g. region, channel): drift per "
              + "segment, decided per segment. The column itself is not tested within a segment.")
  String segmentBy;

  @Option(
      names = "--max-segments",
      paramLabel = "N",
      order = 28,
      description =
          "With --segment-by: compare the N segments with the most reference rows one by one, and the rest "
              + "together as 'other' (default: "
              + SegmentOptions.DEFAULT_MAX_SEGMENTS
              + ").")
  Integer maxSegments;

  @Option(
      names = "--min-segment-rows",
      paramLabel = "N",
      order = 29,
      description =
          "With --segment-by: a segment with fewer rows than N on either side is reported as too small, with its "
              + "counts, and not tested (default: "
              + SegmentOptions.DEFAULT_MIN_ROWS
              + ").")
  Long minSegmentRows;

  @Option(
      names = "--segment-drift",
      paramLabel = "fail|report",
      order = 30,
      description =
          "With --segment-by and --fail-on-drift: 'fail' (default) exits 1 when the whole data or any tested "
              + "segment drifted; 'report' exits 1 only for drift of the whole data, segments are only reported.")
  String segmentDrift;

  @Option(
      names = "--decimal",
      paramLabel = ". or ,",
      order = 31,
      description =
          "The decimal mark of numbers in CSV and JSONL text: '.' (default) or ',' for files that write 1,5 (and"
              + " separate fields with ';'), as pandas' read_csv(decimal=','). With ',' a point still reads as"
              + " one, and a value with both (1.234,5) stays text. Without it 1,5 is text, as pandas reads it.")
  String decimal;

  @Option(
      names = "--spark-master",
      paramLabel = "URL",
      order = 19,
      description = "With --engine spark: the Spark master (default: local[*]).")
  String sparkMaster;

  /** The flag a {@link DriftSettings} message starts with. */
  private static final Pattern LEADING_FLAG = Pattern.compile("--[a-z-]+");

  private final CliContext ctx;

  private CommandSpec spec;

  DriftCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    DriftCheck.Input referenceInput = input("--reference", reference, referenceSql);
    DriftCheck.Input currentInput = input("--current", current, currentSql);
    DriftOptions options = options();
    SegmentOptions segments = segments();
    boolean segmentsFail = segmentsFail();
    boolean decimalComma = decimalComma();
    if (engine.equals("spark")) {
      if (decimalComma) {
        throw new UsageException(
            where("--decimal")
                + " ',' is read in this JVM: not with --engine spark (Spark's CSV reader has no decimal"
                + " comma); drop --engine spark, or convert the files to Parquet");
      }
      if (multivariate) {
        throw new UsageException(
            "--multivariate needs row samples, which the Spark job does not draw: use --engine local");
      }
      if (options.compat() != Compat.NATIVE) {
        throw new UsageException(
            "--compat evidently runs on the local engine only: the Spark job's large-column tests are"
                + " ours (two-sided mannw, Welch's t_test); drop --engine spark or --compat");
      }
      if (segments != null) {
        throw new UsageException(
            "--segment-by runs in this JVM: not with --engine spark (the Spark job has no segments yet)");
      }
      if (referenceSql != null || currentSql != null) {
        throw new UsageException(
            (referenceSql != null ? "--reference-sql" : "--current-sql")
                + " runs in the embedded DuckDB: not with --engine spark (give paths or tables)");
      }
      // before Spark starts (tens of seconds): the job would find it only after the comparison
      OutputFolder.checkWritableLeavingNoTrace("--out", out);
      // the job opens the database again before its comparison; a bad one is told here without
      // waiting for Spark to start
      OneOffRun checked = openHistory();
      if (checked != null) {
        checked.close(); // the job saves the run on its own connection
      }
      return new SparkLaunch(SparkLaunch.home()).run(sparkArgs());
    }
    if (!engine.equals("local")) {
      throw new UsageException("--engine must be local or spark: " + engine);
    }
    if (sparkMaster != null) {
      throw new UsageException("--spark-master needs --engine spark");
    }
    if (rowSample < 0) {
      throw new UsageException("--row-sample must be >= 0: " + rowSample);
    }
    Set<String> include = columns == null ? Set.of() : new LinkedHashSet<>(trimmed(columns));
    Set<String> excluded = exclude == null ? Set.of() : new LinkedHashSet<>(trimmed(exclude));
    // before the data is read and compared, which can take minutes
    OutputFolder.checkWritableLeavingNoTrace("--out", out);
    OutputFolder.checkFiles("--out", out, DriftCheck.FILES);
    try (OneOffRun history = openHistory()) {
      return checkAndRecord(
          history,
          referenceInput,
          currentInput,
          include,
          excluded,
          options,
          segments,
          segmentsFail);
    }
  }

  /**
   * With {@code --db} or {@code --alerts-config}: the history database, opened (and migrated) before the data is read,
   * so that a wrong URL, password or path is one error line in seconds, not after the comparison; else null.
   */
  private OneOffRun openHistory() {
    if (db == null && alertsConfig == null) {
      return null;
    }
    MonitorConfig alerts =
        alertsConfig == null ? null : MonitorConfig.loadAlerts(alertsConfig, ctx.env(), ctx::warn);
    return OneOffRun.open(ctx.env(), db, alerts, dryRun);
  }

  // reads, compares, prints and writes the outputs, and saves the run to the open history (if any)
  private int checkAndRecord(
      OneOffRun history,
      DriftCheck.Input referenceInput,
      DriftCheck.Input currentInput,
      Set<String> include,
      Set<String> excluded,
      DriftOptions options,
      SegmentOptions segments,
      boolean segmentsFail) {
    Instant startedAt = Instant.now();
    DriftCheck.Compared compared =
        compare(referenceInput, currentInput, include, excluded, options, segments);
    DriftResult result = compared.result();
    long writing = System.nanoTime();
    String referenceName = name("--reference", reference);
    String currentName = name("--current", current);
    DriftTable.print(ctx.out(), result, referenceName, currentName);
    SegmentedDrift bySegment = compared.segments();
    if (bySegment != null && result.untestableReason(referenceName, currentName).isEmpty()) {
      SegmentTable.print(ctx.out(), bySegment);
    }
    notes(result);
    RunInputs inputs = DriftCheck.inputs(referenceInput, currentInput, startedAt);
    writeOutputs(result, bySegment, inputs);
    if (history != null) {
      history.record(
          ctx.out(),
          // the history database and the alerts keep the query, never its credentials
          reference != null ? reference.toString() : QuerySecrets.mask(referenceSql),
          current != null ? current.toString() : QuerySecrets.mask(currentSql),
          out,
          result,
          startedAt,
          bySegment,
          inputs);
    }
    // no verdict is bad input, not a pass: the outputs above say so too, and the one error line
    // says why
    result
        .untestableReason(referenceName, currentName)
        .ifPresent(
            reason -> {
              throw new UsageException(reason);
            });
    ctx.err()
        .printf(
            Locale.ROOT,
            "timing: read %.2f s, compare %.2f s, outputs %.2f s%n",
            compared.readNanos() / 1e9,
            compared.compareNanos() / 1e9,
            (System.nanoTime() - writing) / 1e9);
    boolean segmentDrifted = segmentsFail && bySegment != null && bySegment.anyDrift();
    return failOnDrift && (result.drift() || segmentDrifted) ? ExitCode.CHECK_FAILED : ExitCode.OK;
  }

  /** The segment options, or null without --segment-by; the bounds alone are bad usage. */
  private SegmentOptions segments() {
    if (segmentBy == null || segmentBy.isBlank()) {
      String alone =
          maxSegments != null
              ? "--max-segments"
              : minSegmentRows != null
                  ? "--min-segment-rows"
                  : segmentDrift != null ? "--segment-drift" : null;
      if (alone != null) {
        throw new UsageException(alone + " needs --segment-by COLUMN");
      }
      if (segmentBy != null) {
        throw new UsageException("--segment-by needs a column name");
      }
      return null;
    }
    int max = maxSegments == null ? SegmentOptions.DEFAULT_MAX_SEGMENTS : maxSegments;
    long min = minSegmentRows == null ? SegmentOptions.DEFAULT_MIN_ROWS : minSegmentRows;
    if (max < 1) {
      throw new UsageException("--max-segments must be at least 1: " + max);
    }
    if (min < 1) {
      throw new UsageException("--min-segment-rows must be at least 1: " + min);
    }
    return new SegmentOptions(segmentBy.strip(), max, min);
  }

  private boolean segmentsFail() {
    if (segmentDrift == null || segmentDrift.equals("fail")) {
      return true;
    }
    if (segmentDrift.equals("report")) {
      return false;
    }
    throw new UsageException("--segment-drift must be fail or report: " + segmentDrift);
  }

  private static DriftCheck.Input input(String option, Path file, String sql) {
    if ((file == null) == (sql == null)) {
      throw new UsageException(
          file == null
              ? "give " + option + " FILE or " + option + "-sql SQL"
              : "give " + option + " or " + option + "-sql, not both");
    }
    try {
      return file != null ? DriftCheck.Input.of(file) : DriftCheck.Input.sql(option + "-sql", sql);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  private static String name(String option, Path file) {
    return file != null ? option + " " + file : option + "-sql";
  }

  /** Columns the Parquet reader left out are not errors, but they must not vanish unnoticed. */
  private void notes(DriftResult result) {
    List<SkippedColumn> ref = result.reference().skippedColumns();
    for (SkippedColumn c : ref) {
      note(c, result.reference().source());
    }
    for (SkippedColumn c : result.current().skippedColumns()) {
      if (ref.stream().noneMatch(r -> r.name().equals(c.name()))) { // said once is enough
        note(c, result.current().source());
      }
    }
  }

  private void note(SkippedColumn c, String source) {
    ctx.err()
        .printf(
            "note: column '%s' (%s in %s) not compared: %s%n",
            c.name(), c.type(), source, c.reason());
  }

  /** This command's settings (flags and --config alike) as the Spark job's arguments. */
  List<String> sparkArgs() {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--reference", reference.toString(), "--current", current.toString()));
    DriftOptions options = options();
    args.addAll(
        List.of("--out", out.toString(), "--drift-share", Double.toString(options.driftShare())));
    args.addAll(
        List.of(
            "--missing-share-threshold",
            options.missingShareThreshold().isPresent()
                ? Double.toString(options.missingShareThreshold().getAsDouble())
                : "off"));
    add(args, "--stattest", stattest);
    add(args, "--threshold", threshold == null ? null : threshold.toString());
    add(args, "--columns", columns == null ? null : String.join(",", columns));
    add(args, "--exclude", exclude == null ? null : String.join(",", exclude));
    pairs(args, "--column-type", columnTypes);
    pairs(args, "--column-test", columnTests);
    pairs(args, "--type-test", typeTests);
    add(args, "--db", db);
    add(args, "--alerts-config", alertsConfig == null ? null : alertsConfig.toString());
    add(args, "--master", sparkMaster);
    if (failOnDrift) {
      args.add("--fail-on-drift");
    }
    if (dryRun) {
      args.add("--dry-run");
    }
    return args;
  }

  private static void add(List<String> args, String option, String value) {
    if (value != null) {
      args.add(option);
      args.add(value);
    }
  }

  private static void pairs(List<String> args, String option, Map<String, String> values) {
    if (values != null) {
      values.forEach((k, v) -> add(args, option, k + "=" + v));
    }
  }

  private static List<String> trimmed(List<String> names) {
    return names.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  // --- options
  // -------------------------------------------------------------------------------------------------

  private DriftOptions options() {
    try {
      Compat mode;
      try {
        mode = compat == null ? Compat.NATIVE : Compat.parse(compat);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--compat: " + e.getMessage(), e);
      }
      return new DriftSettings(
              driftShare,
              stattest,
              threshold,
              typeTests,
              columnTests,
              columnTypes,
              missingShareThreshold,
              mode)
          .toOptions()
          .withMultivariate(multivariate);
    } catch (IllegalArgumentException e) {
      throw new UsageException(named(e.getMessage()), e);
    }
  }

  /**
   * A message of {@link DriftSettings}, which starts with the flag it is about, naming the config file and key instead
   * when the value came from {@code --config}.
   */
  private String named(String message) {
    Matcher flag = LEADING_FLAG.matcher(message);
    if (!flag.lookingAt()) {
      return message;
    }
    String where = where(flag.group());
    String rest = message.substring(flag.end());
    return where.equals(flag.group()) || rest.startsWith(":") ? where + rest : where + ":" + rest;
  }

  /**
   * How to name an option in an error: the flag when given on the command line, {@code shadow.yaml: drift.key}
   * when the config file supplied it.
   */
  private String where(String option) {
    return spec == null ? option : ConfigDefaults.where(spec, option);
  }

  private boolean decimalComma() {
    if (decimal == null || decimal.equals(".")) {
      return false;
    }
    if (decimal.equals(",")) {
      return true;
    }
    throw new UsageException(
        where("--decimal") + " must be '.' or ',' (quote it in YAML: ','): '" + decimal + "'");
  }

  /** The footer with the table of every test's default threshold, built from the tests themselves. */
  @Spec
  void footerWithDefaults(CommandSpec spec) {
    this.spec = spec;
    String[] footer = spec.usageMessage().footer().clone();
    for (int i = 0; i < footer.length; i++) {
      if (footer[i].equals("%s")) {
        footer[i] = DefaultThresholds.table("  ").stripTrailing().replace("%", "%%");
      }
    }
    spec.usageMessage().footer(footer);
  }

  // --- input
  // ---------------------------------------------------------------------------------------------------

  private DriftCheck.Compared compare(
      DriftCheck.Input referenceInput,
      DriftCheck.Input currentInput,
      Set<String> include,
      Set<String> excluded,
      DriftOptions options,
      SegmentOptions segments) {
    long total = size(reference) + size(current);
    Progress progress = total > (64L << 20) ? ctx.progress("Reading", total) : Progress.silent();
    ReadOptions readOptions =
        ReadOptions.DEFAULTS
            .withColumns(include, excluded)
            .withProgress(progress::update)
            .withRowSample(rowSample)
            .withDecimalComma(decimalComma());
    try {
      return DriftCheck.compare(referenceInput, currentInput, readOptions, options, segments);
    } catch (IncompatibleTestException e) {
      throw new UsageException(e.getMessage(), e); // Evidently's registry refuses it: bad usage
    } catch (UnknownColumnException e) {
      throw new UsageException(where("--" + e.setting()) + ": " + e.getMessage(), e);
    } catch (DataReadException e) {
      if ((referenceInput.file() == null && e.file().toString().equals("--reference-sql"))
          || (currentInput.file() == null && e.file().toString().equals("--current-sql"))) {
        throw new UsageException(e.getMessage(), e); // already "--reference-sql: query failed: ..."
      }
      String option = e.file().equals(reference) ? "--reference" : "--current";
      throw new UsageException(option + " " + e.getMessage(), e);
    } finally {
      progress.finish();
    }
  }

  private static long size(Path file) {
    if (file == null || !Files.isRegularFile(file)) {
      return 0; // a query, a glob or a folder: no byte count to show progress against
    }
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // the reader names the problem
    }
  }

  // --- output
  // --------------------------------------------------------------------------------------------------

  private void writeOutputs(DriftResult result, SegmentedDrift segments, RunInputs inputs) {
    // replaced together: a run that cannot write drift_status.json keeps the report it belongs to
    try (OutputSet staged = OutputFolder.stage("--out", out, DriftCheck.FILES)) {
      DriftCheck.writeReport(staged.staging(), result, segments, inputs);
      OutputFolder.commit("--out", staged);
    } catch (IOException e) {
      throw new UsageException("--out: cannot write to " + out + ": " + OutputFolder.reason(e), e);
    }
    ctx.out().println("Report: " + out.resolve(DriftCheck.REPORT));
  }
}
