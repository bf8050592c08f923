/**
 * Embedding similarity of two texts through any OpenAI-compatible {@code /v1/embeddings} endpoint: a bounded,
 * caching {@link dev.shadowpipeline.shadow.compare.embedding.EmbeddingClient} and the
 * {@link dev.shadowpipeline.shadow.compare.embedding.EmbeddingSimilarity} step that adds its cosine to a verdict. This
 * is network I/O, so it runs after the pure comparators, off the proxy's hot path.
 */
package dev.shadowpipeline.shadow.compare.embedding;
