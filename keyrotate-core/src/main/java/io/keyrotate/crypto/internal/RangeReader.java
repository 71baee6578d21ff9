package io.keyrotate.crypto.internal;

import io.keyrotate.crypto.DareDecryptOptions;
import io.keyrotate.crypto.DareVersion;
import java.io.IOException;
import java.util.Arrays;

/** sio's {@code DecryptReaderAt.ReadAt} arithmetic over a positional ciphertext source. */
public final class RangeReader {
  /** Reads ciphertext at a position; returns the count or -1 at the end. */
  @FunctionalInterface
  public interface Source {
    /**
     * Reads up to {@code len} bytes at {@code position}.
     *
     * @param position ciphertext offset
     * @param b destination
     * @param off destination offset
     * @param len maximum count
     * @return bytes read, or -1 at the end of the ciphertext
     * @throws IOException on I/O failure
     */
    int read(long position, byte[] b, int off, int len) throws IOException;
  }

  private static final long MAX_PACKAGE_INDEX = 0xFFFFFFFFL - 1;

  private final Source source;
  private final DareKey key;
  private final DareDecryptOptions options;
  private volatile int version; // 0 until known (auto-detection reads byte 0 once)

  /**
   * Creates a reader.
   *
   * @param source ciphertext
   * @param key key (owned; wiped by {@link #close()})
   * @param options accepted versions and ciphers; the start sequence of the stream at position 0
   */
  public RangeReader(Source source, DareKey key, DareDecryptOptions options) {
    this.source = source;
    this.key = key;
    this.options = options;
    boolean v1 = options.versions().contains(DareVersion.V1_0);
    boolean v2 = options.versions().contains(DareVersion.V2_0);
    this.version = v1 && v2 ? 0 : v1 ? Packages.V10 : Packages.V20;
  }

  /**
   * Reads plaintext at {@code offset}; see {@code DareReaderAt#readAt}.
   *
   * @return bytes read (less than {@code len} only at the end of the stream), or -1 at the end
   */
  public int readAt(long offset, byte[] dst, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int v = version;
    if (v == 0) {
      byte[] first = new byte[1];
      if (readFully(0, first, 1) == 0) {
        return -1; // an empty source is an empty stream when 1.0 is accepted
      }
      try (DareDecoder probe = new DareDecoder(key, false, options, 0)) {
        probe.detectVersion(first[0] & 0xff);
      }
      v = first[0] & 0xff;
      version = v;
    }
    long index = offset / Packages.MAX_PAYLOAD;
    long skip = offset % Packages.MAX_PAYLOAD;
    if (v == Packages.V20 && offset > 0 && skip == 0) {
      // As sio: start one package earlier to see its final flag, so that an offset equal to the
      // plaintext length at a 64 KiB boundary is a clean end of stream.
      index--;
      skip = Packages.MAX_PAYLOAD;
    }
    if (index > MAX_PACKAGE_INDEX) {
      throw new IllegalArgumentException("offset " + offset + " is beyond the largest DARE stream");
    }
    long position = index * Packages.MAX_PACKAGE;
    byte[] chunk = new byte[Packages.MAX_PACKAGE];
    byte[] plain = new byte[Packages.MAX_PAYLOAD];
    int n = 0;
    try (DareDecoder decoder = new DareDecoder(key, false, options, index)) {
      decoder.detectVersion(v);
      while (n < len) {
        final long at = position;
        // Chunks.read fills chunk[o..) with the bytes at ciphertext position at + o.
        int have = Chunks.read(decoder, (b, o, l) -> source.read(at + o, b, o, l), chunk);
        if (have == 0) {
          decoder.finish();
          break;
        }
        int payload = decoder.open(chunk, 0, have, plain, 0);
        position += have;
        int from = (int) Math.min(skip, payload);
        skip -= from;
        int c = Math.min(payload - from, len - n);
        System.arraycopy(plain, from, dst, off + n, c);
        n += c;
        if (decoder.isFinished()) {
          if (readFully(position, chunk, 1) > 0) {
            Arrays.fill(dst, off, off + n, (byte) 0);
            throw decoder.dataAfterFinal();
          }
          break;
        }
      }
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
    return n == 0 ? -1 : n;
  }

  /** Reads until {@code len} bytes or the end of the source. */
  private int readFully(long at, byte[] b, int len) throws IOException {
    int n = 0;
    while (n < len) {
      int r = source.read(at + n, b, n, len - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }

  /** Wipes the key copy. */
  public void close() {
    key.close();
  }
}
