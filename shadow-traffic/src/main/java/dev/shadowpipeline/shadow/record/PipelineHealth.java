package dev.shadowpipeline.shadow.record;

/**
 * Whether the record pipeline is keeping up with its promises, for {@code /health}: {@code ok} is false after the
 * worker failed (recording may have lost pairs; callers are served all the same) or while writing to a sink fails.
 *
 * @param ok whether recording works as it should
 * @param problem what is wrong, one line, or empty
 */
public record PipelineHealth(boolean ok, String problem) {

  /** Healthy. */
  public static final PipelineHealth OK = new PipelineHealth(true, "");
}
