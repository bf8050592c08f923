package dev.shadowpipeline.demo.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two lexical measures the text comparator is specified with (issue 3), written out plainly so the catalog's
 * design can be checked without depending on the comparator under construction.
 */
final class LexicalSimilarity {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\d]+");

  private LexicalSimilarity() {}

  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** Cosine of the two bags of words: sum(a_w * b_w) / (|a| |b|). */
  static double tokenCosine(String a, String b) {
    Map<String, Integer> x = counts(words(a));
    Map<String, Integer> y = counts(words(b));
    double dot = 0;
    for (Map.Entry<String, Integer> e : x.entrySet()) {
      dot += e.getValue() * (double) y.getOrDefault(e.getKey(), 0);
    }
    return dot / (norm(x) * norm(y));
  }

  /** ROUGE-L F1: with L the longest common subsequence of words, P = L/|b|, R = L/|a|, F1 = 2PR/(P+R). */
  static double rougeLF1(String reference, String candidate) {
    List<String> a = words(reference);
    List<String> b = words(candidate);
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = 1; i <= a.size(); i++) {
      for (int j = 1; j <= b.size(); j++) {
        lcs[i][j] =
            a.get(i - 1).equals(b.get(j - 1))
                ? lcs[i - 1][j - 1] + 1
                : Math.max(lcs[i - 1][j], lcs[i][j - 1]);
      }
    }
    double l = lcs[a.size()][b.size()];
    if (l == 0) {
      return 0;
    }
    double p = l / b.size();
    double r = l / a.size();
    return 2 * p * r / (p + r);
  }

  private static Map<String, Integer> counts(List<String> words) {
    Map<String, Integer> m = new HashMap<>();
    words.forEach(w -> m.merge(w, 1, Integer::sum));
    return m;
  }

  private static double norm(Map<String, Integer> v) {
    double s = 0;
    for (int c : v.values()) {
      s += (double) c * c;
    }
    return Math.sqrt(s);
  }
}
