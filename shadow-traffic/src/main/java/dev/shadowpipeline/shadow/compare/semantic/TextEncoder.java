package dev.shadowpipeline.shadow.compare.semantic;

import java.util.List;

/**
 * A sentence-embedding model: texts in, one vector each out. Implementations may be slow and may block (they run
 * the model on the calling thread); {@link SemanticEngine} calls them from its own worker only, one batch at a time,
 * so they need not be thread-safe.
 */
public interface TextEncoder extends AutoCloseable {

  /** The model's name, e.g. {@code all-minilm-l6-v2-q}. */
  String name();

  /** The most word pieces of one text the model reads (special tokens included); the rest is cut off. */
  int maxTokens();

  /**
   * Embeds the texts in one batch.
   *
   * @return one vector per text, in input order, all of the same dimension
   * @throws Exception when the model fails; the engine counts it and marks the batch's pairs unmeasured
   */
  float[][] encode(List<String> texts) throws Exception;

  /** Frees the model; the default does nothing. */
  @Override
  default void close() {}

  /**
   * Opens a model by name. Registered in {@code META-INF/services/} so that a module holding a model (and its
   * native runtime) can be left off the class path.
   */
  interface Provider {

    /** The model names this provider opens, the first being its default. */
    List<String> models();

    /**
     * Loads the model: slow (reads the weights, starts the runtime); called on the engine's worker.
     *
     * @param model one of {@link #models()}
     * @param threads threads the runtime may use for one batch, at least 1
     * @throws Exception when the model cannot be loaded
     */
    TextEncoder open(String model, int threads) throws Exception;
  }
}
