package dev.shadowpipeline.alert;

import dev.shadowpipeline.alert.AlertEvent.DriftDetected;
import dev.shadowpipeline.alert.AlertEvent.DriftRecovered;
import dev.shadowpipeline.alert.AlertEvent.GateFailed;
import dev.shadowpipeline.alert.AlertEvent.PipelineFailed;
import java.util.List;
import java.util.Locale;

/** The human wording of events, shared by the chat channels so Discord and Slack say the same thing. */
final class AlertText {

  private AlertText() {}

  static String title(AlertEvent event) {
    if (event instanceof DriftDetected drift) {
      return "Data drift detected: " + drift.dataset();
    } else if (event instanceof DriftRecovered recovered) {
      return "Data drift recovered: " + recovered.dataset();
    } else if (event instanceof PipelineFailed failed) {
      return "Pipeline run failed: " + failed.job();
    } else if (event instanceof GateFailed gate) {
      return "Shadow gate failed: " + gate.gate();
    }
    throw new IllegalArgumentException("unknown event: " + event);
  }

  /** One or two sentences; the details (columns, reasons) are listed separately. */
  static String summary(AlertEvent event) {
    if (event instanceof DriftDetected drift) {
      return drift.columnsDrifted()
          + " of "
          + drift.columnsTotal()
          + " columns drifted (share "
          + share(drift.driftShare())
          + ", threshold "
          + share(drift.threshold())
          + ") in run "
          + drift.runId()
          + ".";
    } else if (event instanceof DriftRecovered recovered) {
      return "Drift share is "
          + share(recovered.driftShare())
          + ", below the threshold "
          + share(recovered.threshold())
          + ", in run "
          + recovered.runId()
          + ".";
    } else if (event instanceof PipelineFailed failed) {
      return (failed.runId() == null ? "" : "Run " + failed.runId() + ": ") + failed.error();
    } else if (event instanceof GateFailed gate) {
      return gate.reasons().size() + " criteria failed; the candidate must not be promoted.";
    }
    throw new IllegalArgumentException("unknown event: " + event);
  }

  /** The report or details link, or null. */
  static String link(AlertEvent event) {
    if (event instanceof DriftDetected drift) {
      return drift.reportUrl();
    } else if (event instanceof DriftRecovered recovered) {
      return recovered.reportUrl();
    } else if (event instanceof PipelineFailed failed) {
      return failed.reportUrl();
    } else if (event instanceof GateFailed gate) {
      return gate.detailsUrl();
    }
    return null;
  }

  /** A named detail line: a drifted column, a failed gate criterion. */
  record Detail(String name, String value) {}

  /** The event's details, most important first; messages show as many as fit. */
  static List<Detail> details(AlertEvent event) {
    if (event instanceof DriftDetected drift) {
      return drift.topColumns().stream().map(c -> new Detail(c.column(), columnDetail(c))).toList();
    } else if (event instanceof GateFailed gate) {
      return gate.reasons().stream().map(reason -> new Detail("Failed criterion", reason)).toList();
    }
    return List.of();
  }

  /** Says how many details were left out. */
  static String more(AlertEvent event, int count) {
    String what =
        event instanceof GateFailed
            ? (count == 1 ? "criterion" : "criteria")
            : (count == 1 ? "column" : "columns");
    return count
        + " more "
        + what
        + " not shown"
        + (link(event) == null ? "." : "; see the report.");
  }

  static String columnDetail(ColumnScore column) {
    return column.test()
        + " "
        + number(column.score())
        + " (threshold "
        + number(column.threshold())
        + ")"
        + (column.drifted() ? ", drifted" : "");
  }

  static String share(double share) {
    return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (value != 0 && Math.abs(value) < 1e-3) {
      return String.format(Locale.ROOT, "%.2e", value);
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
