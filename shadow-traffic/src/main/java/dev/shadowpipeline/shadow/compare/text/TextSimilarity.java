package dev.shadowpipeline.shadow.compare.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lexical similarity measures over word tokens.
 *
 * <p>Tokens: the text is lower-cased ({@link Locale#ROOT}) and split into maximal runs of letters and digits
 * ({@link Character#isLetterOrDigit(int)}, so any script); everything else (spaces, punctuation, symbols) separates
 * tokens and is dropped. {@code "Don't panic!"} → {@code [don, t, panic]}.
 *
 * <p>Conventions for empty inputs, shared by all measures: two empty token lists are identical (1); an empty list
 * against a non-empty one shares nothing (0).
 *
 * <p>References: [1] C.-Y. Lin, "ROUGE: A Package for Automatic Evaluation of Summaries", Text Summarization Branches
 * Out (ACL Workshop), 2004, pp. 74–81, section 3.1, https://aclanthology.org/W04-1013/.
 */
public final class TextSimilarity {

  private TextSimilarity() {}

  /** Lower-cased word tokens of {@code text}, in order (see the class comment). */
  public static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (Character.isLetterOrDigit(cp)) {
        if (start < 0) {
          start = i;
        }
      } else if (start >= 0) {
        out.add(text.substring(start, i).toLowerCase(Locale.ROOT));
        start = -1;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      out.add(text.substring(start).toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /**
   * Cosine of the term-frequency vectors: {@code Σ_w a(w)·b(w) / (sqrt(Σ_w a(w)²) · sqrt(Σ_w b(w)²))}, where
   * {@code a(w)} counts token w in {@code a}. Word order does not matter; in [0, 1] since counts are non-negative.
   */
  public static double tokenCosine(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() && b.isEmpty() ? 1.0 : 0.0;
    }
    Map<String, Integer> fa = frequencies(a);
    Map<String, Integer> fb = frequencies(b);
    Map<String, Integer> small = fa.size() <= fb.size() ? fa : fb;
    Map<String, Integer> large = small == fa ? fb : fa;
    double dot = 0; // Σ_w a(w)·b(w), over the words both have
    for (Map.Entry<String, Integer> e : small.entrySet()) {
      Integer other = large.get(e.getKey());
      if (other != null) {
        dot += (double) e.getValue() * other;
      }
    }
    // sqrt(|a|²·|b|²) rather than |a|·|b|: the squared norms are exact integers, so identical
    // vectors give exactly 1
    double cos = dot / Math.sqrt(squaredNorm(fa) * squaredNorm(fb));
    return Math.min(1.0, cos);
  }

  /**
   * ROUGE-L F-measure of [1] with β = 1, reference {@code a} (length m), candidate {@code b} (length n):
   * {@code R = LCS/m}, {@code P = LCS/n}, {@code F_β = (1+β²)·R·P / (R + β²·P)}, which for β = 1 is
   * {@code 2·R·P/(R+P) = 2·LCS/(m+n)} — symmetric in its arguments. Lin sets β large so that F is nearly R; we weigh
   * precision and recall equally, since neither answer is the "reference" in a shadow comparison.
   */
  public static double rougeL(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() && b.isEmpty() ? 1.0 : 0.0;
    }
    return 2.0 * lcsLength(a, b) / (a.size() + b.size());
  }

  /**
   * Length of the longest common subsequence of two token lists: the classic dynamic programme
   * {@code L[i][j] = a_i = b_j ? L[i-1][j-1] + 1 : max(L[i-1][j], L[i][j-1])}, in O(m·n) time and O(min(m, n)) memory.
   */
  public static int lcsLength(List<String> a, List<String> b) {
    // tokens as small ints, so that the inner loop compares ints rather than strings
    Map<String, Integer> codes = new HashMap<>();
    int[] outer = encode(a.size() >= b.size() ? a : b, codes);
    int[] inner = encode(a.size() >= b.size() ? b : a, codes);
    int[] prev = new int[inner.length + 1];
    int[] cur = new int[inner.length + 1];
    for (int x : outer) {
      for (int j = 1; j <= inner.length; j++) {
        cur[j] = x == inner[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[inner.length];
  }

  private static int[] encode(List<String> tokens, Map<String, Integer> codes) {
    int[] out = new int[tokens.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = codes.computeIfAbsent(tokens.get(i), k -> codes.size());
    }
    return out;
  }

  private static Map<String, Integer> frequencies(List<String> tokens) {
    Map<String, Integer> f = new HashMap<>();
    for (String t : tokens) {
      f.merge(t, 1, Integer::sum);
    }
    return f;
  }

  private static double squaredNorm(Map<String, Integer> f) {
    double sum = 0;
    for (int c : f.values()) {
      sum += (double) c * c;
    }
    return sum;
  }
}
