package dev.shadowpipeline.drift.classifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into words as scikit-learn's {@code TfidfVectorizer} does by default: lower-cased, tokens of two or more
 * word characters ({@code (?u)\b\w\w+\b}), with or without the English stop words of {@code stop_words="english"}.
 *
 * <p>Java's Unicode word characters ({@code UNICODE_CHARACTER_CLASS}) stand for Python's; the two agree on letters,
 * digits and the underscore of every script, and may differ on rare combining marks.
 */
public final class TextTokenizer {

  private static final Pattern TOKEN =
      Pattern.compile("\\b\\w\\w+\\b", Pattern.UNICODE_CHARACTER_CLASS);

  /** The 318 English stop words of scikit-learn (resource file, with its origin in its header). */
  static final Set<String> ENGLISH_STOP_WORDS = loadStopWords();

  /** scikit-learn's tokenizer with {@code stop_words="english"}, as Evidently configures it. */
  public static final TextTokenizer ENGLISH = new TextTokenizer(true);

  /** scikit-learn's default tokenizer, keeping every word. */
  public static final TextTokenizer ALL_WORDS = new TextTokenizer(false);

  private final boolean dropStopWords;

  private TextTokenizer(boolean dropStopWords) {
    this.dropStopWords = dropStopWords;
  }

  /** The words of {@code text}, in order, repeats kept. */
  public List<String> words(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      String word = m.group();
      if (!dropStopWords || !ENGLISH_STOP_WORDS.contains(word)) {
        out.add(word);
      }
    }
    return out;
  }

  private static Set<String> loadStopWords() {
    Set<String> words = new HashSet<>();
    try (InputStream in = TextTokenizer.class.getResourceAsStream("english-stop-words.txt")) {
      if (in == null) {
        throw new IllegalStateException("english-stop-words.txt is missing from the jar");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String word = line.strip();
        if (!word.isEmpty() && !word.startsWith("#")) {
          words.add(word);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(words);
  }
}
