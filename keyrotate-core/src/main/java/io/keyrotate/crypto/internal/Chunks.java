package io.keyrotate.crypto.internal;

import java.io.IOException;
import java.io.InputStream;

/** Cuts input into the chunks a {@link DareDecoder} expects. */
final class Chunks {
  private Chunks() {}

  /** Reads from some source into {@code b}; returns the count, or -1 at the end of the input. */
  @FunctionalInterface
  interface Reader {
    int read(byte[] b, int off, int len) throws IOException;
  }

  /**
   * Reads the next chunk into {@code buf[0..)}.
   *
   * @return the chunk length; shorter than the decoder asked for only at the end of the input; 0 when the
   *     input ended before the chunk
   */
  static int read(DareDecoder decoder, Reader in, byte[] buf) throws IOException {
    int have = 0;
    int need = decoder.chunkLength(buf, 0, 0);
    while (true) {
      while (have < need) {
        int r = in.read(buf, have, need - have);
        if (r < 0) {
          return have;
        }
        have += r;
      }
      int next = decoder.chunkLength(buf, 0, have);
      if (next <= have) {
        return have;
      }
      need = next;
    }
  }

  /**
   * The length of the chunk starting at {@code buf[off]} when {@code avail} bytes are present.
   *
   * @return 1..avail
   */
  static int length(DareDecoder decoder, byte[] buf, int off, int avail) {
    int need = decoder.chunkLength(buf, off, 0);
    while (true) {
      int have = Math.min(avail, need);
      if (have < need) {
        return have;
      }
      int next = decoder.chunkLength(buf, off, have);
      if (next <= have) {
        return have;
      }
      need = next;
    }
  }

  static Reader of(InputStream in) {
    return in::read;
  }
}
