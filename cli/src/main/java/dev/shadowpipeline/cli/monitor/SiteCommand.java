package dev.shadowpipeline.cli.monitor;

import dev.shadowpipeline.app.config.InputFiles;
import dev.shadowpipeline.app.monitor.Monitor;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.OutputFolder;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.report.site.DashboardSite;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shadow site}: build the static dashboard from the history database. */
@Command(
    name = "site",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Build the static monitoring dashboard from the history database.",
    synopsisHeading = "%nUsage: ",
    customSynopsis = "shadow site --db URL --out DIR [--title TEXT]",
    description = {
      "",
      "Writes OUT/index.html (one offline file: current status, drift share and per-column score trends over the "
          + "whole history, shadow agreement and latency trends, a table of runs) and OUT/status.json, and archives "
          + "each run's report into OUT/runs/<run id>/ from where its job wrote it. Archived reports are never "
          + "replaced or deleted; a failed run shows a banner and links to the last good report.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 built; 2 bad options, no such database, or the site cannot be written."
    })
public final class SiteCommand implements Callable<Integer> {

  @Option(
      names = "--db",
      paramLabel = "URL",
      defaultValue = "shadow.db",
      order = 1,
      description =
          "History database to read (SQLite file, jdbc:postgresql://HOST/DB or "
              + "postgresql://USER:PASSWORD@HOST/DB; else credentials from SHADOW_DB_USER/SHADOW_DB_PASSWORD; "
              + "default: ${DEFAULT-VALUE}).")
  String db;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "site",
      order = 2,
      description = "Where the site goes (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--title",
      paramLabel = "TEXT",
      defaultValue = "Drift monitor",
      order = 3,
      description = "Page title (default: ${DEFAULT-VALUE}).")
  String title;

  private final CliContext ctx;

  SiteCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    String file = db.startsWith("jdbc:sqlite:") ? db.substring("jdbc:sqlite:".length()) : db;
    // a server's URL (jdbc:postgresql://, postgresql://) names no file, and may hold a password
    if (!file.startsWith("jdbc:") && !file.contains("://")) {
      if (!Files.exists(Path.of(file))) {
        // opening would create an empty database and publish an empty dashboard: almost surely a
        // wrong path
        throw new UsageException(
            "--db "
                + db
                + ": no such database file (drift runs create it: shadow schedule, "
                + "or shadow drift --db)");
      }
      InputFiles.requireFile(
          "--db",
          Path.of(file),
          "a database file (the SQLite file drift runs write, e.g. shadow.db)");
    }
    // before the database is opened: nothing to read for a site that cannot be written; and no
    // empty --out left behind when the database is refused
    OutputFolder.checkWritableLeavingNoTrace("--out", out);
    Optional<Store> history = Monitor.openHistory("--db", db, ctx.env());
    if (history.isEmpty()) {
      // writing the schema would turn a wrong path into an empty dashboard published as healthy
      throw new UsageException(
          "--db "
              + Store.printable(db)
              + ": no history yet (no drift run or shadow window was ever saved there; shadow"
              + " schedule, shadow drift --db or shadow proxy --db write one); left unchanged");
    }
    try (Store store = history.get()) {
      DashboardSite.Built built = DashboardSite.build(store, out, title, Clock.systemUTC());
      ctx.out()
          .printf(
              Locale.ROOT,
              "Dashboard: %s (status %s; %d runs, %d reports archived, %d new; %d shadow "
                  + "windows)%n",
              built.index(),
              built.status().name().toLowerCase(Locale.ROOT),
              built.runs(),
              built.archived(),
              built.archivedNow(),
              built.windows());
      return ExitCode.OK;
    } catch (IOException e) {
      throw new UsageException("--out: cannot write to " + out + ": " + OutputFolder.reason(e), e);
    } catch (StoreException e) {
      throw new UsageException("--db: " + e.getMessage(), e);
    }
  }
}
