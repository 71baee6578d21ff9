package io.keyrotate.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Differential tests: DARE packages sealed with the JDK provider are checked against BouncyCastle's
 * independent AEAD implementations (ChaCha20-Poly1305 and AES-GCM), and packages sealed by BouncyCastle
 * open with {@link DarePackage}.
 */
class AeadDifferentialProperties {

  @Property(tries = 150)
  void jdkAndBouncyCastle_samePackageBytes_bothDirections(
      @ForAll CipherSuite suite,
      @ForAll @IntRange(min = 1, max = 65536) int length,
      @ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long sequence,
      @ForAll boolean last,
      @ForAll long seed)
      throws InvalidCipherTextException {
    if (!last) {
      length = Dare.MAX_PAYLOAD_SIZE;
    }
    Random r = new Random(seed);
    byte[] key = new byte[32];
    byte[] nonce = new byte[12];
    byte[] payload = new byte[length];
    r.nextBytes(key);
    r.nextBytes(nonce);
    r.nextBytes(payload);

    byte[] jdk = new byte[length + 32];
    DarePackage.seal(key, suite, nonce, sequence, last, payload, 0, length, jdk, 0);

    // Independent construction: header by hand, AEAD nonce = header[4..16) ^ LE32(seq), AAD = header[0..4).
    byte[] header = new byte[16];
    header[0] = 0x20;
    header[1] = (byte) suite.id();
    header[2] = (byte) (length - 1);
    header[3] = (byte) ((length - 1) >>> 8);
    System.arraycopy(nonce, 0, header, 4, 12);
    header[4] = (byte) ((nonce[0] & 0x7f) | (last ? 0x80 : 0));
    byte[] aeadNonce = Arrays.copyOfRange(header, 4, 16);
    for (int i = 0; i < 4; i++) {
      aeadNonce[8 + i] ^= (byte) (sequence >>> (8 * i));
    }
    AEADCipher bc = bouncyCastle(suite);
    bc.init(true, new AEADParameters(new KeyParameter(key), 128, aeadNonce, Arrays.copyOf(header, 4)));
    byte[] sealed = new byte[bc.getOutputSize(length)];
    int n = bc.processBytes(payload, 0, length, sealed, 0);
    n += bc.doFinal(sealed, n);
    assertEquals(length + 16, n);

    assertArrayEquals(header, Arrays.copyOf(jdk, 16), "header");
    assertArrayEquals(sealed, Arrays.copyOfRange(jdk, 16, jdk.length), "AEAD output");

    byte[] bcPackage = new byte[length + 32];
    System.arraycopy(header, 0, bcPackage, 0, 16);
    System.arraycopy(sealed, 0, bcPackage, 16, sealed.length);
    byte[] opened = new byte[length];
    assertEquals(length, DarePackage.open(key, sequence, last, bcPackage, 0, bcPackage.length, opened, 0));
    assertArrayEquals(payload, opened);

    bc.init(false, new AEADParameters(new KeyParameter(key), 128, aeadNonce, Arrays.copyOf(header, 4)));
    byte[] back = new byte[bc.getOutputSize(length + 16)];
    int m = bc.processBytes(jdk, 16, length + 16, back, 0);
    m += bc.doFinal(back, m);
    assertArrayEquals(payload, Arrays.copyOf(back, m), "BouncyCastle opens the JDK package");
  }

  private static AEADCipher bouncyCastle(CipherSuite suite) {
    return suite == CipherSuite.CHACHA20_POLY1305
        ? new ChaCha20Poly1305()
        : GCMBlockCipher.newInstance(AESEngine.newInstance());
  }
}
