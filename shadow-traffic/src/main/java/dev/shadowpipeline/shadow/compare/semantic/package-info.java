/**
 * Semantic similarity of two texts on this machine: a sentence-embedding model run in-process (no network), behind
 * a bounded executor of its own ({@link dev.shadowpipeline.shadow.compare.semantic.SemanticEngine}: a queue bounded
 * in pairs and bytes, batched inference, an LRU cache) and the
 * {@link dev.shadowpipeline.shadow.compare.semantic.SemanticComparator} that turns the cosine into a verdict. The
 * model itself is a {@link dev.shadowpipeline.shadow.compare.semantic.TextEncoder} found through
 * {@link java.util.ServiceLoader}: this module holds no model and no native runtime (the {@code semantic/} module
 * does), so an engine without one reports the model unavailable instead of failing.
 */
package dev.shadowpipeline.shadow.compare.semantic;
