package io.keyrotate.sse.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.XChaCha20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

class HChaCha20Test {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void subkey_draftXChaChaSection221Vector_matches() {
    byte[] key = new byte[32];
    for (int i = 0; i < 32; i++) {
      key[i] = (byte) i;
    }
    byte[] nonce = HEX.parseHex("000000090000004a0000000031415927");
    assertEquals(
        "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc",
        HEX.formatHex(HChaCha20.subkey(key, nonce)));
  }

  /**
   * XChaCha20(key, n24) = ChaCha20(HChaCha20(key, n24[0..16]), 0000 ‖ n24[16..24]): the JDK's
   * ChaCha20 under our subkey must give BouncyCastle's XChaCha20 keystream, for random keys and
   * nonces.
   */
  @Test
  void subkey_randomInputs_agreesWithBouncyCastleXChaCha20() throws Exception {
    Random r = new Random(42);
    for (int t = 0; t < 50; t++) {
      byte[] key = new byte[32];
      byte[] n24 = new byte[24];
      r.nextBytes(key);
      r.nextBytes(n24);
      byte[] zeros = new byte[96];
      XChaCha20Engine bc = new XChaCha20Engine();
      bc.init(true, new ParametersWithIV(new KeyParameter(key), n24));
      byte[] expected = new byte[96];
      bc.processBytes(zeros, 0, zeros.length, expected, 0);

      byte[] sub = HChaCha20.subkey(key, java.util.Arrays.copyOf(n24, 16));
      byte[] n12 = new byte[12];
      System.arraycopy(n24, 16, n12, 4, 8);
      Cipher jdk = Cipher.getInstance("ChaCha20");
      jdk.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(sub, "ChaCha20"),
          new ChaCha20ParameterSpec(n12, 0));
      assertArrayEquals(expected, jdk.doFinal(zeros));
    }
  }

  @Test
  void subkey_wrongLengths_areRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> HChaCha20.subkey(new byte[31], new byte[16]));
    assertThrows(
        IllegalArgumentException.class, () -> HChaCha20.subkey(new byte[32], new byte[12]));
  }
}
