package dev.shadowpipeline.demo.chat;

/** How the candidate's answer to a built-in prompt relates to the production model's, by design. */
enum Agreement {
  /** Word for word the same answer. */
  IDENTICAL,
  /** The same facts and instructions in other words: synonyms, reordered clauses and sentences. */
  PARAPHRASED,
  /** A different substance: a wrong number or fact, a refusal, or an answer to another question. */
  DIFFERENT
}
