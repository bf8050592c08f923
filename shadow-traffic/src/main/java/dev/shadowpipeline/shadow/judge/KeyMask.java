package dev.shadowpipeline.shadow.judge;

/**
 * Hides the judge's API key in the text its answers bring back (the reason), before it is kept or written: a judge
 * model may repeat what it was sent, and {@code judgements.jsonl} and the report are shared more widely than the key.
 * Every occurrence of a key of at least {@value #MIN_KEY_CHARS} characters becomes {@value #MASK}; a shorter key is
 * left alone, as masking it would rewrite ordinary words of the reason (API keys are far longer).
 */
final class KeyMask {

  /** The shortest key masked. */
  static final int MIN_KEY_CHARS = 8;

  /** What a key is replaced with. */
  static final String MASK = "****";

  private final String key;

  /** @param key the key sent to the judge, or {@code null} */
  KeyMask(String key) {
    this.key = key != null && key.length() >= MIN_KEY_CHARS ? key : null;
  }

  /** The text without the key. */
  String apply(String text) {
    return key == null || text == null ? text : text.replace(key, MASK);
  }
}
