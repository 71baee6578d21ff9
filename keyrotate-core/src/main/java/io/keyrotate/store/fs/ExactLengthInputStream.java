package io.keyrotate.store.fs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes through exactly {@code length} bytes and then checks the source is exhausted, so a caller's
 * size and its stream can never silently disagree.
 */
final class ExactLengthInputStream extends FilterInputStream {
  /** The stream had fewer or more bytes than promised. */
  static final class LengthMismatch extends IOException {
    private static final long serialVersionUID = 1L;

    LengthMismatch(String message) {
      super(message);
    }
  }

  private long remaining;
  private final long length;

  ExactLengthInputStream(InputStream in, long length) {
    super(in);
    this.length = length;
    this.remaining = length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (remaining == 0) {
      if (in.read() != -1) {
        throw new LengthMismatch("the data has more than the declared " + length + " bytes");
      }
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new LengthMismatch(
          "the data ended after " + (length - remaining) + " of the declared " + length + " bytes");
    }
    remaining -= n;
    return n;
  }

  @Override
  public long skip(long n) {
    throw new UnsupportedOperationException("skip");
  }

  @Override
  public void close() {
    // The caller owns the source stream.
  }
}
