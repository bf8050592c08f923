package dev.shadowpipeline.shadow.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The meter with planted times (an injected clock: each chunk is fed with the nanosecond it "arrived"), so that every
 * figure is exact: the expected values are the planted ones.
 */
class SseMeterTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private static void feed(SseMeter meter, String text, long atNanos) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    meter.add(bytes, 0, bytes.length, atNanos);
  }

  private static String chat(String content) {
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
        + content
        + "\"},\"finish_reason\":null}]}\n\n";
  }

  @Test
  void openAiChatStreamWithPlantedTimings() {
    // request sent at t=1000 ms, head at +5 ms, role chunk at +10 ms, first content at +300 ms,
    // then every 20 ms
    long start = 1_000 * MS;
    SseMeter meter = new SseMeter(start, start + 5 * MS);
    feed(
        meter,
        "data: {\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n",
        start + 10 * MS);
    for (int i = 0; i < 10; i++) {
      feed(meter, chat("tok" + i), start + (300 + 20L * i) * MS);
    }
    feed(
        meter,
        "data: {\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: {\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,"
            + "\"completion_tokens\":10,\"total_tokens\":22}}\n\ndata: [DONE]\n\n",
        start + 490 * MS);
    StreamTiming t = meter.finish(start + 500 * MS);

    assertThat(t.ttfbNanos()).isEqualTo(5 * MS);
    assertThat(t.ttftNanos()).isEqualTo(300 * MS);
    assertThat(t.lastContentNanos()).isEqualTo(480 * MS);
    assertThat(t.events()).isEqualTo(14); // role, 10 contents, finish, usage, [DONE]
    assertThat(t.contentEvents()).isEqualTo(10);
    assertThat(t.gapCount()).isEqualTo(9);
    assertThat(t.gapSumNanos()).isEqualTo(180 * MS);
    assertThat(t.gapP50Nanos()).isEqualTo(20 * MS);
    assertThat(t.gapP99Nanos()).isEqualTo(20 * MS);
    assertThat(t.gapMaxNanos()).isEqualTo(20 * MS);
    assertThat(t.gapMeanNanos()).isEqualTo(20.0 * MS);
    assertThat(t.usage()).isEqualTo(new StreamTiming.Usage(12, 10));
    assertThat(t.model()).isEqualTo("gpt-4o");
    assertThat(t.contentChars()).isEqualTo(40); // "tok0" … "tok9"
    assertThat(t.malformed()).isZero();
    assertThat(t.truncated()).isFalse();
  }

  @Test
  void percentilesAreNearestRank() {
    SseMeter meter = new SseMeter(0, 0);
    // gaps of 10, 20, …, 100 ms: nearest-rank p50 = the 5th smallest = 50 ms, p99 = the 10th = 100
    // ms
    long at = 100 * MS;
    feed(meter, "data: a\n\n", at);
    for (int i = 1; i <= 10; i++) {
      at += 10L * i * MS;
      feed(meter, "data: a\n\n", at);
    }
    StreamTiming t = meter.finish(at);
    assertThat(t.gapCount()).isEqualTo(10);
    assertThat(t.gapP50Nanos()).isEqualTo(50 * MS);
    assertThat(t.gapP99Nanos()).isEqualTo(100 * MS);
    assertThat(t.gapMaxNanos()).isEqualTo(100 * MS);
  }

  @Test
  void eventsSplitAcrossChunksAndCrLfLineEnds() {
    SseMeter meter = new SseMeter(0, 0);
    String stream = chat("Hel").replace("\n", "\r\n") + chat("lo").replace("\n", "\r");
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
    // one byte at a time, one millisecond apart: an event counts when its blank line arrives
    for (int i = 0; i < bytes.length; i++) {
      meter.add(bytes, i, i + 1, i * MS);
    }
    StreamTiming t = meter.finish(bytes.length * MS);
    assertThat(t.contentEvents()).isEqualTo(2);
    assertThat(t.contentChars()).isEqualTo(5);
    int firstEnd = chat("Hel").replace("\n", "\r\n").length() - 1; // the LF of the last CRLF
    // the blank line ends at its CR (index firstEnd - 1): the LF after it adds nothing
    assertThat(t.ttftNanos()).isEqualTo((firstEnd - 1) * MS);
    assertThat(t.lastContentNanos()).isEqualTo((bytes.length - 1) * MS);
    assertThat(t.truncated()).isTrue(); // an OpenAI stream without [DONE] or a finish_reason
    assertThat(t.malformed()).isZero();
  }

  @Test
  void plainEventStreamCountsEveryNonEmptyData() {
    SseMeter meter = new SseMeter(0, 2 * MS);
    feed(meter, ": a comment\n\nevent: ping\ndata:\n\n", 10 * MS); // empty data: no content
    feed(meter, "data: first line\ndata: second\n\n", 80 * MS);
    feed(meter, "id: 7\ndata: more\n\n", 100 * MS);
    StreamTiming t = meter.finish(120 * MS);
    assertThat(t.ttfbNanos()).isEqualTo(2 * MS);
    assertThat(t.ttftNanos()).isEqualTo(80 * MS);
    assertThat(t.contentEvents()).isEqualTo(2);
    assertThat(t.contentChars()).isEqualTo("first line\nsecond".length() + "more".length());
    assertThat(t.gapP50Nanos()).isEqualTo(20 * MS);
    assertThat(t.truncated()).isFalse();
    assertThat(t.usage().reported()).isFalse();
  }

  @Test
  void anthropicMessagesStream() {
    SseMeter meter = new SseMeter(0, 0);
    feed(
        meter,
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-x\","
            + "\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n",
        5 * MS);
    feed(
        meter,
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n",
        50 * MS);
    feed(
        meter,
        """
        data: {"type":"message_delta","usage":{"output_tokens":15}}

        data: {"type":"message_stop"}

        """,
        60 * MS);
    StreamTiming t = meter.finish(61 * MS);
    assertThat(t.ttftNanos()).isEqualTo(50 * MS);
    assertThat(t.contentEvents()).isEqualTo(1);
    assertThat(t.usage()).isEqualTo(new StreamTiming.Usage(25, 15)); // the later count wins
    assertThat(t.model()).isEqualTo("claude-x");
    assertThat(t.truncated()).isFalse();
  }

  @Test
  void malformedJsonIsCountedAndTheStreamGoesOn() {
    SseMeter meter = new SseMeter(0, 0);
    feed(meter, "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}\n\n", 10 * MS); // cut JSON
    feed(meter, chat("b"), 30 * MS);
    feed(meter, "data: [DONE]\n\n", 40 * MS);
    StreamTiming t = meter.finish(40 * MS);
    assertThat(t.malformed()).isEqualTo(1);
    assertThat(t.contentEvents()).isEqualTo(1);
    assertThat(t.ttftNanos()).isEqualTo(30 * MS);
    assertThat(t.truncated()).isFalse();
    assertThat(t.broken()).isTrue();
  }

  @Test
  void aStreamThatStopsInsideAnEventIsTruncated() {
    SseMeter meter = new SseMeter(0, 0);
    feed(meter, chat("a"), 10 * MS);
    feed(meter, "data: {\"choices\":[{\"delta\":{\"cont", 20 * MS);
    StreamTiming t = meter.finish(25 * MS);
    assertThat(t.truncated()).isTrue();
    assertThat(t.contentEvents()).isEqualTo(1);
    assertThat(t.usage()).isEqualTo(StreamTiming.Usage.NONE);
  }

  @Test
  void anOverlongLineIsMalformedAndNotKept() {
    SseMeter meter = new SseMeter(0, 0);
    byte[] big = new byte[SseMeter.MAX_LINE_BYTES + 10];
    java.util.Arrays.fill(big, (byte) 'x');
    byte[] head = "data: ".getBytes(StandardCharsets.US_ASCII);
    meter.add(head, 0, head.length, 1 * MS);
    meter.add(big, 0, big.length, 2 * MS);
    feed(meter, "\n\n", 3 * MS);
    feed(meter, "data: next\n\n", 9 * MS);
    StreamTiming t = meter.finish(10 * MS);
    assertThat(t.malformed()).isEqualTo(1);
    assertThat(t.events()).isEqualTo(2);
    assertThat(t.ttftNanos()).isEqualTo(3 * MS); // unreadable data still came: counted as text
    assertThat(t.contentEvents()).isEqualTo(2);
  }

  @Test
  void longStreamsKeepGapsInABoundedHistogram() {
    // 2,001 content events 20 ms apart, then one gap of 900 ms: past the exact window the gaps go
    // to a
    // one-significant-digit HdrHistogram, whose values lie within 1/16 of the truth (its bucket
    // width)
    SseMeter meter = new SseMeter(0, 0);
    long at = 0;
    for (int i = 0; i <= 2_000; i++) {
      at += 20 * MS;
      feed(meter, "data: t\n\n", at);
    }
    at += 900 * MS;
    feed(meter, "data: t\n\n", at);
    StreamTiming t = meter.finish(at);
    assertThat(t.gapCount()).isEqualTo(2_001);
    assertThat(t.gapMaxNanos()).isEqualTo(900 * MS);
    assertThat(t.gapSumNanos()).isEqualTo((2_000 * 20 + 900) * MS);
    assertThat((double) t.gapP50Nanos()).isBetween(20.0 * MS, 20.0 * MS * 17 / 16);
    assertThat((double) t.gapP99Nanos()).isBetween(20.0 * MS, 20.0 * MS * 17 / 16);
  }

  @Test
  void onlyUncompressedEventStreamsAreMeasured() {
    assertThat(SseMeter.measurable("text/event-stream; charset=utf-8", null)).isTrue();
    assertThat(SseMeter.measurable("Text/Event-Stream", "identity")).isTrue();
    assertThat(SseMeter.measurable("text/event-stream", "gzip")).isFalse();
    assertThat(SseMeter.measurable("application/json", null)).isFalse();
    assertThat(SseMeter.measurable(null, null)).isFalse();
  }
}
