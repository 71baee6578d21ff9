package io.keyrotate.sse.internal;

import java.util.Base64;

/**
 * Standard padded base64 with the exact acceptance rules of Go's {@code
 * base64.StdEncoding.DecodeString}, which MinIO uses for every stored metadata value.
 *
 * <p>Differences from {@link Base64#getDecoder()}: CR and LF anywhere are skipped; padding is
 * required (Java's basic decoder accepts unpadded input, Go rejects it); non-zero bits in the last
 * digit before the padding are accepted, as Go's non-strict decoder does. Spaces, the URL-safe
 * alphabet and anything after the padding are rejected.
 *
 * <p>Thread-safe (stateless).
 */
public final class GoBase64 {
  private static final byte[] VALUES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  private GoBase64() {}

  /**
   * Encodes with the standard alphabet and padding (identical to Go's {@code StdEncoding}).
   *
   * @param data bytes
   * @return base64 text
   */
  public static String encode(byte[] data) {
    return Base64.getEncoder().encodeToString(data);
  }

  /**
   * Decodes like Go's {@code StdEncoding.DecodeString}.
   *
   * @param text base64 text
   * @return the bytes
   * @throws IllegalArgumentException when Go would report a {@code CorruptInputError}; the message
   *     never contains the input
   */
  public static byte[] decode(String text) {
    int n = 0;
    char[] digits = new char[text.length()];
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\r' && c != '\n') {
        digits[n++] = c;
      }
    }
    if (n % 4 != 0) {
      throw new IllegalArgumentException("base64 length is not a multiple of 4");
    }
    int pad = 0;
    if (n > 0 && digits[n - 1] == '=') {
      pad = digits[n - 2] == '=' ? 2 : 1;
    }
    byte[] out = new byte[n / 4 * 3 - pad];
    int o = 0;
    for (int q = 0; q < n; q += 4) {
      boolean last = q + 4 == n;
      int valid = last ? 4 - pad : 4;
      int acc = 0;
      for (int k = 0; k < 4; k++) {
        char c = digits[q + k];
        int v;
        if (k >= valid) {
          v = 0; // padding position ('=' already checked by the count above)
        } else {
          v = c < 128 ? VALUES[c] : -1;
          if (v < 0) {
            throw new IllegalArgumentException("illegal base64 character at digit " + (q + k));
          }
        }
        acc = (acc << 6) | v;
      }
      out[o++] = (byte) (acc >> 16);
      if (valid > 2) {
        out[o++] = (byte) (acc >> 8);
      }
      if (valid > 3) {
        out[o++] = (byte) acc;
      }
    }
    return out;
  }
}
