package dev.shadowpipeline.drift.data;

import java.util.Arrays;

/** A growable primitive {@code double} list: values stay unboxed while a column is read. */
final class DoubleBuffer {

  private double[] values = new double[1024];
  private int size;

  void add(double v) {
    if (size == values.length) {
      // grow by half, not double: at 1M rows x 20 columns the spare capacity is what decides peak
      // heap
      values = Arrays.copyOf(values, values.length + (values.length >> 1));
    }
    values[size++] = v;
  }

  int size() {
    return size;
  }

  /** The values, trimmed to size; the buffer must not be used afterwards. */
  double[] toArray() {
    double[] out = values.length == size ? values : Arrays.copyOf(values, size);
    values = null;
    return out;
  }
}
