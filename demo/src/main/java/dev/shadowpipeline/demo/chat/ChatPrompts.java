package dev.shadowpipeline.demo.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Demo chat traffic: prompts drawn uniformly, with replacement, from {@link ChatCatalog}, the same sequence for the
 * same seed. Over many requests about 30% are answered identically, 60% paraphrased and 10% differently.
 */
public final class ChatPrompts {

  /** The model the demo's client asks for; the servers ignore it and answer as themselves. */
  public static final String REQUESTED_MODEL = "gpt-4o";

  private final SplittableRandom random;

  public ChatPrompts(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The next built-in entry; its prompt is the question, its agreement what the comparison should find. */
  CannedAnswer nextEntry() {
    List<CannedAnswer> entries = ChatCatalog.entries();
    return entries.get(random.nextInt(entries.size()));
  }

  /** The next prompt. */
  public String next() {
    return nextEntry().prompt();
  }

  /** The JSON body of the next request to {@link ChatModelServer#PATH}. */
  public String nextBody() {
    return ChatModelServer.requestBody(REQUESTED_MODEL, next());
  }

  /** The JSON body of the next request, asking for the answer as a stream with its usage. */
  public String nextStreamBody() {
    return ChatModelServer.requestBody(REQUESTED_MODEL, next(), true);
  }

  /**
   * The first {@code n} request bodies for a seed.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public static List<String> bodies(long seed, int n) {
    return bodies(seed, n, false);
  }

  /**
   * The first {@code n} request bodies for a seed, every other one (the first, the third, …) asking for a stream
   * with its usage when {@code streams} is set — as a service's clients do, some streaming to a chat window, some not.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public static List<String> bodies(long seed, int n, boolean streams) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
    ChatPrompts prompts = new ChatPrompts(seed);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(streams && i % 2 == 0 ? prompts.nextStreamBody() : prompts.nextBody());
    }
    return out;
  }
}
