package io.keyrotate.crypto.internal;

import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.DareDecryptOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a DARE stream from a source and hands out its plaintext, one authenticated package at a time.
 *
 * <p>A package's plaintext is released only after its tag verified; the final DARE 2.0 package only after
 * the source proved to end right after it. Rejections are thrown as unchecked {@code IntegrityException}
 * or {@code FormatException} and are terminal: every later read throws again.
 */
public final class DecryptingInputStream extends InputStream {
  private final InputStream source;
  private final DareDecoder decoder;
  private final Chunks.Reader reader;
  private final byte[] chunk = new byte[Packages.MAX_PACKAGE];
  // Only needed when a caller reads less than a package; large reads decrypt in place.
  private byte @Nullable [] plain;
  private final byte[] one = new byte[1];
  private int plainPos;
  private int plainLength;
  private boolean ended;
  private boolean closed;
  private boolean ioFailed;

  /**
   * Creates the stream.
   *
   * @param source ciphertext
   * @param key 32-byte key (copied; the copy is wiped on close)
   * @param options accepted versions and ciphers, start sequence
   */
  public DecryptingInputStream(InputStream source, SecretBytes key, DareDecryptOptions options) {
    this.source = Objects.requireNonNull(source, "source");
    this.reader = Chunks.of(source);
    this.decoder = new DareDecoder(key, options, 0);
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
      throw new IOException("DARE decrypting stream is closed");
    }
    if (ioFailed) {
      throw new IOException("DARE decrypting stream is unusable after an earlier I/O error");
    }
    if (len == 0) {
      return 0;
    }
    byte[] buffered = plain;
    if (buffered != null && plainPos < plainLength) {
      int n = Math.min(len, plainLength - plainPos);
      System.arraycopy(buffered, plainPos, b, off, n);
      plainPos += n;
      return n;
    }
    if (ended) {
      return -1;
    }
    try {
      int have = Chunks.read(decoder, reader, chunk);
      if (have == 0) {
        decoder.finish();
        ended = true;
        return -1;
      }
      int payload = have - Packages.OVERHEAD;
      if (payload > 0 && len >= payload) {
        // Decrypt straight into the caller's array; wiped again if anything below fails.
        int n = decoder.open(chunk, 0, have, b, off);
        try {
          checkEnd();
        } catch (IOException | RuntimeException e) {
          Arrays.fill(b, off, off + n, (byte) 0);
          throw e;
        }
        return n;
      }
      byte[] plain = this.plain;
      if (plain == null) {
        plain = new byte[Packages.MAX_PAYLOAD];
        this.plain = plain;
      }
      int n = decoder.open(chunk, 0, have, plain, 0);
      try {
        checkEnd();
      } catch (IOException | RuntimeException e) {
        Arrays.fill(plain, 0, n, (byte) 0);
        throw e;
      }
      plainLength = n;
      int c = Math.min(len, n);
      System.arraycopy(plain, 0, b, off, c);
      plainPos = c;
      return c;
    } catch (IOException e) {
      ioFailed = true;
      throw e;
    }
  }

  /** After a final 2.0 package, the source must end. */
  private void checkEnd() throws IOException {
    if (decoder.isFinished()) {
      if (source.read() >= 0) {
        throw decoder.dataAfterFinal();
      }
      ended = true;
    }
  }

  @Override
  public int available() {
    return plainLength - plainPos;
  }

  /** Closes the source and wipes the key copy and buffered plaintext. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      source.close();
    } finally {
      decoder.close();
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }
}
