package io.keyrotate.crypto.internal;

import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.DareEncryptOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Encrypts what is written to it as one DARE 2.0 stream into a sink. The last package can only be sealed
 * once the stream is known to end, so {@link #flush()} cannot push out the last (up to 64 KiB) buffered
 * bytes; {@link #close()} seals them as the final package and closes the sink.
 */
public final class EncryptingOutputStream extends OutputStream {
  private final OutputStream sink;
  private final Dare2Sealer sealer;
  private final byte[] pending = new byte[Packages.MAX_PAYLOAD];
  private final byte[] sealed = new byte[Packages.MAX_PACKAGE];
  private final byte[] one = new byte[1];
  private int pendingLength;
  private boolean closed;
  private boolean broken;

  /**
   * Creates the stream.
   *
   * @param sink where ciphertext goes
   * @param key 32-byte key (copied; the copy is wiped on close)
   * @param options suite, start sequence, nonce
   */
  public EncryptingOutputStream(OutputStream sink, SecretBytes key, DareEncryptOptions options) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.sealer = new Dare2Sealer(key, options);
  }

  @Override
  public void write(int b) throws IOException {
    one[0] = (byte) b;
    write(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    while (len > 0) {
      if (pendingLength == Packages.MAX_PAYLOAD) {
        // More bytes follow, so the buffered 64 KiB are not the last package.
        emit(pending, 0, Packages.MAX_PAYLOAD, false);
        pendingLength = 0;
      }
      if (pendingLength == 0 && len > Packages.MAX_PAYLOAD) {
        emit(b, off, Packages.MAX_PAYLOAD, false); // straight from the caller's array
        off += Packages.MAX_PAYLOAD;
        len -= Packages.MAX_PAYLOAD;
        continue;
      }
      int n = Math.min(len, Packages.MAX_PAYLOAD - pendingLength);
      System.arraycopy(b, off, pending, pendingLength, n);
      pendingLength += n;
      off += n;
      len -= n;
    }
  }

  private void emit(byte[] src, int off, int len, boolean last) throws IOException {
    int n = sealer.seal(src, off, len, last, sealed, 0);
    broken = true; // a package sealed but not written would leave a gap in the sequence
    sink.write(sealed, 0, n);
    broken = false;
  }

  /** Flushes the sink; the buffered last package is written only by {@link #close()}. */
  @Override
  public void flush() throws IOException {
    ensureOpen();
    sink.flush();
  }

  /** Seals the final package, closes the sink and wipes the key copy. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (broken) {
        throw new IOException("DARE encrypting stream is unusable after an earlier write failure");
      }
      if (pendingLength > 0) {
        emit(pending, 0, pendingLength, true);
      }
    } finally {
      // The key copy is wiped; the buffer holds only a copy of the caller's own plaintext, and
      // wiping it would cost as much as encrypting the last package's worth of memory traffic.
      sealer.close();
      sink.close();
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("DARE encrypting stream is closed");
    }
    if (broken) {
      throw new IOException("DARE encrypting stream is unusable after an earlier write failure");
    }
  }
}
