package dev.shadowpipeline.shadow.compare;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.compare.text.TextSimilarity;
import dev.shadowpipeline.shadow.exchange.JsonBody;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares free text, typically LLM answers, lexically and locally (no network).
 *
 * <p><b>Where the text is.</b> With a pointer configured: the string (or number/boolean, as text) at it. Without one,
 * OpenAI-compatible responses are recognised: the chat-completion answer at {@value #CHAT_CONTENT}, else the
 * completion at {@value #COMPLETION_TEXT}; a streamed response ({@code text/event-stream} chunks {@code data: {...}})
 * is read as the concatenation of its {@code choices[0].delta.content} (or {@code choices[0].text}) pieces, under the
 * same path, so a streamed side compares with an unstreamed one; a body that is a JSON string is that string; any
 * other body is compared whole, as UTF-8 text. When one side is an OpenAI response and the other is not, or its content is not a string
 * (e.g. {@code null} beside {@code tool_calls}), that side's output is missing.
 *
 * <p><b>Measures</b>, on every comparable pair, over the word tokens of {@link TextSimilarity#tokens} (lower-cased runs
 * of letters and digits, the first {@code maxTokens} of each side, default {@value #DEFAULT_MAX_TOKENS}, so that
 * the O(m·n) ROUGE-L stays cheap): {@code token_cosine} — cosine of the term-frequency vectors — and {@code rouge_l} —
 * ROUGE-L F1, {@code 2·LCS/(m+n)} (Lin 2004, F_lcs with β = 1). Both are in [0, 1], symmetric, and 1 for identical
 * token sequences (two empty texts included); empty against non-empty is 0.
 *
 * <p><b>Diverges</b> when the deciding metric (default {@code rouge_l}) is below the threshold (default
 * {@value #DEFAULT_THRESHOLD}): one {@link DifferenceKind#TEXT_SIMILARITY}, reason e.g. {@code rouge_l 0.31 < 0.5},
 * with the two texts as values (each cut to {@value #MAX_VALUE_CHARS} characters); severity default
 * {@link Severity#WARNING}.
 *
 * <p>Embedding similarity needs the network, so it is not done here: run
 * {@link dev.shadowpipeline.shadow.compare.embedding.EmbeddingSimilarity} on the {@link #texts} of the pair, off the
 * proxy's hot path. Pairs with a transport error, a non-2xx status or a truncated body on either side are left to the
 * {@link ErrorComparator}. Immutable and thread-safe.
 */
public final class TextComparator implements ResponseComparator {

  /** The name in verdicts and observations. */
  public static final String NAME = "text";

  /** Where an OpenAI chat completion puts the answer. */
  public static final String CHAT_CONTENT = "/choices/0/message/content";

  /** Where an OpenAI (legacy) completion puts the answer. */
  public static final String COMPLETION_TEXT = "/choices/0/text";

  /** Default threshold of the deciding metric. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** Default cap on the tokens compared per side. */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  /** How many characters of each text a difference carries. */
  public static final int MAX_VALUE_CHARS = 2000;

  private static final ObjectMapper MAPPER = new ObjectMapper(); // read-only use: thread-safe
  private static final JsonPointer CHAT = JsonPointer.compile(CHAT_CONTENT);
  private static final JsonPointer COMPLETION = JsonPointer.compile(COMPLETION_TEXT);

  /** The lexical similarity measures. */
  public enum Metric {
    /** Cosine of term-frequency vectors. */
    TOKEN_COSINE,
    /** ROUGE-L F1 (β = 1). */
    ROUGE_L;

    /** The observation metric name, e.g. {@code rouge_l}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code token_cosine} (or {@code cosine}) or {@code rouge_l}. */
    public static Metric parse(String text) {
      String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
      return switch (t) {
        case "token_cosine", "cosine" -> TOKEN_COSINE;
        case "rouge_l", "rougel" -> ROUGE_L;
        default ->
            throw new IllegalArgumentException(
                "unknown text metric '" + text + "' (expected token_cosine or rouge_l)");
      };
    }
  }

  /**
   * Configuration.
   *
   * @param pointer JSON Pointer of the text, or {@code null} to find it (OpenAI answer, else the whole body)
   * @param metric which metric decides
   * @param threshold the pair diverges when the deciding metric is below this, in [0, 1]
   * @param severity the severity of a divergence
   * @param maxTokens how many tokens of each side are compared, at least 1
   */
  public record Spec(
      String pointer, Metric metric, double threshold, Severity severity, int maxTokens) {

    public Spec {
      if (pointer != null) {
        Outputs.pointer("text pointer", pointer);
      }
      Objects.requireNonNull(metric, "text metric");
      Outputs.unitInterval("text threshold", threshold);
      Outputs.severity("text severity", severity);
      if (maxTokens < 1) {
        throw new IllegalArgumentException("text maxTokens must be at least 1: " + maxTokens);
      }
    }

    /** Found text, diverge when rouge_l &lt; 0.5, warning, 4096 tokens. */
    public static Spec defaults() {
      return new Spec(
          null, Metric.ROUGE_L, DEFAULT_THRESHOLD, Severity.WARNING, DEFAULT_MAX_TOKENS);
    }

    /** This spec reading the text at {@code newPointer} ({@code null}: find it). */
    public Spec withPointer(String newPointer) {
      return new Spec(newPointer, metric, threshold, severity, maxTokens);
    }

    /** This spec deciding on {@code newMetric} below {@code newThreshold}. */
    public Spec withDecision(Metric newMetric, double newThreshold) {
      return new Spec(pointer, newMetric, newThreshold, severity, maxTokens);
    }

    /** This spec with another severity. */
    public Spec withSeverity(Severity newSeverity) {
      return new Spec(pointer, metric, threshold, newSeverity, maxTokens);
    }

    /** This spec comparing at most {@code n} tokens per side. */
    public Spec withMaxTokens(int n) {
      return new Spec(pointer, metric, threshold, severity, n);
    }
  }

  /**
   * The two texts a pair's comparison is about.
   *
   * @param path where they were found ({@code ""}: the whole body)
   * @param primary the primary's text
   * @param shadow the shadow's text
   */
  public record Texts(String path, String primary, String shadow) {
    public Texts {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(primary, "primary");
      Objects.requireNonNull(shadow, "shadow");
    }
  }

  /** One side's output: where it was looked for, the node there, and the text ({@code null} when missing). */
  private record Side(String path, JsonNode node, String text) {}

  private final Spec spec;
  private final JsonPointer pointer;

  public TextComparator(Spec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.pointer = spec.pointer() == null ? null : Outputs.pointer("text pointer", spec.pointer());
  }

  public Spec spec() {
    return spec;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The texts this comparator would compare, for a later step such as embedding similarity; empty when the pair is not
   * comparable or a side's text is missing.
   */
  public Optional<Texts> texts(Answer primary, Answer shadow) {
    if (!Outputs.comparable(primary, shadow)) {
      return Optional.empty();
    }
    Side p = side(primary);
    Side s = side(shadow);
    if (p.text() == null || s.text() == null || !p.path().equals(s.path())) {
      return Optional.empty();
    }
    return Optional.of(new Texts(p.path(), p.text(), s.text()));
  }

  @Override
  public Verdict compare(Answer primary, Answer shadow) {
    if (!Outputs.comparable(primary, shadow)) {
      return Verdict.of(NAME, List.of(), List.of());
    }
    Side p = side(primary);
    Side s = side(shadow);
    if (!p.path().equals(s.path())) {
      // one side is an OpenAI response and the other is not: the other lacks the answer
      boolean primaryIsOpenAi = !p.path().isEmpty();
      String path = primaryIsOpenAi ? p.path() : s.path();
      return Verdict.of(
          NAME,
          List.of(
              Outputs.missing(
                  path,
                  p.node(),
                  primaryIsOpenAi,
                  s.node(),
                  !primaryIsOpenAi,
                  "an OpenAI-compatible response on both sides")),
          List.of());
    }
    String path = p.path();
    if (p.text() == null || s.text() == null) {
      if (p.text() == null && s.text() == null) {
        return Verdict.of(NAME, List.of(), List.of());
      }
      return Verdict.of(
          NAME,
          List.of(
              Outputs.missing(
                  path, p.node(), p.text() != null, s.node(), s.text() != null, "a string")),
          List.of());
    }
    List<String> pt = cap(TextSimilarity.tokens(p.text()));
    List<String> st = cap(TextSimilarity.tokens(s.text()));
    double cosine = TextSimilarity.tokenCosine(pt, st);
    double rouge = TextSimilarity.rougeL(pt, st);
    List<Observation> observations =
        List.of(
            Observation.measure(NAME, path, Metric.TOKEN_COSINE.label(), cosine),
            Observation.measure(NAME, path, Metric.ROUGE_L.label(), rouge));
    double deciding = spec.metric() == Metric.ROUGE_L ? rouge : cosine;
    if (deciding >= spec.threshold()) {
      return Verdict.of(NAME, List.of(), observations);
    }
    String reason =
        spec.metric().label() + " " + Outputs.fmt(deciding) + " < " + Outputs.fmt(spec.threshold());
    Difference d =
        new Difference(
            DifferenceKind.TEXT_SIMILARITY,
            path,
            Outputs.text(clip(p.text())),
            Outputs.text(clip(s.text())),
            spec.severity(),
            reason);
    return Verdict.of(NAME, List.of(d), observations);
  }

  private Side side(Answer a) {
    JsonNode json = a.json();
    if (pointer != null) {
      JsonNode node = Outputs.at(json, pointer);
      String text =
          node != null && (node.isTextual() || node.isNumber() || node.isBoolean())
              ? Outputs.scalarText(node)
              : null;
      return new Side(spec.pointer(), node, text);
    }
    if (json != null) {
      for (JsonPointer candidate : List.of(CHAT, COMPLETION)) {
        JsonNode node = Outputs.at(json, candidate);
        if (node != null) {
          return new Side(candidate.toString(), node, node.isTextual() ? node.textValue() : null);
        }
      }
      if (json.isTextual()) {
        return new Side("", json, json.textValue());
      }
    }
    String body = new String(a.body().bytes(), StandardCharsets.UTF_8);
    if (json == null) {
      Side streamed = streamed(body);
      if (streamed != null) {
        return streamed;
      }
    }
    return new Side("", json, body);
  }

  /**
   * The answer of a streamed (server-sent events) OpenAI response: the {@code choices[0].delta.content} (chat) or
   * {@code choices[0].text} (completion) of every {@code data:} chunk, joined; {@code null} when the body is not such a
   * stream. Reported under the same path as the unstreamed answer, so a streamed side compares with an unstreamed one.
   */
  private static Side streamed(String body) {
    if (!body.stripLeading().startsWith("data:")) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    String path = null;
    for (String line : body.split("\r?\n", -1)) {
      if (!line.startsWith("data:")) {
        continue;
      }
      String payload = line.substring("data:".length()).trim();
      if (payload.equals("[DONE]") || payload.isEmpty()) {
        continue;
      }
      JsonNode chunk = JsonBody.parseOrNull(payload.getBytes(StandardCharsets.UTF_8), MAPPER);
      JsonNode choice = chunk == null ? null : chunk.path("choices").path(0);
      if (choice == null || !choice.isObject()) {
        continue;
      }
      JsonNode delta = choice.path("delta").path("content");
      JsonNode completion = choice.path("text");
      if (delta.isTextual()) {
        text.append(delta.textValue());
        path = CHAT_CONTENT;
      } else if (completion.isTextual()) {
        text.append(completion.textValue());
        path = path == null ? COMPLETION_TEXT : path;
      } else if (choice.has("delta")) {
        path = path == null ? CHAT_CONTENT : path; // a role-only or finish chunk
      }
    }
    return path == null ? null : new Side(path, null, text.toString());
  }

  private List<String> cap(List<String> tokens) {
    return tokens.size() <= spec.maxTokens() ? tokens : tokens.subList(0, spec.maxTokens());
  }

  private static String clip(String s) {
    return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + "…";
  }
}
