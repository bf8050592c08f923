package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.exchange.BodyDigest;
import dev.shadowpipeline.shadow.memory.ByteBudget;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Captures a streamed body: keeps its first bytes, up to a limit and only as far as a shared {@link ByteBudget}
 * allows, and from the moment it keeps no more (or the body passes {@code digestFrom}), computes the size and SHA-256
 * of the whole body. Two bodies too large to keep are thereby still compared exactly, and memory stays bounded
 * whatever the upstream sends. Confined to one event loop.
 */
final class BodyCapture {

  private final int keepLimit;
  private final long digestFrom;
  private final ByteBudget budget;
  private final Buffer kept = Buffer.buffer();
  private long total;
  private long reserved;
  private boolean stopped;
  private boolean refused;
  private MessageDigest sha;
  private BodyDigest digest;

  /**
   * @param keepLimit most bytes kept in memory
   * @param digestFrom once the body is longer than this, its digest is computed (so a record can keep less than
   *     {@code keepLimit} and still identify the body)
   * @param budget where the kept bytes are reserved; released by {@link #release()}
   */
  BodyCapture(long keepLimit, long digestFrom, ByteBudget budget) {
    this.keepLimit = (int) Math.min(Integer.MAX_VALUE - 8, keepLimit);
    this.digestFrom = digestFrom;
    this.budget = budget;
  }

  /** A capture that keeps at most {@code limit} bytes and digests anything longer. */
  static BodyCapture upTo(long limit, ByteBudget budget) {
    return new BodyCapture(limit, limit, budget);
  }

  /**
   * Adds the next chunk of the body.
   *
   * @return {@code false} once the budget refused to keep bytes (the capture then keeps nothing more)
   */
  boolean add(Buffer chunk) {
    int length = chunk.length();
    total += length;
    int keep = 0;
    if (!stopped) {
      keep = Math.min(keepLimit - kept.length(), length);
      if (keep > 0) {
        if (budget.tryReserve(keep)) {
          reserved += keep;
          kept.appendBuffer(chunk, 0, keep);
        } else {
          refused = true;
          keep = 0;
        }
      }
      stopped = keep < length;
    }
    if (sha != null) {
      digest(chunk, 0, length);
    } else if (stopped || total > digestFrom) {
      startDigest(); // covers what is kept, this chunk's kept part included
      digest(chunk, keep, length);
    }
    return !refused;
  }

  // the digest always covers the body from its first byte: what is kept so far, then everything
  // after
  private void startDigest() {
    if (sha != null) {
      return;
    }
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
    sha.update(kept.getBytes());
  }

  private void digest(Buffer chunk, int from, int to) {
    if (to > from) {
      sha.update(chunk.getBytes(from, to));
    }
  }

  /** Every byte seen so far. */
  long total() {
    return total;
  }

  /** The kept bytes. */
  byte[] bytes() {
    return kept.getBytes();
  }

  /** The kept bytes themselves, e.g. to send them on; they must not be changed. */
  Buffer keptBuffer() {
    return kept;
  }

  /** The first {@code limit} kept bytes. */
  byte[] prefix(int limit) {
    byte[] all = kept.getBytes();
    return all.length <= limit ? all : Arrays.copyOf(all, limit);
  }

  /** Whether fewer bytes were kept than were seen. */
  boolean truncated() {
    return total > kept.length();
  }

  /** Whether the budget refused to keep bytes. */
  boolean refused() {
    return refused;
  }

  /** The whole body's size and SHA-256, or {@code null} when it was short enough to need none. Ends the digest. */
  BodyDigest digest() {
    if (sha == null) {
      return null;
    }
    if (digest == null) {
      digest = new BodyDigest(total, HexFormat.of().formatHex(sha.digest()));
    }
    return digest;
  }

  /** Bytes reserved in the budget. */
  long reserved() {
    return reserved;
  }

  /** Gives the reserved bytes back to the budget; the kept bytes must not be used for anything new afterwards. */
  void release() {
    budget.release(reserved);
    reserved = 0;
  }
}
