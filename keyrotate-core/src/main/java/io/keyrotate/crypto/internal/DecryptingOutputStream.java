package io.keyrotate.crypto.internal;

import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.DareDecryptOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decrypts a DARE stream written to it and writes the plaintext of each authenticated package to a sink.
 *
 * <p>{@link #close()} checks that the stream was complete (a DARE 2.0 stream must end with its final
 * package; sio's {@code DecryptWriter} does not check this). Rejections are thrown as unchecked {@code
 * IntegrityException} or {@code FormatException}; earlier packages may already have reached the sink, so
 * the caller must discard the sink's content on any exception.
 */
public final class DecryptingOutputStream extends OutputStream {
  private final OutputStream sink;
  private final DareDecoder decoder;
  private final byte[] chunk = new byte[Packages.MAX_PACKAGE];
  private final byte[] plain = new byte[Packages.MAX_PAYLOAD];
  private final byte[] one = new byte[1];
  private int have;
  private boolean closed;

  /**
   * Creates the stream.
   *
   * @param sink where plaintext goes
   * @param key 32-byte key (copied; the copy is wiped on close)
   * @param options accepted versions and ciphers, start sequence
   */
  public DecryptingOutputStream(OutputStream sink, SecretBytes key, DareDecryptOptions options) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.decoder = new DareDecoder(key, options, 0);
  }

  @Override
  public void write(int b) throws IOException {
    one[0] = (byte) b;
    write(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("DARE decrypting stream is closed");
    }
    while (len > 0) {
      if (decoder.isFinished()) {
        throw decoder.dataAfterFinal();
      }
      if (have == 0) {
        int need = decoder.chunkLength(b, off, Math.min(len, Packages.HEADER));
        if (need <= len && decoder.chunkLength(b, off, need) == need) {
          deliver(b, off, need); // a whole chunk in the caller's array: no copy
          off += need;
          len -= need;
          continue;
        }
      }
      int need = decoder.chunkLength(chunk, 0, have);
      int n = Math.min(len, need - have);
      System.arraycopy(b, off, chunk, have, n);
      have += n;
      off += n;
      len -= n;
      if (decoder.chunkLength(chunk, 0, have) == have) {
        deliver(chunk, 0, have);
        have = 0;
      }
    }
  }

  private void deliver(byte[] src, int off, int len) throws IOException {
    int n = decoder.open(src, off, len, plain, 0);
    sink.write(plain, 0, n);
  }

  /** Flushes the sink. */
  @Override
  public void flush() throws IOException {
    sink.flush();
  }

  /**
   * Decrypts the buffered last chunk, checks that the stream is complete, closes the sink and wipes the
   * key copy.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (have > 0) {
        deliver(chunk, 0, have);
        have = 0;
      }
      decoder.finish();
    } finally {
      decoder.close();
      Arrays.fill(plain, (byte) 0);
      sink.close();
    }
  }
}
