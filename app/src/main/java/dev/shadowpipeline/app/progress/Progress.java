package dev.shadowpipeline.app.progress;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/**
 * Progress of long work: a bar redrawn in place on a terminal, a plain line per quarter otherwise (logs and CI
 * stay readable). Thread-safe; redraws at most ten times a second.
 */
public final class Progress {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final PrintWriter err;
  private final boolean interactive;
  private final String label;
  private final long total;
  private final long startNanos = System.nanoTime();
  private long lastDrawNanos;
  private int lastQuarter;

  /** Progress nobody sees, for work the user did not ask about. */
  public static Progress silent() {
    return new Progress(null, false, "", 1);
  }

  /**
   * @param err where progress is written
   * @param interactive whether {@code err} is a terminal (the bar is then redrawn in place)
   * @param label what is counted, e.g. {@code pairs}
   * @param total how many there are
   */
  public Progress(PrintWriter err, boolean interactive, String label, long total) {
    this.err = err;
    this.interactive = interactive;
    this.label = label;
    this.total = Math.max(1, total);
  }

  /** Reports that {@code done} of the total are finished. */
  public synchronized void update(long done) {
    if (err == null) {
      return;
    }
    long now = System.nanoTime();
    if (interactive) {
      if (now - lastDrawNanos >= REDRAW_NANOS || done >= total) {
        lastDrawNanos = now;
        int filled = (int) (WIDTH * Math.min(done, total) / total);
        err.printf(
            "\r%s [%s%s] %d/%d  %.1fs",
            label,
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            done,
            total,
            (now - startNanos) / 1e9);
        err.flush();
      }
    } else {
      int quarter = (int) (4 * Math.min(done, total) / total);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        // the share done, not the quarter crossed: 1 of 3 is 33 %, not 25
        err.printf("%s: %d/%d (%d%%)%n", label, done, total, 100 * Math.min(done, total) / total);
        err.flush();
      }
    }
  }

  /** Ends the bar's line. */
  public synchronized void finish() {
    if (err != null && interactive) {
      err.println();
      err.flush();
    }
  }
}
