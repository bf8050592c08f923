/**
 * The pairwise judge: an OpenAI-compatible chat model asked which of two diverging answers serves the request better.
 *
 * <p>{@link dev.shadowpipeline.shadow.judge.JudgeFeeder} picks the pairs (a text or semantic difference at or above a
 * severity) on the record worker and hands them to {@link dev.shadowpipeline.shadow.judge.PairwiseJudge}, which queues
 * them (bounded in count and bytes, overflow skipped and counted), calls the judge on its own event loop with the two
 * answers in a seeded order, parses the verdict ({@link dev.shadowpipeline.shadow.judge.VerdictParser}), appends it
 * to {@code judgements.jsonl} through a bounded writer and folds it into a {@link
 * dev.shadowpipeline.shadow.judge.JudgeTally}. Nothing here is on a caller's path, and nothing the judge does wrong
 * becomes a verdict: timeouts, HTTP errors and unreadable answers are counted by kind.
 */
package dev.shadowpipeline.shadow.judge;
