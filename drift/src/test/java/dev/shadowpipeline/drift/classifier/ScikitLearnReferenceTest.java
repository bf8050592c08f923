package dev.shadowpipeline.drift.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classifier's parts against scikit-learn 1.9.1 (numpy 2.4.6) on a fixed corpus: TF-IDF with Evidently's settings,
 * the liblinear logistic regression, ROC AUC, numpy's percentile. The corpus and every expected value come from this
 * script (reference talks about loans; current mixes in travel words):
 *
 * <pre>
 * ref_words = "loan rate bank credit score payment monthly income approval risk account balance".split()
 * cur_words = "loan rate travel flight hotel booking credit payment trip airport visa".split()
 * rng = np.random.RandomState(7)
 * def doc(words, k, mix=0):
 *     return " ".join(list(rng.choice(words, k)) + list(rng.choice(ref_words, mix))) + " the of and"
 * train = [doc(ref_words, 6) for _ in range(12)] + [doc(cur_words, 2, 4) for _ in range(12)]
 * test = [doc(ref_words, 5) for _ in range(8)] + [doc(cur_words, 1, 4) for _ in range(8)]
 * v = TfidfVectorizer(sublinear_tf=True, max_df=0.5, stop_words="english")
 * Xtr = v.fit_transform(train); Xte = v.transform(test)
 * m = LogisticRegression(solver="liblinear", C=1.0, tol=1e-10, max_iter=10000).fit(Xtr, [0]*12 + [1]*12)
 * roc_auc_score([0]*8 + [1]*8, m.decision_function(Xte))
 * </pre>
 */
class ScikitLearnReferenceTest {

  static final List<String> TRAIN =
      List.of(
          "score risk monthly credit credit income the of and",
          "income risk income approval risk account the of and",
          "account approval income monthly score loan the of and",
          "income loan balance income account monthly the of and",
          "credit payment approval approval income payment the of and",
          "loan balance loan bank approval risk the of and",
          "monthly score risk income credit credit the of and",
          "approval credit loan rate loan loan the of and",
          "monthly income income account risk credit the of and",
          "loan income income income loan payment the of and",
          "score credit rate credit balance balance the of and",
          "rate credit balance score credit rate the of and",
          "airport booking risk rate bank credit the of and",
          "travel travel payment income credit balance the of and",
          "visa loan balance risk risk credit the of and",
          "hotel booking balance credit loan score the of and",
          "trip visa account monthly balance income the of and",
          "travel payment credit approval monthly monthly the of and",
          "booking credit payment balance income rate the of and",
          "visa booking score score risk risk the of and",
          "visa loan monthly bank monthly approval the of and",
          "travel visa score rate monthly account the of and",
          "rate booking rate monthly risk approval the of and",
          "credit booking risk income payment score the of and");

  static final List<String> TEST =
      List.of(
          "balance risk balance monthly approval the of and",
          "rate payment payment balance approval the of and",
          "credit income income risk score the of and",
          "income payment account risk monthly the of and",
          "balance balance bank loan payment the of and",
          "credit loan payment income rate the of and",
          "approval score balance risk account the of and",
          "loan bank loan income monthly the of and",
          "travel risk risk payment balance the of and",
          "rate loan loan risk rate the of and",
          "rate payment credit bank loan the of and",
          "visa account score account balance the of and",
          "trip income rate score risk the of and",
          "flight monthly account income rate the of and",
          "loan bank income loan loan the of and",
          "airport approval bank loan balance the of and");

  /** The corpus as text rows: reference = train[0..11] and test[0..7], current = the rest. */
  static TextRows corpus() {
    List<String> texts = new ArrayList<>(TRAIN);
    texts.addAll(TEST);
    long[] ref = new long[texts.size()];
    long[] cur = new long[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      boolean reference = i < 12 || (i >= 24 && i < 32);
      (reference ? ref : cur)[i] = 1;
    }
    return new TextRows(texts, ref, cur, TextVectorizer.EVIDENTLY);
  }

  // reference ids 0..19 (train 0..11, then test 0..7), current ids 20..39 (train 12..23, then test
  // 8..15)
  static final int[] TRAIN_IDS = range(0, 12, 20, 32);
  static final int[] TEST_IDS = range(12, 20, 32, 40);

  private static int[] range(int a, int b, int c, int d) {
    int[] out = new int[(b - a) + (d - c)];
    int k = 0;
    for (int i = a; i < b; i++) {
      out[k++] = i;
    }
    for (int i = c; i < d; i++) {
      out[k++] = i;
    }
    return out;
  }

  private static boolean[] current(int[] ids) {
    boolean[] out = new boolean[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i] >= 20;
    }
    return out;
  }

  @Test
  void tfidfMatchesTfidfVectorizerWithEvidentlysSettings() {
    DomainClassifier.Encoding e = corpus().fit(TRAIN_IDS);
    List<String> vocabulary = new ArrayList<>();
    for (int j = 0; j < e.features(); j++) {
      vocabulary.add(e.featureName(j));
    }
    // "credit" (in 15 of 24 documents) is past max_df=0.5; "the", "of", "and" are stop words
    assertThat(vocabulary)
        .containsExactly(
            "account",
            "airport",
            "approval",
            "balance",
            "bank",
            "booking",
            "hotel",
            "income",
            "loan",
            "monthly",
            "payment",
            "rate",
            "risk",
            "score",
            "travel",
            "trip",
            "visa");
    // v.transform(test)[8].toarray()
    double[] expected = {
      0.0,
      0.0,
      0.0,
      0.3731830424225117,
      0.0,
      0.0,
      0.0,
      0.0,
      0.0,
      0.0,
      0.4426427744563648,
      0.0,
      0.6004274256250027,
      0.0,
      0.551623692046654,
      0.0,
      0.0
    };
    SparseRows row = e.encode(new int[] {32});
    double[] dense = new double[e.features()];
    for (int at = row.start(0); at < row.start(0) + row.size(0); at++) {
      dense[row.index(at)] = row.value(at);
    }
    for (int j = 0; j < expected.length; j++) {
      assertThat(dense[j]).as(vocabulary.get(j)).isCloseTo(expected[j], within(1e-12));
    }
  }

  @Test
  void idfIsSmoothedAsScikitLearns() {
    TextVectorizer v = TextVectorizer.EVIDENTLY;
    List<java.util.Map<String, Integer>> counts = new ArrayList<>();
    for (String t : TRAIN) {
      counts.add(v.termCounts(t));
    }
    int[] docs = new int[TRAIN.size()];
    Arrays.fill(docs, 1);
    TextVectorizer.Fitted fitted = v.fit(counts, docs);
    // v.idf_
    double[] idf = {
      2.2729656758128876, 3.5257286443082556, 2.021651247531981, 1.916290731874155,
      2.83258146374831, 2.2729656758128876, 3.5257286443082556, 1.653926467406664,
      2.021651247531981, 1.8209805520698303, 2.2729656758128876, 2.139434283188365,
      1.8209805520698303, 1.916290731874155, 2.83258146374831, 3.5257286443082556,
      2.4271163556401456
    };
    assertThat(fitted.size()).isEqualTo(idf.length);
    for (int j = 0; j < idf.length; j++) {
      assertThat(fitted.idf(j)).as(fitted.word(j)).isCloseTo(idf[j], within(1e-12));
    }
  }

  @Test
  void logisticRegressionMatchesLiblinearInScikitLearn() {
    DomainClassifier.Encoding e = corpus().fit(TRAIN_IDS);
    LinearModel model = LinearModel.train(e.encode(TRAIN_IDS), current(TRAIN_IDS), 1.0, 1e-10);
    // m.coef_, m.intercept_ (tol=1e-10: both solvers at the unique optimum)
    double[] coef = {
      -0.30750866392778226, 0.20397576814800752, -0.3846655715611981, -0.06959314802601012,
      0.16738659076304332, 1.026604013558643, 0.26785881230162245, -0.8722687590128816,
      -0.545099982267636, 0.07705644209874553, 0.2720299032687287, -0.04592831322758063,
      -0.010776111783757238, -0.3079117827482588, 0.6948734066687915, 0.2660752956428082,
      0.8839757358574004
    };
    for (int j = 0; j < coef.length; j++) {
      assertThat(model.weight(j)).as(e.featureName(j)).isCloseTo(coef[j], within(1e-8));
    }
    assertThat(model.intercept()).isCloseTo(0.09717550836104297, within(1e-8));
    // roc_auc_score([0]*8 + [1]*8, m.decision_function(Xte))
    double auc = RocAuc.auc(model.decisions(e.encode(TEST_IDS)), current(TEST_IDS));
    assertThat(auc).isEqualTo(0.640625);
  }

  @Test
  void aucCountsTiesAsHalfAsRocAucScoreDoes() {
    double[] scores = {0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.1, 0.65, 0.35};
    boolean[] positive = {false, false, true, true, true, false, true, false, false, true};
    // roc_auc_score([0, 0, 1, 1, 1, 0, 1, 0, 0, 1], scores)
    assertThat(RocAuc.auc(scores, positive)).isCloseTo(0.68, within(1e-15));
  }

  @Test
  void percentileInterpolatesAsNumpy() {
    // np.random.RandomState(3).rand(17)
    double[] v = {
      0.5507979025745755, 0.7081478226181048, 0.2909047389129443, 0.510827605197663,
      0.8929469543476547, 0.8962930889334381, 0.12558531046383625, 0.20724287813818676,
      0.05146720330082988, 0.44080984365063647, 0.029876210878566956, 0.4568332243947111,
      0.6491440476147607, 0.2784872826479753, 0.6762549019801313, 0.5908628174163508,
      0.023981882377165364
    };
    assertThat(RocAuc.percentile(v, 95)).isCloseTo(0.8936161812648113, within(1e-15));
    assertThat(RocAuc.percentile(v, 50)).isEqualTo(0.4568332243947111);
    assertThat(RocAuc.percentile(v, 0)).isEqualTo(0.023981882377165364);
    assertThat(RocAuc.percentile(v, 100)).isEqualTo(0.8962930889334381);
    // np.percentile(v, q, method="higher")
    assertThat(RocAuc.higherPercentile(v, 95)).isEqualTo(0.8962930889334381);
    assertThat(RocAuc.higherPercentile(v, 50)).isEqualTo(0.4568332243947111);
    assertThat(RocAuc.higherPercentile(v, 10)).isEqualTo(0.05146720330082988);
  }
}
