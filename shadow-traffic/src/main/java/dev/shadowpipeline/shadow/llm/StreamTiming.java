package dev.shadowpipeline.shadow.llm;

/**
 * How a streamed (server-sent events) answer arrived, measured with a monotonic clock from the moment the request was
 * sent. A content event is one that carries generated text (see {@link SseMeter}); its gaps are the inter-token
 * latency.
 *
 * @param ttfbNanos until the answer's head arrived (the first byte of the answer)
 * @param ttftNanos until the first content event, or {@code -1} when none came
 * @param lastContentNanos until the last content event, or {@code -1} when none came
 * @param events complete events seen
 * @param contentEvents events that carried generated text
 * @param gapCount gaps between consecutive content events ({@code contentEvents - 1}, or 0)
 * @param gapSumNanos sum of those gaps
 * @param gapMaxNanos the longest gap, 0 without gaps
 * @param gapP50Nanos median gap, 0 without gaps
 * @param gapP99Nanos 99th percentile gap, 0 without gaps
 * @param malformed events whose data could not be read (JSON that does not parse, an over-long line or event)
 * @param truncated whether the stream stopped inside an event, or an OpenAI stream ended without {@code [DONE]} or a
 *     {@code finish_reason}
 * @param usage token counts the stream reported itself (its {@code usage} chunk), or {@link Usage#NONE}
 * @param model the model the stream named, or {@code null}
 * @param contentChars characters of generated text (for the token approximation when the stream reports no usage)
 */
public record StreamTiming(
    long ttfbNanos,
    long ttftNanos,
    long lastContentNanos,
    long events,
    long contentEvents,
    long gapCount,
    long gapSumNanos,
    long gapMaxNanos,
    long gapP50Nanos,
    long gapP99Nanos,
    long malformed,
    boolean truncated,
    Usage usage,
    String model,
    long contentChars) {

  public StreamTiming {
    if (ttfbNanos < 0) {
      throw new IllegalArgumentException("ttfbNanos must not be negative: " + ttfbNanos);
    }
    if (events < 0 || contentEvents < 0 || gapCount < 0 || malformed < 0 || contentChars < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    if (usage == null) {
      usage = Usage.NONE;
    }
  }

  /** Whether a content event came. */
  public boolean hasContent() {
    return ttftNanos >= 0;
  }

  /** Mean gap between content events in nanoseconds, or NaN without gaps. */
  public double gapMeanNanos() {
    return gapCount == 0 ? Double.NaN : (double) gapSumNanos / gapCount;
  }

  /** Whether the stream had a problem worth counting: malformed events or a truncated end. */
  public boolean broken() {
    return malformed > 0 || truncated;
  }

  /**
   * Token counts an answer reported in its {@code usage}.
   *
   * @param inputTokens prompt tokens, or {@code -1} when not reported
   * @param outputTokens completion tokens, or {@code -1} when not reported
   */
  public record Usage(long inputTokens, long outputTokens) {

    /** Nothing reported. */
    public static final Usage NONE = new Usage(-1, -1);

    public Usage {
      if (inputTokens < -1 || outputTokens < -1) {
        throw new IllegalArgumentException(
            "token counts must be -1 (unknown) or more: " + inputTokens + ", " + outputTokens);
      }
    }

    /** Whether any count was reported. */
    public boolean reported() {
      return inputTokens >= 0 || outputTokens >= 0;
    }

    /** These counts, with those {@code later} reports taking their place. */
    public Usage merge(Usage later) {
      return new Usage(
          later.inputTokens >= 0 ? later.inputTokens : inputTokens,
          later.outputTokens >= 0 ? later.outputTokens : outputTokens);
    }
  }
}
