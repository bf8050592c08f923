package dev.shadowpipeline.shadow.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Measures a server-sent events stream as its bytes arrive: fed each chunk with the monotonic time it arrived, it
 * finds the events (lines ending in LF, CRLF or CR; {@code data:} lines joined; an event ends at a blank line, as the
 * HTML standard's event-stream parsing says), decides which carry generated text, and keeps the times of those. It
 * never holds the stream: one line (at most {@value #MAX_LINE_BYTES} bytes) and one event's data (at most
 * {@value #MAX_EVENT_CHARS} characters) at a time, and the gaps between content events exactly for the first
 * {@value #EXACT_GAPS}, in a one-significant-digit HdrHistogram (about 2 KB) beyond.
 *
 * <p>A content event is: an OpenAI chunk with a non-empty {@code choices[].delta.content} (chat) or
 * {@code choices[].text} (completions); an Anthropic {@code content_block_delta} with a non-empty {@code delta.text};
 * any other event with non-empty data (a plain text/event-stream), except {@code [DONE]} and JSON that holds only
 * {@code usage}. Role announcements, {@code finish_reason} and usage chunks are events without content.
 *
 * <p>Bad input is counted, never thrown: data that starts like JSON and does not parse, and an over-long line or
 * event, are {@code malformed}; a stream that stops inside an event, or an OpenAI stream that ends without
 * {@code [DONE]} or a {@code finish_reason}, is {@code truncated}. Confined to one thread at a time.
 */
public final class SseMeter {

  static final int MAX_LINE_BYTES = 64 * 1024;
  static final int MAX_EVENT_CHARS = 256 * 1024;
  static final int EXACT_GAPS = 256;
  private static final long HIGHEST_GAP_MICROS = TimeUnit.SECONDS.toMicros(60);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final long startNanos;
  private final long ttfbNanos;
  private byte[] line = new byte[128];
  private int lineLength;
  private boolean lineTooLong;
  private boolean afterCr;
  private StringBuilder data;
  private boolean eventTooLong;
  private long events;
  private long contentEvents;
  private long firstContent = -1;
  private long lastContent = -1;
  private long gapCount;
  private long gapSum;
  private long gapMax;
  private int[] exactGapsMicros = new int[0];
  private IntCountsHistogram gapHistogram;
  private long malformed;
  private boolean sawChoices;
  private boolean done;
  private boolean finished;
  private StreamTiming.Usage usage = StreamTiming.Usage.NONE;
  private String model;
  private long contentChars;

  /**
   * @param startNanos when the request was sent (monotonic)
   * @param headNanos when the answer's head arrived (monotonic)
   */
  public SseMeter(long startNanos, long headNanos) {
    this.startNanos = startNanos;
    this.ttfbNanos = Math.max(0, headNanos - startNanos);
  }

  /**
   * Whether an answer with these headers is a stream this meter reads: {@code text/event-stream}, not compressed
   * (a compressed stream's bytes are not its events; it is compared whole, as before, but not timed).
   */
  public static boolean measurable(String contentType, String contentEncoding) {
    return contentType != null
        && contentType.trim().toLowerCase(Locale.ROOT).startsWith("text/event-stream")
        && (contentEncoding == null
            || contentEncoding.isBlank()
            || contentEncoding.trim().equalsIgnoreCase("identity"));
  }

  /** The next bytes of the stream, {@code bytes[from, to)}, which arrived at {@code nowNanos}. */
  public void add(byte[] bytes, int from, int to, long nowNanos) {
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        if (afterCr) {
          afterCr = false; // the LF of a CRLF: the line ended at the CR
          continue;
        }
        endLine(nowNanos);
      } else if (b == '\r') {
        endLine(nowNanos);
        afterCr = true;
      } else {
        afterCr = false;
        append(b);
      }
    }
  }

  /** The stream ended at {@code endNanos}: what was measured. */
  public StreamTiming finish(long endNanos) {
    boolean truncated = lineLength > 0 || lineTooLong || data != null;
    if (sawChoices && !done && !finished) {
      truncated = true;
    }
    long p50 = 0;
    long p99 = 0;
    if (gapCount > 0) {
      p50 = percentileNanos(50);
      p99 = percentileNanos(99);
    }
    return new StreamTiming(
        ttfbNanos,
        firstContent < 0 ? -1 : firstContent - startNanos,
        lastContent < 0 ? -1 : lastContent - startNanos,
        events,
        contentEvents,
        gapCount,
        gapSum,
        gapMax,
        p50,
        p99,
        malformed,
        truncated,
        usage,
        model,
        contentChars);
  }

  private void append(byte b) {
    if (lineTooLong) {
      return;
    }
    if (lineLength == MAX_LINE_BYTES) {
      lineTooLong = true;
      return;
    }
    if (lineLength == line.length) {
      line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, line.length * 2));
    }
    line[lineLength++] = b;
  }

  private void endLine(long nowNanos) {
    if (lineTooLong) {
      malformed++;
      eventTooLong = true; // what this line would have added is unknown: the event is unreadable
      data = data == null ? new StringBuilder() : data;
    } else if (lineLength == 0) {
      dispatch(nowNanos);
    } else if (line[0] != ':') { // a line starting with a colon is a comment
      field();
    }
    lineLength = 0;
    lineTooLong = false;
    if (line.length > 4096) {
      line = new byte[128]; // one long line does not keep its buffer for the rest of the stream
    }
  }

  private void field() {
    int colon = -1;
    for (int i = 0; i < lineLength; i++) {
      if (line[i] == ':') {
        colon = i;
        break;
      }
    }
    int nameEnd = colon < 0 ? lineLength : colon;
    if (nameEnd != 4 || line[0] != 'd' || line[1] != 'a' || line[2] != 't' || line[3] != 'a') {
      return; // event, id, retry and unknown fields carry no text
    }
    int valueStart = colon < 0 ? lineLength : colon + 1;
    if (valueStart < lineLength && line[valueStart] == ' ') {
      valueStart++;
    }
    if (data == null) {
      data = new StringBuilder();
    } else if (!eventTooLong) {
      data.append('\n');
    }
    if (eventTooLong) {
      return;
    }
    String value = new String(line, valueStart, lineLength - valueStart, StandardCharsets.UTF_8);
    if (data.length() + value.length() > MAX_EVENT_CHARS) {
      eventTooLong = true;
      malformed++;
      return;
    }
    data.append(value);
  }

  private void dispatch(long nowNanos) {
    if (data == null) {
      return; // a blank line without data before it: no event
    }
    StringBuilder event = data;
    boolean tooLong = eventTooLong;
    data = null;
    eventTooLong = false;
    events++;
    if (tooLong) {
      content(nowNanos, 0); // unreadable, but it had data: text, as far as anyone can tell
      return;
    }
    String text = event.toString();
    String trimmed = text.strip();
    if (trimmed.equals("[DONE]")) {
      done = true;
      return;
    }
    if (trimmed.startsWith("{")) {
      JsonNode chunk;
      try {
        chunk = MAPPER.readTree(trimmed);
      } catch (JsonProcessingException e) {
        malformed++;
        return;
      }
      json(chunk, nowNanos);
      return;
    }
    if (!text.isEmpty()) {
      content(nowNanos, text.length());
    }
  }

  private void json(JsonNode chunk, long nowNanos) {
    usage = usage.merge(LlmFields.usage(chunk));
    if (model == null) {
      model = LlmFields.model(chunk);
    }
    if (LlmFields.finishes(chunk)) {
      finished = true;
    }
    if (chunk.has("choices") || chunk.path("type").isTextual()) {
      sawChoices |= chunk.has("choices");
      String text = LlmFields.chunkText(chunk);
      if (text != null) {
        content(nowNanos, text.length());
      }
      return;
    }
    boolean onlyUsage = chunk.size() == 0 || (chunk.size() == 1 && chunk.has("usage"));
    if (!onlyUsage && !chunk.has("error")) {
      content(nowNanos, chunk.toString().length());
    }
  }

  private void content(long nowNanos, long chars) {
    contentEvents++;
    contentChars += chars;
    if (firstContent < 0) {
      firstContent = nowNanos;
    } else {
      gap(Math.max(0, nowNanos - lastContent));
    }
    lastContent = nowNanos;
  }

  private void gap(long nanos) {
    gapCount++;
    gapSum += nanos;
    gapMax = Math.max(gapMax, nanos);
    long micros = Math.min(HIGHEST_GAP_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos));
    if (gapHistogram != null) {
      gapHistogram.recordValue(micros);
      return;
    }
    if (gapCount <= EXACT_GAPS) {
      if (exactGapsMicros.length < gapCount) {
        exactGapsMicros = Arrays.copyOf(exactGapsMicros, Math.max(16, exactGapsMicros.length * 2));
      }
      exactGapsMicros[(int) gapCount - 1] = (int) micros;
      return;
    }
    // past the exact window: a histogram of one significant digit holds every further gap in about
    // 2 KB
    gapHistogram = new IntCountsHistogram(HIGHEST_GAP_MICROS, 1);
    for (int i = 0; i < EXACT_GAPS; i++) {
      gapHistogram.recordValue(exactGapsMicros[i]);
    }
    gapHistogram.recordValue(micros);
    exactGapsMicros = new int[0];
  }

  // nearest rank (the smallest value with at least p% of the gaps at or below it), as HdrHistogram
  // defines it
  private long percentileNanos(double p) {
    if (gapHistogram != null) {
      return TimeUnit.MICROSECONDS.toNanos(gapHistogram.getValueAtPercentile(p));
    }
    int n = (int) gapCount;
    int[] sorted = Arrays.copyOf(exactGapsMicros, n);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * n);
    return TimeUnit.MICROSECONDS.toNanos(sorted[Math.max(0, rank - 1)]);
  }
}
