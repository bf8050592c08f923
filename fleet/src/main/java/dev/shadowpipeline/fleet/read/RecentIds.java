package dev.shadowpipeline.fleet.read;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The ids of the records seen last, to skip a record the topic holds twice (put there again by a tool, or sent twice
 * by a producer without idempotence). Bounded in count: the oldest id makes room for the newest, so memory stays under
 * about 150 bytes an id. Not thread-safe.
 */
public final class RecentIds {

  /** Ids kept by default: minutes of a busy fleet's records, about 15 MB. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private final int capacity;
  private final LinkedHashSet<String> ids = new LinkedHashSet<>();

  /**
   * @param capacity the most ids kept, at least 1
   */
  public RecentIds(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("must keep at least one id: " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Notes an id.
   *
   * @return false when it was seen already (a duplicate)
   */
  public boolean add(String id) {
    if (!ids.add(id)) {
      return false;
    }
    if (ids.size() > capacity) {
      Iterator<String> oldest = ids.iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  /** Ids kept now. */
  public int size() {
    return ids.size();
  }
}
