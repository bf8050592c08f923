package dev.shadowpipeline.cli.drift;

import dev.shadowpipeline.app.simulate.SimulatedCsv;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.OutputFolder;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.cli.config.ConfigDefaults;
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.simulate.Simulation;
import dev.shadowpipeline.parquet.ParquetWriter;
import dev.shadowpipeline.shadow.record.OutputSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shadow simulate}: the seed's reference/current datasets, with drift where asked. */
@Command(
    name = "simulate",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Write synthetic reference and current data (CSV or Parquet) with controlled drift.",
    synopsisHeading = "%nUsage: ",
    customSynopsis =
        "shadow simulate --out DIR [--rows 1000] [--seed 42] [--shift COLUMN=DELTA]... "
            + "[--scale COLUMN=FACTOR]... [--format csv|parquet]",
    description = {
      "",
      "Columns: age ~ N(30, 5), salary ~ N(50000, 10000), clicks uniform integers 0-99, in both files. By default "
          + "the current salary is shifted by +25000 (mean 75000), so 'shadow drift' finds drift in salary only. "
          + "Same seed, same files.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  shadow simulate --out data                              # the seed scenario",
      "  shadow simulate --out data --shift salary=0             # no drift at all",
      "  shadow simulate --out data --shift age=+3 --scale clicks=0.5",
      "  shadow simulate --out data --format parquet             # reference.parquet, current.parquet",
      "Options can also come from the 'simulate:' section of a YAML file (--config)."
    })
public final class SimulateCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      paramLabel = "DIR",
      required = true,
      order = 1,
      description =
          "Directory for reference.csv and current.csv, or .parquet with --format parquet (created if "
              + "missing).")
  Path out;

  @Option(
      names = "--rows",
      paramLabel = "N",
      defaultValue = "1000",
      order = 2,
      description = "Rows in each file (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      order = 3,
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--shift",
      paramLabel = "COLUMN=DELTA",
      split = ",",
      order = 4,
      description =
          "Add DELTA to every current value of COLUMN (default: salary=+25000; a shift given for salary "
              + "replaces it, one for another column adds to it). "
              + "Values are written with two decimals, exactly; a shift or scale that takes any current value "
              + "beyond +/-1e13, where doubles no longer hold cents, is refused (exit 2, nothing written).")
  List<String> shift = new ArrayList<>();

  @Option(
      names = "--scale",
      paramLabel = "COLUMN=FACTOR",
      split = ",",
      order = 5,
      description =
          "Stretch the current values of COLUMN around the mean by FACTOR (1.5: 50%% wider; a number above 0).")
  List<String> scale = new ArrayList<>();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      order = 6,
      description = "YAML file with a 'simulate:' section; flags override it.")
  Path config;

  @Option(
      names = "--format",
      paramLabel = "csv|parquet",
      defaultValue = "csv",
      order = 7,
      description =
          "csv (default) or parquet (INT64 for clicks, DOUBLE for the others; the same values as the CSV).")
  String format;

  @Spec CommandSpec spec;

  private final CliContext ctx;

  SimulateCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (rows < 1) {
      throw new UsageException("--rows must be at least 1: " + rows);
    }
    Map<String, Double> shifts = perColumn("--shift", "DELTA", shift);
    Map<String, Double> scales = perColumn("--scale", "FACTOR", scale);
    Simulation simulation;
    try {
      simulation = new Simulation(rows, seed, shifts, scales);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--shift/--scale: " + e.getMessage(), e);
    }
    String extension = format.strip().toLowerCase(Locale.ROOT);
    if (!extension.equals("csv") && !extension.equals("parquet")) {
      throw new UsageException("--format must be csv or parquet: " + format);
    }
    OutputFolder.checkWritableLeavingNoTrace("--out", out);
    List<String> files = List.of("reference." + extension, "current." + extension);
    OutputFolder.checkFiles("--out", out, files);
    DatasetPair data;
    try {
      data = simulation.generate(); // before any file is written: a refused value leaves none
    } catch (IllegalArgumentException e) {
      throw new UsageException("--shift/--scale: " + e.getMessage(), e);
    }
    Path reference = out.resolve(files.get(0));
    Path current = out.resolve(files.get(1));
    // the pair is replaced together: a current.csv that cannot be written keeps the reference.csv
    // that belongs with the current.csv there
    try (OutputSet staged = OutputFolder.stage("--out", out, files)) {
      Path stagedReference = staged.staged(files.get(0));
      Path stagedCurrent = staged.staged(files.get(1));
      if (extension.equals("parquet")) {
        ParquetWriter.write(stagedReference, data.reference());
        ParquetWriter.write(stagedCurrent, data.current());
      } else {
        SimulatedCsv.writeCsv(stagedReference, data.reference());
        SimulatedCsv.writeCsv(stagedCurrent, data.current());
      }
      OutputFolder.commit("--out", staged);
    } catch (IOException e) {
      throw new UsageException("--out: cannot write to " + out + ": " + OutputFolder.reason(e), e);
    }
    ctx.out()
        .printf(
            "Wrote %s and %s (%,d rows each, seed %d; current shifted %s%s)%n",
            reference,
            current,
            rows,
            seed,
            simulation.shift(),
            simulation.scale().isEmpty() ? "" : ", scaled " + simulation.scale());
    return ExitCode.OK;
  }

  /**
   * Reads {@code COLUMN=NUMBER} pairs. Done here rather than by picocli's map binding, which keeps the last of two
   * values for one column without a word (so {@code --shift age=1,age=2} shifted by 2) and words its errors as
   * "Value for option option".
   */
  private Map<String, Double> perColumn(String optionName, String valueLabel, List<String> pairs) {
    Map<String, Double> values = new LinkedHashMap<>();
    if (pairs == null) {
      return values;
    }
    String where = ConfigDefaults.where(spec, optionName);
    for (String pair : pairs) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new UsageException(
            where
                + ": expected COLUMN="
                + valueLabel
                + ", e.g. salary=1000, but got '"
                + pair
                + "'");
      }
      String column = pair.substring(0, equals).strip();
      String number = pair.substring(equals + 1).strip();
      double value;
      try {
        value = Double.parseDouble(number);
      } catch (NumberFormatException e) {
        throw new UsageException(
            where + ": " + valueLabel + " of '" + column + "' is not a number: '" + number + "'",
            e);
      }
      Double earlier = values.putIfAbsent(column, value);
      if (earlier != null) {
        throw new UsageException(
            where
                + ": '"
                + column
                + "' is given twice ("
                + number
                + " after "
                + earlier
                + "); give each column once");
      }
    }
    return values;
  }
}
