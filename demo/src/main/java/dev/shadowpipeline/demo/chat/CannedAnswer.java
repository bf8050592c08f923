package dev.shadowpipeline.demo.chat;

import java.util.Objects;

/**
 * One built-in prompt with the answer each demo model gives to it.
 *
 * @param prompt the user's question
 * @param v1Answer what the large production model answers
 * @param v2Answer what the small candidate model answers
 * @param agreement how the two answers relate, by design
 */
record CannedAnswer(String prompt, String v1Answer, String v2Answer, Agreement agreement) {

  public CannedAnswer {
    Objects.requireNonNull(agreement, "agreement");
    requireText(prompt, "prompt");
    requireText(v1Answer, "v1Answer");
    requireText(v2Answer, "v2Answer");
    // the design is only honest if the label matches the text
    if ((agreement == Agreement.IDENTICAL) != v1Answer.equals(v2Answer)) {
      throw new IllegalArgumentException(
          "answers must be equal exactly when agreement is IDENTICAL: " + prompt);
    }
  }

  /** The answer the given model gives. */
  public String answerOf(ChatModel model) {
    return model == ChatModel.V1 ? v1Answer : v2Answer;
  }

  private static void requireText(String s, String name) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank: '" + s + "'");
    }
  }
}
