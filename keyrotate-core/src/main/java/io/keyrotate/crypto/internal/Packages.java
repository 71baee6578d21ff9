package io.keyrotate.crypto.internal;

import io.keyrotate.crypto.CipherSuite;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/** Byte-level DARE package helpers shared by the sealer, the decoder and the single-package API. */
public final class Packages {
  /** Header size. */
  public static final int HEADER = 16;
  /** AEAD tag size. */
  public static final int TAG = 16;
  /** Header plus tag. */
  public static final int OVERHEAD = HEADER + TAG;
  /** Largest payload. */
  public static final int MAX_PAYLOAD = 65536;
  /** Largest package. */
  public static final int MAX_PACKAGE = MAX_PAYLOAD + OVERHEAD;
  /** Stream nonce size. */
  public static final int NONCE = 12;
  /** Version byte of DARE 2.0. */
  public static final int V20 = 0x20;
  /** Version byte of DARE 1.0. */
  public static final int V10 = 0x10;
  /** Final-package flag in header byte 4 (DARE 2.0). */
  public static final int FINAL_FLAG = 0x80;

  private Packages() {}

  /**
   * Writes a DARE 2.0 header.
   *
   * @param dst destination
   * @param off where the header starts
   * @param suite cipher suite
   * @param payloadLength 1..65536
   * @param streamNonce 12 bytes; bit 7 of byte 0 is replaced by {@code last}
   * @param last whether this is the final package
   */
  public static void writeHeaderV20(
      byte[] dst, int off, CipherSuite suite, int payloadLength, byte[] streamNonce, boolean last) {
    dst[off] = (byte) V20;
    dst[off + 1] = (byte) suite.id();
    int l = payloadLength - 1;
    dst[off + 2] = (byte) l;
    dst[off + 3] = (byte) (l >>> 8);
    System.arraycopy(streamNonce, 0, dst, off + 4, NONCE);
    dst[off + 4] = (byte) ((streamNonce[0] & 0x7f) | (last ? FINAL_FLAG : 0));
  }

  /**
   * The payload length stored in a header.
   *
   * @param buf header bytes
   * @param off header start
   * @return 1..65536
   */
  public static int payloadLength(byte[] buf, int off) {
    return ((buf[off + 2] & 0xff) | (buf[off + 3] & 0xff) << 8) + 1;
  }

  /**
   * The DARE 2.0 AEAD nonce: header bytes 4..16 with {@code LE32(seq)} XORed into the last four.
   *
   * @param header header bytes
   * @param off header start
   * @param seq sequence number (unsigned)
   * @param nonce 12-byte output
   */
  public static void nonceV20(byte[] header, int off, int seq, byte[] nonce) {
    System.arraycopy(header, off + 4, nonce, 0, NONCE);
    nonce[8] ^= (byte) seq;
    nonce[9] ^= (byte) (seq >>> 8);
    nonce[10] ^= (byte) (seq >>> 16);
    nonce[11] ^= (byte) (seq >>> 24);
  }

  /**
   * Seals one DARE 2.0 package whose header is already written at {@code dst[dstOff..dstOff+16)}.
   *
   * @return the package length, {@code 32 + len}
   */
  static int sealV20(
      CipherSuite suite,
      SecretKey key,
      int seq,
      byte[] nonceScratch,
      byte[] src,
      int srcOff,
      int len,
      byte[] dst,
      int dstOff) {
    nonceV20(dst, dstOff, seq, nonceScratch);
    Cipher cipher = Aeads.init(suite, Cipher.ENCRYPT_MODE, key, nonceScratch);
    try {
      cipher.updateAAD(dst, dstOff, 4);
      int n = cipher.doFinal(src, srcOff, len, dst, dstOff + HEADER);
      return HEADER + n;
    } catch (ShortBufferException e) {
      throw new IllegalArgumentException("destination too small for a DARE package", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(suite + " encryption failed", e);
    }
  }

  /**
   * Opens the AEAD part of a package: {@code buf[off+16 .. off+len)} with AAD {@code buf[off..off+4)}.
   * On failure, whatever the provider may have written to {@code dst} is zeroed.
   *
   * @return {@code true} when the tag verified; the plaintext ({@code len - 32} bytes) is then in dst
   */
  static boolean open(
      CipherSuite suite,
      SecretKey key,
      byte[] nonce,
      byte[] buf,
      int off,
      int len,
      byte[] dst,
      int dstOff) {
    Cipher cipher = Aeads.init(suite, Cipher.DECRYPT_MODE, key, nonce);
    try {
      cipher.updateAAD(buf, off, 4);
      cipher.doFinal(buf, off + HEADER, len - HEADER, dst, dstOff);
      return true;
    } catch (AEADBadTagException e) {
      Arrays.fill(dst, dstOff, Math.min(dst.length, dstOff + len - OVERHEAD), (byte) 0);
      return false;
    } catch (ShortBufferException e) {
      throw new IllegalArgumentException("destination too small for a DARE package", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(suite + " decryption failed", e);
    }
  }

  /**
   * Constant-time comparison of a header's 12 nonce bytes with an expected value.
   *
   * @return {@code true} when equal
   */
  static boolean nonceEquals(byte[] header, int off, byte[] expected, int expectedFirstByte) {
    int diff = (header[off + 4] ^ expectedFirstByte) & 0xff;
    for (int i = 1; i < NONCE; i++) {
      diff |= header[off + 4 + i] ^ expected[i];
    }
    return diff == 0;
  }
}
