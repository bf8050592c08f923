package dev.shadowpipeline.shadow.judge;

import java.util.Locale;

/** Why a judge call gave no verdict. Each is counted; none is ever turned into a verdict. */
public enum JudgeError {
  /** No complete answer within the timeout. */
  TIMEOUT,
  /** The judge answered with a status other than 2xx. */
  HTTP_ERROR,
  /** The connection failed (refused, reset, closed). */
  TRANSPORT,
  /** The answer was not a chat completion, or its content held no readable verdict. */
  GARBAGE;

  /** The name in {@code judgements.jsonl} and {@code summary.json}, e.g. {@code http_error}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
