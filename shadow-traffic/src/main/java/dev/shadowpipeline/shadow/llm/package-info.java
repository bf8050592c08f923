/**
 * LLM answers: streaming latency measured where the answers arrive ({@link SseMeter} → {@link StreamTiming}: time to
 * first byte and first token, the gaps between tokens, malformed or truncated streams), token counts from the
 * answer's {@code usage} or an approximation ({@link LlmAnswer}), and their cost from a {@link PriceTable}. Pure: the
 * meter is fed bytes and monotonic times by whoever receives them (the proxy's event loop, the replay's reader).
 */
package dev.shadowpipeline.shadow.llm;
