package dev.shadowpipeline.demo.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in corpus: 200 help-center article titles generated from a topical vocabulary with a fixed seed, and the
 * statistics the rankers need (document frequencies, average length). Immutable; built once.
 */
final class SearchCorpus {

  /** Ten topics of eight words; some words sit in two topics, so a query can be ambiguous as real ones are. */
  static final List<List<String>> TOPICS =
      List.of(
          List.of(
              "card", "credit", "debit", "limit", "contactless", "pin", "replacement", "rewards"),
          List.of("loan", "mortgage", "rate", "refinance", "payment", "term", "approval", "home"),
          List.of(
              "savings",
              "interest",
              "deposit",
              "account",
              "goal",
              "yield",
              "certificate",
              "retirement"),
          List.of(
              "transfer",
              "wire",
              "international",
              "payment",
              "fee",
              "instant",
              "recipient",
              "schedule"),
          List.of(
              "fraud",
              "password",
              "security",
              "phishing",
              "alert",
              "identity",
              "authentication",
              "scam"),
          List.of(
              "mobile", "app", "login", "notification", "biometric", "update", "device", "check"),
          List.of(
              "business", "merchant", "payroll", "invoice", "tax", "accounting", "cash", "flow"),
          List.of(
              "investing",
              "stock",
              "fund",
              "portfolio",
              "retirement",
              "risk",
              "dividend",
              "broker"),
          List.of(
              "travel", "currency", "exchange", "abroad", "insurance", "atm", "foreign", "card"),
          List.of(
              "budget", "spending", "planner", "category", "goal", "report", "monthly", "saving"));

  /** Words of no topic, frequent in titles and long queries alike. */
  static final List<String> GENERAL =
      List.of(
          "how",
          "to",
          "my",
          "your",
          "guide",
          "tips",
          "faq",
          "new",
          "best",
          "explained",
          "checklist",
          "overview",
          "first",
          "change",
          "setup");

  /**
   * What v2's embedding treats as near neighbours: each word of a group also matches the others, at reduced weight.
   * This is why v2 finds articles v1 cannot.
   */
  static final List<Set<String>> SYNONYMS =
      List.of(
          Set.of("loan", "mortgage", "refinance"),
          Set.of("fraud", "scam", "phishing"),
          Set.of("savings", "saving", "deposit"),
          Set.of("transfer", "wire", "payment"),
          Set.of("app", "mobile", "device"),
          Set.of("stock", "fund", "investing", "portfolio"),
          Set.of("currency", "exchange", "foreign"),
          Set.of("budget", "spending", "planner"),
          Set.of("password", "login", "authentication"),
          Set.of("abroad", "travel", "international"));

  static final int SIZE = 200;
  private static final long SEED = 20_240_611L;
  private static final Pattern TERM = Pattern.compile("[a-z0-9]+");

  private static final SearchCorpus BUILT_IN = generate();

  final List<Document> documents;
  final Map<String, Integer> documentFrequency;
  final double averageLength;

  private SearchCorpus(List<Document> documents) {
    this.documents = List.copyOf(documents);
    Map<String, Integer> df = new HashMap<>();
    long totalLength = 0;
    for (Document d : documents) {
      totalLength += d.terms().size();
      new LinkedHashSet<>(d.terms()).forEach(t -> df.merge(t, 1, Integer::sum));
    }
    this.documentFrequency = Map.copyOf(df);
    this.averageLength = (double) totalLength / documents.size();
  }

  static SearchCorpus builtIn() {
    return BUILT_IN;
  }

  /** Lower-case alphanumeric terms, in order, repeats kept: the one tokenizer of queries and titles. */
  static List<String> terms(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TERM.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** ln(1 + (N - df + 0.5) / (df + 0.5)): Lucene's BM25 idf, positive even for a term in every document. */
  double idf(String term) {
    int df = documentFrequency.getOrDefault(term, 0);
    return Math.log(1 + (documents.size() - df + 0.5) / (df + 0.5));
  }

  private static SearchCorpus generate() {
    SplittableRandom random = new SplittableRandom(SEED);
    List<Document> docs = new ArrayList<>(SIZE);
    for (int i = 0; i < SIZE; i++) {
      List<String> topic = TOPICS.get(random.nextInt(TOPICS.size()));
      List<String> words = new ArrayList<>(pick(random, topic, 2 + random.nextInt(4)));
      if (random.nextInt(5) == 0) { // one in five articles touches a second topic
        List<String> other = TOPICS.get(random.nextInt(TOPICS.size()));
        words.add(other.get(random.nextInt(other.size())));
      }
      words.addAll(pick(random, GENERAL, random.nextInt(3)));
      words = pick(random, words, words.size()); // shuffled
      String title = String.join(" ", words);
      title = Character.toUpperCase(title.charAt(0)) + title.substring(1);
      // a few very popular articles and a long tail, as page views go
      double popularity = Math.round(Math.pow(random.nextDouble(), 3) * 1000) / 1000.0;
      docs.add(
          new Document(String.format(Locale.ROOT, "doc-%03d", i), title, terms(title), popularity));
    }
    return new SearchCorpus(docs);
  }

  /** {@code n} distinct words of {@code from}, in random order. */
  static List<String> pick(SplittableRandom random, List<String> from, int n) {
    List<String> pool = new ArrayList<>(from);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n && !pool.isEmpty(); i++) {
      out.add(pool.remove(random.nextInt(pool.size())));
    }
    return out;
  }
}
