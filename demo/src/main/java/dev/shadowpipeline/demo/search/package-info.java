/**
 * The search-latency story of {@code shadow demo}: two search services on loopback over the same built-in corpus of
 * 200 help-center articles. Version 1 is a keyword ranker (BM25 over titles); version 2, the candidate, plays a vector
 * search — synonym-aware cosine similarity blended with popularity — whose top 10 mostly overlaps v1's but is reordered
 * or different on some queries, and which gets slower with every query term beyond three. Everything is
 * deterministic, latency included.
 */
package dev.shadowpipeline.demo.search;
