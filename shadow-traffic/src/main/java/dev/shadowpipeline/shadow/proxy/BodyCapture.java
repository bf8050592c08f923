package dev.shadowpipeline.shadow.proxy;

import io.vertx.core.buffer.Buffer;

/** Keeps the first {@code limit} bytes of a streamed body and notes whether there were more. */
final class BodyCapture {

  private final int limit;
  private final Buffer bytes = Buffer.buffer();
  private boolean truncated;

  BodyCapture(long limit) {
    this.limit = (int) Math.min(Integer.MAX_VALUE - 8, limit);
  }

  void add(Buffer chunk) {
    int room = limit - bytes.length();
    if (chunk.length() <= room) {
      bytes.appendBuffer(chunk);
    } else {
      if (room > 0) {
        bytes.appendBuffer(chunk, 0, room);
      }
      truncated = true;
    }
  }

  byte[] bytes() {
    return bytes.getBytes();
  }

  boolean truncated() {
    return truncated;
  }
}
