package dev.shadowpipeline.drift.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the bytes read through it, for progress over a file of known size. */
final class CountingInputStream extends FilterInputStream {

  private final AtomicLong count =
      new AtomicLong(); // written by the reading thread, read by a progress thread

  CountingInputStream(InputStream in) {
    super(in);
  }

  long count() {
    return count.get();
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count.incrementAndGet();
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count.addAndGet(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count.addAndGet(skipped);
    return skipped;
  }
}
