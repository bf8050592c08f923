package dev.shadowpipeline.demo.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two demo chat models. Version 1 is the large, expensive production model; version 2, the candidate, is a
 * smaller self-hosted model that answers about three times faster and agrees with it as {@link ChatCatalog} lays
 * out. {@link #answer} is a pure function of the prompt (temperature 0); {@link #sampledAnswer} words paraphrased
 * answers either way (temperature above 0). Only the simulated generation time depends on the answer's length.
 */
public enum ChatModel {
  V1("chat-large-v1", 20, 500, 40, 1_000),
  V2("chat-small-v2", 8, 150, 12, 500);

  // words, numbers and single punctuation marks: close enough to a BPE tokenizer's count for
  // English prose
  private static final Pattern TOKEN = Pattern.compile("[\\p{L}]+|\\d+|[^\\s\\p{L}\\d]");

  private final String id;
  private final long firstTokenMillis;
  private final long microsPerToken;
  private final long streamFirstTokenMillis;
  private final long streamMicrosPerToken;

  ChatModel(
      String id,
      long firstTokenMillis,
      long microsPerToken,
      long streamFirstTokenMillis,
      long streamMicrosPerToken) {
    this.id = id;
    this.firstTokenMillis = firstTokenMillis;
    this.microsPerToken = microsPerToken;
    this.streamFirstTokenMillis = streamFirstTokenMillis;
    this.streamMicrosPerToken = streamMicrosPerToken;
  }

  /**
   * When a streamed answer's first token goes out, after the request: the large model thinks longer before it
   * starts (40 ms against 12 ms). A hosted model takes hundreds of milliseconds; the demo keeps the ratio, not the
   * wait, so that it runs in seconds.
   */
  public Duration streamFirstToken() {
    return Duration.ofMillis(streamFirstTokenMillis);
  }

  /** The time between two tokens of a streamed answer: 1 ms for the large model, 0.5 ms for the small one. */
  public Duration streamTokenGap() {
    return Duration.ofNanos(streamMicrosPerToken * 1_000L);
  }

  /** The name the model reports in the {@code model} field of its answers. */
  public String id() {
    return id;
  }

  /** The answer to a user prompt: the catalog's when the prompt is known, a polite generic one otherwise. */
  public String answer(String prompt) {
    return ChatCatalog.find(prompt).orElse(ChatCatalog.UNKNOWN).answerOf(this);
  }

  /**
   * The answer when sampling at a temperature above zero: where the catalog has two wordings of the same answer
   * (paraphrased prompts), either one, with even odds — so two calls, or two instances of the same model, word the
   * same facts differently. Answers of a different substance are never swapped.
   */
  public String sampledAnswer(String prompt, RandomGenerator random) {
    CannedAnswer entry = ChatCatalog.find(prompt).orElse(ChatCatalog.UNKNOWN);
    if (entry.agreement() == Agreement.PARAPHRASED && random.nextBoolean()) {
      return entry.answerOf(this == V1 ? V2 : V1);
    }
    return entry.answerOf(this);
  }

  /**
   * How long the model takes to generate an answer of the given length: time to the first token plus a time per
   * token. With the catalog's answers (35 to 60 tokens) that is about 40 ms for v1 and 15 ms for v2.
   */
  public Duration generationTime(int completionTokens) {
    return Duration.ofMillis(firstTokenMillis)
        .plusNanos(microsPerToken * 1_000L * completionTokens);
  }

  /**
   * The answer cut into the pieces a stream sends, one per token of {@link #tokens}: each token with the text before
   * it (spaces), so that the pieces joined are the answer.
   */
  static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    int from = 0;
    while (m.find()) {
      pieces.add(text.substring(from, m.end()));
      from = m.end();
    }
    if (from < text.length()) {
      if (pieces.isEmpty()) {
        pieces.add(text.substring(from));
      } else {
        pieces.set(pieces.size() - 1, pieces.get(pieces.size() - 1) + text.substring(from));
      }
    }
    return pieces;
  }

  /** An approximate token count, used for {@code usage} and generation time. */
  static int tokens(String text) {
    Matcher m = TOKEN.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
