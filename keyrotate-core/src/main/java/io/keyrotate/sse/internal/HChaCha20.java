package io.keyrotate.sse.internal;

import java.util.Arrays;
import org.bouncycastle.crypto.engines.ChaChaEngine;

/**
 * HChaCha20 (draft-irtf-cfrg-xchacha §2.2): derives a 32-byte subkey from a 32-byte key and a
 * 16-byte nonce. Needed only to read MinIO's legacy builtin-KMS ciphertexts labelled {@code
 * ChaCha20Poly1305}, whose sealing key is HChaCha20(master key, iv).
 *
 * <p>The JDK has no HChaCha20. Rather than writing the quarter rounds ourselves, this uses
 * BouncyCastle's ChaCha core ({@link ChaChaEngine#chachaCore(int, int[], int[])}, the same core
 * BouncyCastle's own XChaCha20 engine derives its subkey with): the core returns permute(state) +
 * state, so subtracting the input state again yields the bare 20-round permutation, whose words 0–3
 * and 12–15 form the subkey.
 *
 * <p>Thread-safe (stateless).
 */
public final class HChaCha20 {
  private HChaCha20() {}

  /**
   * Computes HChaCha20.
   *
   * @param key 32 bytes
   * @param nonce 16 bytes
   * @return the 32-byte subkey; the caller wipes it
   */
  public static byte[] subkey(byte[] key, byte[] nonce) {
    if (key.length != 32 || nonce.length != 16) {
      throw new IllegalArgumentException("HChaCha20 needs a 32-byte key and a 16-byte nonce");
    }
    int[] state = new int[16];
    int[] x = new int[16];
    try {
      state[0] = 0x61707865; // "expa"
      state[1] = 0x3320646e; // "nd 3"
      state[2] = 0x79622d32; // "2-by"
      state[3] = 0x6b206574; // "te k"
      for (int i = 0; i < 8; i++) {
        state[4 + i] = le32(key, 4 * i);
      }
      for (int i = 0; i < 4; i++) {
        state[12 + i] = le32(nonce, 4 * i);
      }
      ChaChaEngine.chachaCore(20, state, x);
      byte[] out = new byte[32];
      for (int i = 0; i < 4; i++) {
        putLe32(out, 4 * i, x[i] - state[i]);
        putLe32(out, 16 + 4 * i, x[12 + i] - state[12 + i]);
      }
      return out;
    } finally {
      Arrays.fill(state, 0);
      Arrays.fill(x, 0);
    }
  }

  private static int le32(byte[] b, int off) {
    return (b[off] & 0xFF)
        | (b[off + 1] & 0xFF) << 8
        | (b[off + 2] & 0xFF) << 16
        | (b[off + 3] & 0xFF) << 24;
  }

  private static void putLe32(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }
}
