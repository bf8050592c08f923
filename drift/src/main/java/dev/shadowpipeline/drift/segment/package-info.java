/**
 * Drift per segment ({@code --segment-by}): the rows of both datasets split by the value of one column (region,
 * channel), the largest segments compared one by one with the same engine and options as the whole, the rest grouped
 * as "other"; one-sided and too-small segments are reported as untestable, never as healthy.
 */
package dev.shadowpipeline.drift.segment;
