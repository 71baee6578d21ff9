package io.keyrotate.crypto;

import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.internal.DareKey;
import io.keyrotate.crypto.internal.RangeReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Random-access reads of plaintext from a stored DARE stream, with the results of sio's {@code
 * DecryptReaderAt.ReadAt}.
 *
 * <p>A read at plaintext offset {@code o} decrypts from package {@code ⌊o/65536⌋} (ciphertext offset
 * {@code ⌊o/65536⌋·65568}, sequence number {@code start + ⌊o/65536⌋}) and stops as soon as it has the
 * requested bytes, so it neither reads nor verifies the rest of the stream. As sio does for DARE 2.0, a
 * read starting exactly at a 64 KiB boundary also decrypts (and authenticates) the package before it, so
 * that an offset equal to the plaintext length is recognised as the end of the stream from that
 * package's final flag; a read that starts beyond the last package of the source throws the truncation
 * error, because the reader cannot tell a past-the-end offset from a truncated stream. When a read
 * reaches the final package it also checks that nothing follows it. DARE 1.0 streams (when accepted) are
 * assumed to use 64 KiB packages.
 *
 * <p>Thread-safe when the {@link Source} is: each call decodes independently. Holds a copy of the key
 * until {@link #close()}.
 */
public final class DareReaderAt implements AutoCloseable {
  /** Positional access to stored ciphertext. */
  @FunctionalInterface
  public interface Source {
    /**
     * Reads up to {@code len} bytes of ciphertext at {@code position}.
     *
     * @param position ciphertext offset
     * @param dst destination
     * @param off destination offset
     * @param len maximum count
     * @return bytes read (at least 1 when {@code len > 0}), or -1 at the end of the ciphertext
     * @throws IOException on I/O failure
     */
    int read(long position, byte[] dst, int off, int len) throws IOException;

    /**
     * A source over an array (not copied).
     *
     * @param ciphertext the stored stream
     * @return the source
     */
    static Source of(byte[] ciphertext) {
      return (position, dst, off, len) -> {
        if (position >= ciphertext.length) {
          return -1;
        }
        int n = (int) Math.min(len, ciphertext.length - position);
        System.arraycopy(ciphertext, (int) position, dst, off, n);
        return n;
      };
    }

    /**
     * A source over a file channel, using positional reads (the channel's position is not used).
     *
     * @param channel an open channel
     * @return the source
     */
    static Source of(FileChannel channel) {
      return (position, dst, off, len) -> channel.read(ByteBuffer.wrap(dst, off, len), position);
    }
  }

  private final RangeReader reader;

  private DareReaderAt(RangeReader reader) {
    this.reader = reader;
  }

  /**
   * Creates a reader.
   *
   * @param source the stored ciphertext; position 0 is the first package of the stream
   * @param key 32-byte key (copied; wiped on close)
   * @param options accepted versions and suites; the start sequence is that of the package at position
   *     0. Accepting both versions detects the version from byte 0 of the source.
   * @return the reader
   * @throws IllegalArgumentException when the key is not 32 bytes
   */
  public static DareReaderAt open(Source source, SecretBytes key, DareDecryptOptions options) {
    Objects.requireNonNull(source, "source");
    return new DareReaderAt(
        new RangeReader(
            source::read,
            DareKey.copyOf(key),
            Objects.requireNonNull(options, "options")));
  }

  /**
   * Reads plaintext starting at {@code offset} into {@code dst[off..off+len)}.
   *
   * @param offset plaintext offset, ≥ 0
   * @param dst destination
   * @param off destination start
   * @param len how many bytes to read
   * @return the number of bytes read, which is less than {@code len} only when the stream ends first;
   *     -1 when {@code offset} is at or past the end of the stream
   * @throws io.keyrotate.IntegrityException when a package needed for the read does not authenticate,
   *     or the stream ends without its final package
   * @throws io.keyrotate.FormatException when the framing is invalid
   * @throws IOException when the source fails
   */
  public int readAt(long offset, byte[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset);
    }
    return reader.readAt(offset, dst, off, len);
  }

  /** Wipes the key copy. */
  @Override
  public void close() {
    reader.close();
  }
}
