package dev.shadowpipeline.shadow.record;

/** Observes the record pipeline, e.g. to count in metrics. Called from the pipeline's threads; must not block. */
public interface PipelineListener {

  /** An exchange was compared and handed to the sinks. */
  default void compared(ComparedExchange exchange) {}

  /** An exchange was dropped because the queue was full (or the pipeline closed). */
  default void dropped() {}

  /** A sink failed; the pipeline goes on with the next exchange. */
  default void sinkFailed(String sink, Exception error) {}

  /** Does nothing. */
  PipelineListener NONE = new PipelineListener() {};
}
