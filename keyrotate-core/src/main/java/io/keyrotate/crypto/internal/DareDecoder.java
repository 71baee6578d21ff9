package io.keyrotate.crypto.internal;

import io.keyrotate.KeyRotateException;
import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.CipherSuite;
import io.keyrotate.crypto.DareDecryptOptions;
import io.keyrotate.crypto.DareVersion;
import org.jspecify.annotations.Nullable;

/**
 * The DARE acceptance rules (dare.md §4.7 for 2.0, §5.3 for 1.0), independent of where bytes come from.
 *
 * <p>A front end cuts the input into chunks with {@link #chunkLength} (65568 bytes for 2.0, header-driven
 * for 1.0; a chunk is shorter only at the end of the input), hands each chunk to {@link #open}, and calls
 * {@link #finish()} at the end of the input. The first failure is terminal: every later call throws an
 * equal exception (a new instance, so that try-with-resources can attach it as suppressed), so a caller
 * that ignores one error cannot read past it.
 *
 * <p>Unlike sio, a 2.0 stream without a final package is always rejected, and no error is forgotten.
 *
 * <p>Not thread-safe; one decoder per stream.
 */
public final class DareDecoder implements AutoCloseable {
  private static final long MAX_PACKAGES = 1L << 32;

  private final DareKey key;
  private final boolean ownsKey;
  private final boolean acceptV1;
  private final boolean acceptV2;
  private final boolean acceptAes;
  private final boolean acceptChacha;
  private final boolean allowEmpty;
  private final byte[] nonce = new byte[Packages.NONCE];
  private final byte[] reference = new byte[Packages.NONCE];

  private int version; // 0 until known
  private int referenceCipher = -1;
  private int seq;
  private long packages;
  private boolean finalSeen;
  private @Nullable Reject failure;
  private long failedAt;

  /**
   * Creates a decoder holding a private copy of {@code key}.
   *
   * @param key 32-byte key (copied)
   * @param options accepted versions and ciphers, first sequence number
   * @param sequenceOffset added (mod 2^32) to the options' start sequence, for range reads
   */
  public DareDecoder(SecretBytes key, DareDecryptOptions options, long sequenceOffset) {
    this(DareKey.copyOf(key), true, options, sequenceOffset);
  }

  /**
   * Creates a decoder over a shared key.
   *
   * @param key the key
   * @param ownsKey whether {@link #close()} wipes the key
   * @param options accepted versions and ciphers, first sequence number
   * @param sequenceOffset added (mod 2^32) to the options' start sequence, for range reads
   */
  public DareDecoder(
      DareKey key, boolean ownsKey, DareDecryptOptions options, long sequenceOffset) {
    this.key = key;
    this.ownsKey = ownsKey;
    this.acceptV1 = options.versions().contains(DareVersion.V1_0);
    this.acceptV2 = options.versions().contains(DareVersion.V2_0);
    this.acceptAes = options.ciphers().contains(CipherSuite.AES_256_GCM);
    this.acceptChacha = options.ciphers().contains(CipherSuite.CHACHA20_POLY1305);
    // Only a whole stream may be empty; nothing at package k > 0 of a range read is a truncation.
    this.allowEmpty = options.allowEmpty() && sequenceOffset == 0;
    this.seq = (int) (options.startSequence() + sequenceOffset);
    if (acceptV1 != acceptV2) {
      version = acceptV1 ? Packages.V10 : Packages.V20;
    }
  }

  /**
   * Fixes the version when both are accepted, as if {@code firstByte} were byte 0 of the stream.
   * Used by range reads that start in the middle of a stream.
   *
   * @param firstByte byte 0 of the stream
   */
  public void detectVersion(int firstByte) {
    if (version == 0) {
      version = detect(firstByte);
    }
  }

  /**
   * How long the next chunk is, given its first {@code have} bytes.
   *
   * @param buf chunk bytes
   * @param off chunk start
   * @param have bytes available so far (0 at the start of a chunk)
   * @return the full chunk length; equal to {@code have} when the chunk is complete. A front end reads
   *     until it has that many bytes or the input ends.
   */
  public int chunkLength(byte[] buf, int off, int have) {
    if (version == 0 && have >= 1 && failure == null) {
      int b = buf[off] & 0xff;
      if (b == Packages.V10 || b == Packages.V20) {
        version = b;
      } else {
        return have; // unknown version: open() reports it on whatever we have
      }
    }
    if (version == Packages.V20) {
      return Packages.MAX_PACKAGE;
    }
    if (have < Packages.HEADER) {
      return Packages.HEADER;
    }
    return Packages.OVERHEAD + Packages.payloadLength(buf, off);
  }

  private int detect(int firstByte) {
    if (firstByte == Packages.V10 || firstByte == Packages.V20) {
      return firstByte;
    }
    throw fail(Reject.UNSUPPORTED_VERSION, null);
  }

  /**
   * Whether a DARE 2.0 final package was accepted; any further byte is an extension.
   *
   * @return {@code true} after the final package
   */
  public boolean isFinished() {
    return finalSeen;
  }

  /**
   * The number of packages accepted so far.
   *
   * @return the count
   */
  public long packages() {
    return packages;
  }

  /**
   * Checks one chunk and, when it authenticates, writes its plaintext to {@code dst}.
   *
   * @param buf chunk bytes
   * @param off chunk start
   * @param len chunk length (as cut by {@link #chunkLength}; shorter only at the end of the input)
   * @param dst plaintext destination; it must have room for {@code len - 32} bytes
   * @param dstOff where the plaintext goes
   * @return the plaintext length, 1..65536
   * @throws KeyRotateException an {@code IntegrityException} or {@code FormatException}; nothing of
   *     this chunk is left in {@code dst}
   */
  public int open(byte[] buf, int off, int len, byte[] dst, int dstOff) {
    if (failure != null) {
      throw failure.exception(failedAt, null); // a new instance: callers may add it as suppressed
    }
    if (version == 0) {
      if (len < 1) {
        throw fail(Reject.INVALID_PAYLOAD_SIZE, null);
      }
      version = detect(buf[off] & 0xff);
    }
    return version == Packages.V20
        ? openV20(buf, off, len, dst, dstOff)
        : openV10(buf, off, len, dst, dstOff);
  }

  private int openV20(byte[] buf, int off, int len, byte[] dst, int dstOff) {
    if (finalSeen) {
      throw fail(Reject.DATA_AFTER_FINAL, null);
    }
    if (len <= Packages.OVERHEAD) {
      throw fail(Reject.INVALID_PAYLOAD_SIZE, null);
    }
    if (referenceCipher < 0) {
      System.arraycopy(buf, off + 4, reference, 0, Packages.NONCE);
      referenceCipher = buf[off + 1] & 0xff;
    }
    if ((buf[off] & 0xff) != Packages.V20) {
      throw fail(Reject.UNSUPPORTED_VERSION, null);
    }
    int cipherId = buf[off + 1] & 0xff;
    CipherSuite suite = acceptedSuite(cipherId);
    if (cipherId != referenceCipher) {
      throw fail(Reject.UNSUPPORTED_CIPHER_SUITE, null);
    }
    int payload = Packages.payloadLength(buf, off);
    if (Packages.OVERHEAD + payload != len) {
      throw fail(Reject.INVALID_PAYLOAD_SIZE, null);
    }
    boolean last = (buf[off + 4] & Packages.FINAL_FLAG) != 0;
    if (!last && payload != Packages.MAX_PAYLOAD) {
      throw fail(Reject.INVALID_PAYLOAD_SIZE, null);
    }
    int expectedFirst = (reference[0] | (last ? Packages.FINAL_FLAG : 0)) & 0xff;
    if (!Packages.nonceEquals(buf, off, reference, expectedFirst)) {
      throw fail(Reject.HEADER_NONCE_MISMATCH, null);
    }
    if (packages == MAX_PACKAGES) {
      throw fail(Reject.TOO_MANY_PACKAGES, null);
    }
    Packages.nonceV20(buf, off, seq, nonce);
    if (!Packages.open(suite, key.forSuite(suite), nonce, buf, off, len, dst, dstOff)) {
      throw fail(Reject.AUTHENTICATION_FAILED, null);
    }
    seq++;
    packages++;
    finalSeen = last;
    return payload;
  }

  private int openV10(byte[] buf, int off, int len, byte[] dst, int dstOff) {
    if (len < Packages.HEADER) {
      throw fail(Reject.INVALID_PAYLOAD_SIZE, null);
    }
    int payload = Packages.payloadLength(buf, off);
    if (Packages.OVERHEAD + payload != len) {
      throw fail(Reject.INVALID_PAYLOAD_SIZE, null);
    }
    if ((buf[off] & 0xff) != Packages.V10) {
      throw fail(Reject.UNSUPPORTED_VERSION, null);
    }
    CipherSuite suite = acceptedSuite(buf[off + 1] & 0xff);
    int stored =
        (buf[off + 4] & 0xff)
            | (buf[off + 5] & 0xff) << 8
            | (buf[off + 6] & 0xff) << 16
            | (buf[off + 7] & 0xff) << 24;
    if (stored != seq) {
      throw fail(Reject.SEQUENCE_MISMATCH, null);
    }
    if (packages == MAX_PACKAGES) {
      throw fail(Reject.TOO_MANY_PACKAGES, null);
    }
    System.arraycopy(buf, off + 4, nonce, 0, Packages.NONCE);
    if (!Packages.open(suite, key.forSuite(suite), nonce, buf, off, len, dst, dstOff)) {
      throw fail(Reject.AUTHENTICATION_FAILED, null);
    }
    seq++;
    packages++;
    return payload;
  }

  private CipherSuite acceptedSuite(int cipherId) {
    if (cipherId == CipherSuite.AES_256_GCM.id() && acceptAes) {
      return CipherSuite.AES_256_GCM;
    }
    if (cipherId == CipherSuite.CHACHA20_POLY1305.id() && acceptChacha) {
      return CipherSuite.CHACHA20_POLY1305;
    }
    throw fail(Reject.UNSUPPORTED_CIPHER_SUITE, null);
  }

  /** Reports bytes after an accepted DARE 2.0 final package. */
  public KeyRotateException dataAfterFinal() {
    return fail(Reject.DATA_AFTER_FINAL, null);
  }

  /**
   * Checks the end of the input: a DARE 2.0 stream must have ended with its final package.
   *
   * @throws KeyRotateException when the stream is truncated or an earlier error occurred
   */
  public void finish() {
    if (failure != null) {
      throw failure.exception(failedAt, null); // a new instance: callers may add it as suppressed
    }
    if (finalSeen || (packages == 0 && allowEmpty) || version == Packages.V10) {
      return;
    }
    throw fail(Reject.UNEXPECTED_EOF, null);
  }

  private KeyRotateException fail(Reject reason, @Nullable Throwable cause) {
    failedAt = reason == Reject.UNEXPECTED_EOF ? -1 : packages;
    failure = reason;
    return reason.exception(failedAt, cause);
  }

  /** Wipes the key copy when this decoder owns it. */
  @Override
  public void close() {
    if (ownsKey) {
      key.close();
    }
  }
}
