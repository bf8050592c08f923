package dev.shadowpipeline.shadow.judge;

/**
 * The judge's prompt: a template with three placeholders — {@code {prompt}} (the request's prompt text),
 * {@code {answer_a}} and {@code {answer_b}} (the two answers in the order shown) — filled in one pass, so that text in
 * an answer that looks like a placeholder stays as it is.
 */
public final class JudgePrompt {

  /** The request's prompt text. */
  public static final String PROMPT = "{prompt}";

  /** The answer shown first. */
  public static final String ANSWER_A = "{answer_a}";

  /** The answer shown second. */
  public static final String ANSWER_B = "{answer_b}";

  /**
   * The default template. It asks for a strict JSON verdict and says the order is not a criterion; the order is
   * randomized anyway (and with both orders judged, a verdict that follows the order becomes a tie).
   */
  public static final String DEFAULT =
      """
      You are an impartial judge. Two assistants answered the same request. Decide which answer serves \
      the request better: more correct, more helpful, more complete and clearer. Do not let the order of \
      the answers or their length decide. If they are equally good (or equally bad), say tie.

      [Request]
      <<<
      {prompt}
      >>>

      [Answer A]
      <<<
      {answer_a}
      >>>

      [Answer B]
      <<<
      {answer_b}
      >>>

      Reply with one JSON object and nothing else:
      {"winner": "A" or "B" or "tie", "reason": "one short sentence"}
      """;

  private JudgePrompt() {}

  /**
   * Checks a template.
   *
   * @throws IllegalArgumentException when it is blank or lacks {@code {answer_a}} or {@code {answer_b}}
   */
  static void check(String template) {
    if (template == null || template.isBlank()) {
      throw new IllegalArgumentException("judge prompt must not be empty");
    }
    if (!template.contains(ANSWER_A) || !template.contains(ANSWER_B)) {
      throw new IllegalArgumentException(
          "judge prompt must contain both " + ANSWER_A + " and " + ANSWER_B);
    }
  }

  /** The template with its placeholders filled, in one pass. */
  static String fill(String template, String prompt, String answerA, String answerB) {
    StringBuilder out =
        new StringBuilder(
            template.length() + prompt.length() + answerA.length() + answerB.length());
    int i = 0;
    while (i < template.length()) {
      if (template.startsWith(PROMPT, i)) {
        out.append(prompt);
        i += PROMPT.length();
      } else if (template.startsWith(ANSWER_A, i)) {
        out.append(answerA);
        i += ANSWER_A.length();
      } else if (template.startsWith(ANSWER_B, i)) {
        out.append(answerB);
        i += ANSWER_B.length();
      } else {
        out.append(template.charAt(i++));
      }
    }
    return out.toString();
  }
}
