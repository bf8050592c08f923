package dev.shadowpipeline.alert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something worth telling people about. Each event has a subject ({@link #subjectKey()}, e.g. {@code drift:credit})
 * and a state; the {@link AlertCooldown} sends an event when its subject's state changes and repeats a bad state at
 * most once per cooldown period.
 */
public sealed interface AlertEvent {

  /** When it happened. */
  Instant occurredAt();

  /** What the state belongs to: one dataset, job or gate. */
  String subjectKey();

  /** The state this event reports. */
  AlertState state();

  /** Whether an unchanged state is sent again once the cooldown period has passed. */
  default boolean remindsWhileUnchanged() {
    return state() != AlertState.HEALTHY;
  }

  /** Machine name of the event kind, as in the webhook JSON: {@code drift_detected}, ... */
  String kind();

  /**
   * The dataset drifted.
   *
   * @param dataset name of the monitored dataset (or job)
   * @param runId the run that found it
   * @param occurredAt when the run started
   * @param driftShare share of drifted columns, in [0, 1]
   * @param threshold share at which the dataset counts as drifted
   * @param columnsDrifted number of drifted columns
   * @param columnsTotal number of columns compared
   * @param topColumns the most drifted columns, most drifted first (messages show as many as fit)
   * @param reportUrl link to the run's report, or null
   */
  record DriftDetected(
      String dataset,
      String runId,
      Instant occurredAt,
      double driftShare,
      double threshold,
      int columnsDrifted,
      int columnsTotal,
      List<ColumnScore> topColumns,
      String reportUrl)
      implements AlertEvent {

    public DriftDetected {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(occurredAt, "occurredAt");
      topColumns = List.copyOf(topColumns);
      if (columnsDrifted < 0 || columnsDrifted > columnsTotal) {
        throw new IllegalArgumentException(
            "columns must satisfy 0 <= drifted <= total: drifted="
                + columnsDrifted
                + ", total="
                + columnsTotal);
      }
    }

    @Override
    public String subjectKey() {
      return "drift:" + dataset;
    }

    @Override
    public AlertState state() {
      return AlertState.DRIFT;
    }

    @Override
    public String kind() {
      return "drift_detected";
    }
  }

  /**
   * The dataset is back within its thresholds. Sent only after a drift alert for the same dataset was sent, so the
   * caller may emit it after every healthy run.
   *
   * @param dataset name of the monitored dataset
   * @param runId the healthy run
   * @param occurredAt when the run started
   * @param driftShare share of drifted columns, in [0, 1]
   * @param threshold share at which the dataset counts as drifted
   * @param reportUrl link to the run's report, or null
   */
  record DriftRecovered(
      String dataset,
      String runId,
      Instant occurredAt,
      double driftShare,
      double threshold,
      String reportUrl)
      implements AlertEvent {

    public DriftRecovered {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String subjectKey() {
      return "drift:" + dataset;
    }

    @Override
    public AlertState state() {
      return AlertState.HEALTHY;
    }

    @Override
    public String kind() {
      return "drift_recovered";
    }
  }

  /**
   * A pipeline run failed (unreadable input, engine error, ...).
   *
   * @param job name of the job
   * @param runId the failed run, or null
   * @param occurredAt when it failed
   * @param error one line saying what went wrong
   * @param reportUrl link to the dashboard or last good report, or null
   */
  record PipelineFailed(
      String job, String runId, Instant occurredAt, String error, String reportUrl)
      implements AlertEvent {

    public PipelineFailed {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(occurredAt, "occurredAt");
      Objects.requireNonNull(error, "error");
    }

    @Override
    public String subjectKey() {
      return "pipeline:" + job;
    }

    @Override
    public AlertState state() {
      return AlertState.FAILED;
    }

    @Override
    public String kind() {
      return "pipeline_failed";
    }
  }

  /**
   * A shadow promotion gate failed.
   *
   * @param gate name of the gate (e.g. the candidate model)
   * @param occurredAt when it was evaluated
   * @param reasons the failed criteria, one line each
   * @param detailsUrl link to the records or report, or null
   */
  record GateFailed(String gate, Instant occurredAt, List<String> reasons, String detailsUrl)
      implements AlertEvent {

    public GateFailed {
      Objects.requireNonNull(gate, "gate");
      Objects.requireNonNull(occurredAt, "occurredAt");
      reasons = List.copyOf(reasons);
    }

    @Override
    public String subjectKey() {
      return "gate:" + gate;
    }

    @Override
    public AlertState state() {
      return AlertState.FAILED;
    }

    @Override
    public String kind() {
      return "gate_failed";
    }
  }
}
