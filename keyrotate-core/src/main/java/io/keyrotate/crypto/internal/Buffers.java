package io.keyrotate.crypto.internal;

import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.DareDecryptOptions;
import io.keyrotate.crypto.DareEncryptOptions;
import java.util.Arrays;

/** Whole-buffer DARE encryption and decryption without intermediate copies. */
public final class Buffers {
  private Buffers() {}

  /**
   * Encrypts {@code src[srcOff..srcOff+len)} as one DARE 2.0 stream into {@code dst} at {@code dstOff}.
   * The caller has checked the bounds and that the ranges do not overlap.
   *
   * @return the ciphertext length
   */
  public static int encrypt(
      byte[] src,
      int srcOff,
      int len,
      byte[] dst,
      int dstOff,
      SecretBytes key,
      DareEncryptOptions options) {
    try (Dare2Sealer sealer = new Dare2Sealer(key, options)) {
      int in = srcOff;
      int out = dstOff;
      int remaining = len;
      while (remaining > 0) {
        int n = Math.min(remaining, Packages.MAX_PAYLOAD);
        out += sealer.seal(src, in, n, n == remaining, dst, out);
        in += n;
        remaining -= n;
      }
      return out - dstOff;
    }
  }

  /**
   * Decrypts the DARE stream {@code src[srcOff..srcOff+len)} into {@code dst} at {@code dstOff}. On any
   * failure the plaintext written so far is zeroed. The caller has checked bounds and overlap.
   *
   * @return the plaintext length
   */
  public static int decrypt(
      byte[] src,
      int srcOff,
      int len,
      byte[] dst,
      int dstOff,
      SecretBytes key,
      DareDecryptOptions options) {
    int out = dstOff;
    try (DareDecoder decoder = new DareDecoder(key, options, 0)) {
      int pos = srcOff;
      int end = srcOff + len;
      while (pos < end) {
        int chunk = Chunks.length(decoder, src, pos, end - pos);
        if (chunk - Packages.OVERHEAD > dst.length - out) {
          throw new IllegalArgumentException(
              "plaintext buffer too small: the DARE stream holds more than " + (dst.length - dstOff)
                  + " bytes");
        }
        out += decoder.open(src, pos, chunk, dst, out);
        pos += chunk;
      }
      decoder.finish();
      return out - dstOff;
    } catch (RuntimeException e) {
      Arrays.fill(dst, dstOff, out, (byte) 0);
      throw e;
    }
  }
}
