/**
 * The local sentence-embedding model behind the {@code semantic} comparator: all-MiniLM-L6-v2 run in-process by ONNX
 * Runtime ({@link dev.shadowpipeline.semantic.MiniLmProvider}). Only the runnable jar depends on this module; the
 * engines (the bounded queue, the batching, the cache, the comparator) live in {@code shadow-traffic}'s
 * {@code shadow.compare.semantic} and find the model through {@link java.util.ServiceLoader}.
 */
package dev.shadowpipeline.semantic;
