package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serial;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A SecureRandom that serves scripted reads, checking each read's size and order (as the vectors'
 * rngOrder).
 */
final class ScriptedRandom extends SecureRandom {
  @Serial private static final long serialVersionUID = 1L;
  private final transient Deque<byte[]> reads = new ArrayDeque<>();

  ScriptedRandom(byte[]... reads) {
    for (byte[] r : reads) {
      this.reads.add(r.clone());
    }
  }

  @Override
  public void nextBytes(byte[] bytes) {
    byte[] next = reads.poll();
    assertTrue(next != null, "unexpected extra random read of " + bytes.length + " bytes");
    assertEquals(next.length, bytes.length, "random read size");
    System.arraycopy(next, 0, bytes, 0, bytes.length);
  }

  void assertExhausted() {
    assertTrue(reads.isEmpty(), reads.size() + " scripted reads left over");
  }
}
