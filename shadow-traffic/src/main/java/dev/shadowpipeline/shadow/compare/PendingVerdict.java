package dev.shadowpipeline.shadow.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A verdict that may still be waiting for a comparator that works on a thread of its own (the semantic one, whose
 * model runs behind a queue). Most verdicts are {@linkplain #done done} at once; a pending one completes on the
 * slow comparator's thread, always within that comparator's own bound ({@link ResponseComparator#longestDelay()}),
 * or at once when {@link #giveUp()} is called. Whoever waits for it is told through {@link #whenDone}, so nothing
 * needs to block.
 *
 * <p>The verdict is the one the synchronous {@link ResponseComparator#compare} would have given for the same
 * outcome of the slow part: {@link #combine} merges parts exactly as {@link Verdict#combine} does.
 */
public final class PendingVerdict {

  private final CompletableFuture<Verdict> future;
  private final List<Runnable> giveUps;

  private PendingVerdict(CompletableFuture<Verdict> future, List<Runnable> giveUps) {
    this.future = future;
    this.giveUps = List.copyOf(giveUps);
  }

  /** A verdict known now. */
  public static PendingVerdict done(Verdict verdict) {
    return new PendingVerdict(
        CompletableFuture.completedFuture(Objects.requireNonNull(verdict, "verdict")), List.of());
  }

  /**
   * A verdict that comes later.
   *
   * @param future completes with the verdict, within the comparator's bound
   * @param giveUp completes {@code future} at once with the verdict that has no slow part (e.g. the similarity
   *     {@code unmeasured}), on the calling thread; does nothing when it already completed
   */
  public static PendingVerdict later(CompletableFuture<Verdict> future, Runnable giveUp) {
    Objects.requireNonNull(future, "future");
    Objects.requireNonNull(giveUp, "giveUp");
    return future.isDone()
        ? new PendingVerdict(future, List.of())
        : new PendingVerdict(future, List.of(giveUp));
  }

  /**
   * The verdicts of several comparators on one pair, combined as {@link Verdict#combine} combines them, in this
   * order; done when every part is.
   */
  public static PendingVerdict combine(List<PendingVerdict> parts, int maxListed) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    List<Runnable> giveUps = new ArrayList<>();
    boolean allDone = true;
    CompletableFuture<?>[] futures = new CompletableFuture<?>[parts.size()];
    for (int i = 0; i < futures.length; i++) {
      PendingVerdict p = parts.get(i);
      futures[i] = p.future;
      allDone &= p.isDone();
      giveUps.addAll(p.giveUps);
    }
    if (allDone) {
      return done(Verdict.combine(joined(parts), maxListed));
    }
    List<PendingVerdict> copy = List.copyOf(parts);
    return new PendingVerdict(
        CompletableFuture.allOf(futures).thenApply(v -> Verdict.combine(joined(copy), maxListed)),
        giveUps);
  }

  private static List<Verdict> joined(List<PendingVerdict> parts) {
    List<Verdict> out = new ArrayList<>(parts.size());
    for (PendingVerdict p : parts) {
      out.add(p.future.join());
    }
    return out;
  }

  /** Whether the verdict is known. */
  public boolean isDone() {
    return future.isDone();
  }

  /**
   * The verdict, once {@link #isDone()}.
   *
   * @throws IllegalStateException while it is still pending
   * @throws java.util.concurrent.CompletionException when a comparator failed (a bug)
   */
  public Verdict verdict() {
    if (!future.isDone()) {
      throw new IllegalStateException("the verdict is still pending");
    }
    return future.join();
  }

  /**
   * Waits until the verdict is known (then {@link #verdict()} gives it): for offline work (replay), never on a
   * caller's path or an event loop. The slow comparator's own bound keeps the wait finite.
   */
  public void await() {
    future.handle((v, e) -> null).join();
  }

  /**
   * Runs {@code action} once the verdict is known (at once, on this thread, when it already is; else on the thread
   * that completes it, which may be the slow comparator's: the action must be short and must not block).
   */
  public void whenDone(Runnable action) {
    Objects.requireNonNull(action, "action");
    // the action only hands the pair on; its own failure has nowhere better to go than this stage
    var unused = future.whenComplete((v, e) -> action.run());
  }

  /**
   * Stops waiting: every part still pending completes at once, on this thread, with its slow measurement recorded as
   * not taken. A verdict already known is unchanged.
   */
  public void giveUp() {
    for (Runnable r : giveUps) {
      r.run();
    }
  }
}
