package dev.shadowpipeline.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shadowpipeline.shadow.compare.embedding.EmbeddingClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local model itself: meaning, batching, truncation, on fixed sentences and no network. */
class MiniLmEncoderTest {

  /** Pairs that say the same thing in other words. */
  static final List<List<String>> PARAPHRASES =
      List.of(
          List.of("The cat sits on the mat.", "A cat is sitting on the mat."),
          List.of("How do I reset my password?", "What are the steps to change my password?"),
          List.of("The loan application was approved.", "Your loan request has been accepted."),
          List.of("Paris is the capital of France.", "France's capital city is Paris."),
          List.of(
              "The weather is sunny and warm today.", "Today it is warm and the sun is shining."),
          List.of(
              "Restart the server to apply the update.",
              "To apply the update, reboot the server."));

  /** The same first sentences against unrelated ones. */
  static final List<List<String>> UNRELATED =
      List.of(
          List.of("The cat sits on the mat.", "Quarterly revenue grew by twelve percent."),
          List.of("How do I reset my password?", "The recipe needs two cups of flour."),
          List.of(
              "The loan application was approved.", "Penguins live in the Southern Hemisphere."),
          List.of("Paris is the capital of France.", "Use a torque wrench to tighten the bolts."),
          List.of(
              "The weather is sunny and warm today.", "The function returns a list of integers."),
          List.of("Restart the server to apply the update.", "She painted the portrait in oil."));

  static MiniLmEncoder quantized;
  static MiniLmEncoder full;

  @BeforeAll
  static void load() throws Exception {
    quantized = MiniLmEncoder.load(MiniLmProvider.QUANTIZED, 1);
    full = MiniLmEncoder.load(MiniLmProvider.FULL, 1);
  }

  @AfterAll
  static void close() {
    quantized.close();
    full.close();
  }

  static double[] cosines(MiniLmEncoder model, List<List<String>> pairs) throws Exception {
    double[] out = new double[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      float[][] v = model.encode(pairs.get(i));
      out[i] = EmbeddingClient.cosine(v[0], v[1]);
    }
    return out;
  }

  @Test
  void paraphrasesAreClearlyCloserThanUnrelatedSentences() throws Exception {
    for (MiniLmEncoder model : List.of(quantized, full)) {
      double[] same = cosines(model, PARAPHRASES);
      double[] other = cosines(model, UNRELATED);
      System.out.println(model.name() + " paraphrases " + java.util.Arrays.toString(same));
      System.out.println(model.name() + " unrelated   " + java.util.Arrays.toString(other));
      double minSame = java.util.Arrays.stream(same).min().orElseThrow();
      double maxOther = java.util.Arrays.stream(other).max().orElseThrow();
      assertThat(minSame).as(model.name()).isGreaterThan(maxOther + 0.3);
    }
  }

  @Test
  void theFullModelGivesEachTextOfABatchTheVectorItHasAlone() throws Exception {
    List<String> texts = new ArrayList<>();
    PARAPHRASES.forEach(texts::addAll);
    float[][] batch = full.encode(texts);
    for (int i = 0; i < texts.size(); i++) {
      float[] alone = full.encode(List.of(texts.get(i)))[0];
      assertThat(EmbeddingClient.cosine(batch[i], alone)).isCloseTo(1.0, within(1e-6));
    }
  }

  /**
   * Why the engine embeds one text per call by default: the quantized model quantizes a call's activations with one
   * scale over the whole batch (ONNX DynamicQuantizeLinear), so a text's vector depends on its batch mates. Measured
   * here (all-minilm-l6-v2-q, ONNX Runtime 1.20.0): 0.9923 at worst, the full model's 1.0000000.
   */
  @Test
  void theQuantizedModelsVectorsDependOnTheirBatchMates() throws Exception {
    List<String> texts = new ArrayList<>();
    PARAPHRASES.forEach(texts::addAll);
    float[][] batch = quantized.encode(texts);
    double worst = 1;
    for (int i = 0; i < texts.size(); i++) {
      float[] alone = quantized.encode(List.of(texts.get(i)))[0];
      float[] again = quantized.encode(List.of(texts.get(i)))[0];
      assertThat(again).as("one text alone is deterministic").isEqualTo(alone);
      worst = Math.min(worst, EmbeddingClient.cosine(batch[i], alone));
    }
    assertThat(worst).isLessThan(0.999).isGreaterThan(0.98);
  }

  @Test
  void vectorsHaveUnitLengthAndTheModelsDimension() throws Exception {
    for (float[] v : quantized.encode(List.of("one", "two words", ""))) {
      double norm = 0;
      for (float x : v) {
        norm += (double) x * x;
      }
      assertThat(v).hasSize(MiniLmEncoder.DIMENSIONS);
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void longTextsAreCutToTheModelsMaxTokens() throws Exception {
    String longText = "word ".repeat(1000);
    long[] ids = quantized.tokenIds(longText);
    assertThat(ids).hasSize(MiniLmEncoder.MAX_TOKENS);
    assertThat(ids[0]).isEqualTo(101); // [CLS] in BERT's uncased vocabulary
    assertThat(ids[ids.length - 1]).isEqualTo(102); // [SEP]
    // what lies past the cut does not change the vector
    float[][] v = quantized.encode(List.of(longText, longText + " entirely different ending"));
    assertThat(EmbeddingClient.cosine(v[0], v[1])).isCloseTo(1.0, within(1e-6));
  }
}
