package dev.shadowpipeline.semantic;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.shadowpipeline.shadow.compare.semantic.TextEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * all-MiniLM-L6-v2 (sentence-transformers; 6 layers, 384 dimensions) run in-process by ONNX Runtime, computing what
 * {@code SentenceTransformer("all-MiniLM-L6-v2").encode(texts, normalize_embeddings=True)} computes: the BERT
 * WordPiece tokens of each text (lower-cased, {@code [CLS] … [SEP]}), cut to {@value #MAX_TOKENS} tokens
 * (sentence-transformers' {@code max_seq_length} for this model), the model's last hidden states averaged over the
 * text's tokens (mean pooling with the attention mask), and scaled to length 1.
 *
 * <p>Several texts go through the model in one call: they are padded to the longest of the batch and masked, so that
 * each text's vector is the one it would have alone (up to float rounding).
 *
 * <p>The model and tokenizer files come from langchain4j's Maven packages (the 8-bit quantized
 * {@code all-minilm-l6-v2-q}, and the full-precision {@code all-minilm-l6-v2} when its package is on the class
 * path); nothing is downloaded. The tokenizer is Hugging Face's (Rust, through DJL), whose native library DJL copies
 * once into its cache folder ({@code ~/.djl.ai}, or {@code DJL_CACHE_DIR}); DJL's offline mode is switched on so that
 * it never tries the network. Not thread-safe (one batch at a time, as {@link TextEncoder} allows).
 */
final class MiniLmEncoder implements TextEncoder {

  /** Tokens read per text, {@code [CLS]} and {@code [SEP]} included: sentence-transformers' max_seq_length. */
  static final int MAX_TOKENS = 256;

  /** The vector's dimension. */
  static final int DIMENSIONS = 384;

  private final String name;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean tokenTypes;

  private MiniLmEncoder(
      String name, OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer) {
    this.name = name;
    this.environment = environment;
    this.session = session;
    this.tokenizer = tokenizer;
    this.tokenTypes = session.getInputNames().contains("token_type_ids");
  }

  /**
   * Loads the model {@code name} ({@code all-minilm-l6-v2-q} or {@code all-minilm-l6-v2}) from the class path.
   *
   * @param threads threads ONNX Runtime may use inside one batch
   * @throws IOException when the model's files are not on the class path or cannot be read
   * @throws OrtException when ONNX Runtime cannot load the model
   */
  static MiniLmEncoder load(String name, int threads) throws IOException, OrtException {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true"); // DJL: never reach for the network
    }
    byte[] model = resource(name + ".onnx");
    HuggingFaceTokenizer tokenizer;
    try (InputStream json = stream(name + "-tokenizer.json")) {
      Map<String, String> options = new HashMap<>();
      options.put("padding", "false"); // padded here, to the longest text of each batch
      options.put("truncation", "true");
      options.put("maxLength", Integer.toString(MAX_TOKENS));
      tokenizer = HuggingFaceTokenizer.newInstance(json, options);
    }
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      return new MiniLmEncoder(
          name, environment, environment.createSession(model, options), tokenizer);
    } catch (OrtException | RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /** Whether the files of model {@code name} are on the class path. */
  static boolean present(String name) {
    ClassLoader loader = MiniLmEncoder.class.getClassLoader();
    return loader.getResource(name + ".onnx") != null
        && loader.getResource(name + "-tokenizer.json") != null;
  }

  private static InputStream stream(String resource) throws IOException {
    InputStream in = MiniLmEncoder.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IOException(resource + " is not on the class path");
    }
    return in;
  }

  private static byte[] resource(String resource) throws IOException {
    try (InputStream in = stream(resource)) {
      return in.readAllBytes();
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int maxTokens() {
    return MAX_TOKENS;
  }

  /** The token ids the model reads for {@code text} (at most {@value #MAX_TOKENS}, special tokens included). */
  long[] tokenIds(String text) {
    return tokenizer.encode(text, true, false).getIds();
  }

  @Override
  public float[][] encode(List<String> texts) throws OrtException {
    Objects.requireNonNull(texts, "texts");
    int n = texts.size();
    if (n == 0) {
      return new float[0][];
    }
    Encoding[] encodings = new Encoding[n];
    int longest = 0;
    for (int i = 0; i < n; i++) {
      encodings[i] = tokenizer.encode(texts.get(i), true, false);
      longest = Math.max(longest, encodings[i].getIds().length);
    }
    long[] ids = new long[n * longest];
    long[] mask = new long[n * longest];
    long[] types = new long[n * longest]; // one segment: all zero
    for (int i = 0; i < n; i++) {
      long[] row = encodings[i].getIds();
      System.arraycopy(row, 0, ids, i * longest, row.length);
      for (int j = 0; j < row.length; j++) {
        mask[i * longest + j] = 1;
      }
    }
    long[] shape = {n, longest};
    try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
        OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
        OnnxTensor typesTensor =
            OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape)) {
      Map<String, OnnxTensor> inputs = new HashMap<>();
      inputs.put("input_ids", idsTensor);
      inputs.put("attention_mask", maskTensor);
      if (tokenTypes) {
        inputs.put("token_type_ids", typesTensor);
      }
      try (OrtSession.Result result = session.run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(0).getValue(); // [text][token][dimension]
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
          out[i] = meanPooledUnit(hidden[i], encodings[i].getIds().length);
        }
        return out;
      }
    }
  }

  /**
   * The average of the first {@code tokens} rows (the text's own, not the padding), scaled to length 1:
   * {@code v = Σ_t h_t / T}, {@code v / ‖v‖}.
   */
  static float[] meanPooledUnit(float[][] hidden, int tokens) {
    int d = hidden[0].length;
    double[] sum = new double[d];
    for (int t = 0; t < tokens; t++) {
      for (int j = 0; j < d; j++) {
        sum[j] += hidden[t][j];
      }
    }
    double norm = 0;
    for (int j = 0; j < d; j++) {
      sum[j] /= tokens;
      norm += sum[j] * sum[j];
    }
    norm = Math.sqrt(norm);
    float[] out = new float[d];
    for (int j = 0; j < d; j++) {
      // sentence-transformers' Normalize divides by max(‖v‖, 1e-12)
      out[j] = (float) (sum[j] / Math.max(norm, 1e-12));
    }
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // the process is going away with it; nothing to recover
    }
    tokenizer.close();
  }
}
