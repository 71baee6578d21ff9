package io.keyrotate.crypto;

import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.internal.DareDecoder;
import io.keyrotate.crypto.internal.DareKey;
import io.keyrotate.crypto.internal.Dare2Sealer;
import io.keyrotate.crypto.internal.Packages;
import io.keyrotate.crypto.internal.Reject;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Seals and opens a single DARE 2.0 package of at most 64 KiB, into caller-owned buffers, without the
 * stream machinery.
 *
 * <p>MinIO stores its sealed object keys (a 32-byte key → one 64-byte final package) and sealed ETags (a
 * 16-byte MD5 → 48 bytes) as one-package DARE 2.0 streams; a final package sealed here at sequence 0 is
 * exactly such a stream, and {@link #open} with {@code finalPackage = true} and sequence 0 reads one
 * written by MinIO. Package {@code k} of a longer stream is sealed with sequence {@code start + k} and
 * {@code finalPackage} set only on the last; every non-final package must carry exactly 65536 bytes.
 *
 * <p>Layout: {@code 0x20 ‖ suite id ‖ LE16(len − 1) ‖ nonce (bit 7 of byte 0 = final flag) ‖ ciphertext
 * ‖ 16-byte tag}; AEAD nonce = header bytes 4..16 with {@code LE32(sequence)} XORed into the last four;
 * AAD = header bytes 0..4.
 *
 * <p>Keys are used for this call only and never retained: the {@code byte[]} variants neither copy nor
 * modify the caller's array beyond the call (the caller wipes it), the {@link SecretBytes} variants copy
 * and wipe. Thread-safe: each thread uses its own JDK {@code Cipher}.
 */
public final class DarePackage {
  /** Bytes a package adds to its payload: 16-byte header plus 16-byte tag. */
  public static final int OVERHEAD = Packages.OVERHEAD;

  private static final DareDecryptOptions V2_ONLY = DareDecryptOptions.defaults();

  private DarePackage() {}

  /**
   * Seals {@code src[srcOff..srcOff+len)} as one DARE 2.0 package into {@code dst} at {@code dstOff}.
   *
   * @param key 32-byte key; not retained
   * @param suite cipher suite
   * @param nonce 12-byte stream nonce (bit 7 of byte 0 is replaced by the final flag), or {@code null}
   *     to draw a fresh one from {@link java.security.SecureRandom}. A fixed nonce must never be reused
   *     with the same key and sequence number.
   * @param sequence the package's sequence number, an unsigned 32-bit value
   * @param finalPackage whether this package ends its stream
   * @param src payload array
   * @param srcOff payload start
   * @param len 1..65536, and exactly 65536 unless {@code finalPackage}
   * @param dst destination with room for {@code len + 32} bytes, not overlapping the payload
   * @param dstOff destination start
   * @return the package length, {@code len + 32}
   * @throws IllegalArgumentException on a bad key, nonce, length, sequence or bounds
   */
  public static int seal(
      byte[] key,
      CipherSuite suite,
      byte @Nullable [] nonce,
      long sequence,
      boolean finalPackage,
      byte[] src,
      int srcOff,
      int len,
      byte[] dst,
      int dstOff) {
    try (DareKey k = DareKey.copyOf(key)) {
      return seal(k, suite, nonce, sequence, finalPackage, src, srcOff, len, dst, dstOff);
    }
  }

  /**
   * As {@link #seal(byte[], CipherSuite, byte[], long, boolean, byte[], int, int, byte[], int)}, with the
   * key in a {@link SecretBytes} (copied and wiped).
   *
   * @param key 32-byte key
   * @param suite cipher suite
   * @param nonce 12-byte stream nonce, or {@code null} for a random one
   * @param sequence the package's sequence number, an unsigned 32-bit value
   * @param finalPackage whether this package ends its stream
   * @param src payload array
   * @param srcOff payload start
   * @param len 1..65536, and exactly 65536 unless {@code finalPackage}
   * @param dst destination with room for {@code len + 32} bytes
   * @param dstOff destination start
   * @return the package length, {@code len + 32}
   */
  public static int seal(
      SecretBytes key,
      CipherSuite suite,
      byte @Nullable [] nonce,
      long sequence,
      boolean finalPackage,
      byte[] src,
      int srcOff,
      int len,
      byte[] dst,
      int dstOff) {
    try (DareKey k = DareKey.copyOf(key)) {
      return seal(k, suite, nonce, sequence, finalPackage, src, srcOff, len, dst, dstOff);
    }
  }

  private static int seal(
      DareKey key,
      CipherSuite suite,
      byte @Nullable [] nonce,
      long sequence,
      boolean finalPackage,
      byte[] src,
      int srcOff,
      int len,
      byte[] dst,
      int dstOff) {
    Objects.requireNonNull(suite, "suite");
    Objects.checkFromIndexSize(srcOff, len, src.length);
    if (len < 1 || len > Dare.MAX_PAYLOAD_SIZE || (!finalPackage && len != Dare.MAX_PAYLOAD_SIZE)) {
      throw new IllegalArgumentException(
          "a DARE package carries 1..65536 bytes, and exactly 65536 unless final; got " + len);
    }
    Objects.checkFromIndexSize(dstOff, len + OVERHEAD, dst.length);
    if (src == dst && srcOff < dstOff + len + OVERHEAD && dstOff < srcOff + len) {
      throw new IllegalArgumentException("source and destination ranges overlap");
    }
    Dare.checkSequence(sequence);
    if (nonce != null && nonce.length != Dare.NONCE_SIZE) {
      throw new IllegalArgumentException(
          "DARE nonce must be " + Dare.NONCE_SIZE + " bytes, got " + nonce.length);
    }
    byte[] streamNonce = nonce != null ? nonce : Dare2Sealer.randomNonce();
    return Dare2Sealer.sealOne(
        key, suite, streamNonce, (int) sequence, finalPackage, src, srcOff, len, dst, dstOff);
  }

  /**
   * Opens one DARE 2.0 package {@code src[srcOff..srcOff+len)} (exactly one whole package) and writes
   * its payload to {@code dst} at {@code dstOff}. Either suite is accepted, as named by header byte 1.
   *
   * @param key 32-byte key; not retained
   * @param sequence the sequence number the package was sealed with, an unsigned 32-bit value
   * @param finalPackage whether the package must carry the final flag (true for a sealed key or ETag)
   * @param src package array
   * @param srcOff package start
   * @param len package length, 33..65568
   * @param dst destination with room for {@code len - 32} bytes
   * @param dstOff destination start
   * @return the payload length, {@code len - 32}
   * @throws io.keyrotate.IntegrityException when the tag does not verify (wrong key, sequence number,
   *     or altered bytes) or the final flag is not as expected; nothing is left in {@code dst}
   * @throws io.keyrotate.FormatException when the header is not a DARE 2.0 header of this length
   */
  public static int open(
      byte[] key,
      long sequence,
      boolean finalPackage,
      byte[] src,
      int srcOff,
      int len,
      byte[] dst,
      int dstOff) {
    try (DareKey k = DareKey.copyOf(key)) {
      return open(k, sequence, finalPackage, src, srcOff, len, dst, dstOff);
    }
  }

  /**
   * As {@link #open(byte[], long, boolean, byte[], int, int, byte[], int)}, with the key in a {@link
   * SecretBytes} (copied and wiped).
   *
   * @param key 32-byte key
   * @param sequence the sequence number the package was sealed with
   * @param finalPackage whether the package must carry the final flag
   * @param src package array
   * @param srcOff package start
   * @param len package length
   * @param dst destination with room for {@code len - 32} bytes
   * @param dstOff destination start
   * @return the payload length
   */
  public static int open(
      SecretBytes key,
      long sequence,
      boolean finalPackage,
      byte[] src,
      int srcOff,
      int len,
      byte[] dst,
      int dstOff) {
    try (DareKey k = DareKey.copyOf(key)) {
      return open(k, sequence, finalPackage, src, srcOff, len, dst, dstOff);
    }
  }

  private static int open(
      DareKey key,
      long sequence,
      boolean finalPackage,
      byte[] src,
      int srcOff,
      int len,
      byte[] dst,
      int dstOff) {
    Objects.checkFromIndexSize(srcOff, len, src.length);
    Dare.checkSequence(sequence);
    if (len > OVERHEAD) {
      Objects.checkFromIndexSize(dstOff, len - OVERHEAD, dst.length);
      boolean flagged = (src[srcOff + 4] & Packages.FINAL_FLAG) != 0;
      if (flagged != finalPackage) {
        throw (finalPackage ? Reject.UNEXPECTED_EOF : Reject.DATA_AFTER_FINAL).exception(0, null);
      }
    }
    try (DareDecoder decoder = new DareDecoder(key, false, V2_ONLY, sequence)) {
      return decoder.open(src, srcOff, len, dst, dstOff);
    }
  }
}
