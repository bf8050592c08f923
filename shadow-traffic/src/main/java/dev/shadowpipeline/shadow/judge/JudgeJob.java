package dev.shadowpipeline.shadow.judge;

import java.util.Objects;

/**
 * One diverged pair for the judge: the record it came from and the texts, already cut to the configured bound and
 * taken from the redacted record.
 *
 * @param recordId the record's id
 * @param prompt the request's prompt text (empty when it has none that could be read)
 * @param primary the production model's answer text
 * @param shadow the candidate's answer text
 */
public record JudgeJob(String recordId, String prompt, String primary, String shadow) {

  public JudgeJob {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(shadow, "shadow");
  }

  /** What the job holds while it waits: two bytes a character plus the object overhead. */
  public long retainedBytes() {
    return 2L * (recordId.length() + prompt.length() + primary.length() + shadow.length()) + 128;
  }
}
