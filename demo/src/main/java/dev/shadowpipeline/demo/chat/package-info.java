/**
 * The LLM cost-reduction story of {@code shadow demo}: two OpenAI-compatible chat-completion services on loopback, a
 * large production model and a smaller, faster candidate, whose answers to a built-in set of banking support prompts
 * agree word for word on some, say the same thing in other words on most, and say something else on a few — the
 * divergences a text comparator must tell apart. Everything is deterministic except the per-call {@code id} and
 * {@code created} fields, as with the real API.
 */
package dev.shadowpipeline.demo.chat;
