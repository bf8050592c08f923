package dev.shadowpipeline.shadow.record;

/** Observes the record pipeline, e.g. to count in metrics. Called from the pipeline's threads; must not block. */
public interface PipelineListener {

  /** Why an exchange was not recorded. */
  enum DropReason {
    /** The queue held its most exchanges ({@code --record-queue}). */
    QUEUE_FULL,
    /** The queue held its most bytes ({@code --record-queue-bytes}). */
    QUEUE_BYTES,
    /** The pipeline was closing. */
    CLOSED,
    /** The record worker had stopped, or failed on this exchange. */
    WORKER_FAILED;

    /** The lower-case name used in metrics, e.g. {@code queue_bytes}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** An exchange was compared and handed to the sinks. */
  default void compared(ComparedExchange exchange) {}

  /** An exchange was dropped. */
  default void dropped(DropReason reason) {}

  /** A sink failed; the pipeline goes on with the next exchange. */
  default void sinkFailed(String sink, Exception error) {}

  /** The worker hit an error it could not treat as one bad exchange (out of memory, say). */
  default void workerFailed(Throwable error) {}

  /** Does nothing. */
  PipelineListener NONE = new PipelineListener() {};
}
