package dev.shadowpipeline.drift.data;

import java.util.Arrays;

/** A growable primitive {@code int} list: label row order, segment codes and label ids stay unboxed while read. */
final class IntBuffer {

  private int[] values = new int[1024];
  private int size;

  void add(int v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, values.length + (values.length >> 1));
    }
    values[size++] = v;
  }

  int size() {
    return size;
  }

  /** The values, trimmed to size; the buffer must not be used afterwards. */
  int[] toArray() {
    int[] out = values.length == size ? values : Arrays.copyOf(values, size);
    values = null;
    return out;
  }
}
