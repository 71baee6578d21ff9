package io.keyrotate.crypto.internal;

import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.DareEncryptOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads plaintext from a source and hands out one DARE 2.0 stream. Reads one byte ahead of each full
 * package to know whether it is the final one.
 */
public final class EncryptingInputStream extends InputStream {
  private final InputStream source;
  private final Dare2Sealer sealer;
  private final byte[] plain = new byte[Packages.MAX_PAYLOAD + 1];
  private final byte[] sealed = new byte[Packages.MAX_PACKAGE];
  private final byte[] one = new byte[1];
  private int plainLength;
  private int sealedPos;
  private int sealedLength;
  private boolean sourceEnded;
  private boolean done;
  private boolean closed;

  /**
   * Creates the stream.
   *
   * @param source plaintext
   * @param key 32-byte key (copied; the copy is wiped on close)
   * @param options suite, start sequence, nonce
   */
  public EncryptingInputStream(InputStream source, SecretBytes key, DareEncryptOptions options) {
    this.source = Objects.requireNonNull(source, "source");
    this.sealer = new Dare2Sealer(key, options);
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("DARE encrypting stream is closed");
    }
    if (len == 0) {
      return 0;
    }
    if (sealedPos < sealedLength) {
      int n = Math.min(len, sealedLength - sealedPos);
      System.arraycopy(sealed, sealedPos, b, off, n);
      sealedPos += n;
      return n;
    }
    if (done) {
      return -1;
    }
    while (!sourceEnded && plainLength < plain.length) {
      int r = source.read(plain, plainLength, plain.length - plainLength);
      if (r < 0) {
        sourceEnded = true;
      } else {
        plainLength += r;
      }
    }
    if (plainLength == 0) {
      done = true;
      return -1;
    }
    boolean last = sourceEnded;
    int payload = last ? plainLength : Packages.MAX_PAYLOAD;
    int n;
    if (len >= payload + Packages.OVERHEAD) {
      n = sealer.seal(plain, 0, payload, last, b, off); // straight into the caller's array
    } else {
      sealedLength = sealer.seal(plain, 0, payload, last, sealed, 0);
      n = Math.min(len, sealedLength);
      System.arraycopy(sealed, 0, b, off, n);
      sealedPos = n;
    }
    if (last) {
      done = true;
      plainLength = 0;
    } else {
      plain[0] = plain[Packages.MAX_PAYLOAD]; // the look-ahead byte starts the next package
      plainLength = 1;
    }
    return n;
  }

  @Override
  public int available() {
    return sealedLength - sealedPos;
  }

  /** Closes the source and wipes the key copy and buffers. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      source.close();
    } finally {
      sealer.close();
      Arrays.fill(plain, (byte) 0);
    }
  }
}
