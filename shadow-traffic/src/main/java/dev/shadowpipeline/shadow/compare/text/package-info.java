/**
 * Lexical similarity of two texts, computed locally with no network: word tokenization, token cosine and ROUGE-L F1.
 * Pure static functions; every similarity is in [0, 1], symmetric, and 1 for identical token sequences.
 */
package dev.shadowpipeline.shadow.compare.text;
