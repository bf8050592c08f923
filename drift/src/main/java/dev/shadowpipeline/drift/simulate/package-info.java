/**
 * Synthetic reference and current data with controlled drift, deterministic for a seed: the seed project's scenario
 * ({@code age}, {@code salary}, {@code clicks}) for demos, tests and benchmarks.
 */
package dev.shadowpipeline.drift.simulate;
