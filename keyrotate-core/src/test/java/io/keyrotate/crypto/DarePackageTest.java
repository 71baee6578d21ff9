package io.keyrotate.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.SecretBytes;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DarePackageTest {
  private final Random random = new Random(42);
  private final byte[] key = bytes(32);
  private final byte[] nonce = bytes(12);

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void seal_objectKey_isMinioSealedKeyLayout(CipherSuite suite) {
    byte[] objectKey = bytes(32);
    byte[] sealed = new byte[64];
    int n = DarePackage.seal(key, suite, null, 0, true, objectKey, 0, 32, sealed, 0);
    assertEquals(64, n);
    String b64 = Base64.getEncoder().encodeToString(sealed);
    assertTrue(b64.startsWith(suite == CipherSuite.AES_256_GCM ? "IAAf" : "IAEf"), b64);
    assertEquals(0x80, sealed[4] & 0x80, "final flag");
    byte[] opened = new byte[32];
    assertEquals(32, DarePackage.open(key, 0, true, sealed, 0, 64, opened, 0));
    assertArrayEquals(objectKey, opened);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void seal_finalPackage_equalsOneBlockStream(CipherSuite suite) {
    for (int len : new int[] {1, 16, 32, 1000, Dare.MAX_PAYLOAD_SIZE}) {
      byte[] payload = bytes(len);
      byte[] pkg = new byte[len + 32];
      DarePackage.seal(key, suite, nonce, 7, true, payload, 0, len, pkg, 0);
      try (SecretBytes k = SecretBytes.copyOf(key)) {
        DareEncryptOptions o =
            DareEncryptOptions.builder().cipher(suite).nonce(nonce).startSequence(7).build();
        assertArrayEquals(Dare.encrypt(payload, k, o), pkg, "len " + len);
      }
    }
  }

  @Test
  void seal_packagesAtSequenceK_equalTheStreamsPackages() {
    byte[] plaintext = bytes(2 * Dare.MAX_PAYLOAD_SIZE + 5);
    byte[] stream;
    try (SecretBytes k = SecretBytes.copyOf(key)) {
      stream = Dare.encrypt(plaintext, k, DareEncryptOptions.builder().nonce(nonce).build());
    }
    byte[] pkg = new byte[Dare.MAX_PACKAGE_SIZE];
    for (int i = 0; i < 3; i++) {
      boolean last = i == 2;
      int len = last ? 5 : Dare.MAX_PAYLOAD_SIZE;
      int n =
          DarePackage.seal(
              key, CipherSuite.AES_256_GCM, nonce, i, last, plaintext, i * 65536, len, pkg, 0);
      assertArrayEquals(
          Arrays.copyOfRange(stream, i * Dare.MAX_PACKAGE_SIZE, i * Dare.MAX_PACKAGE_SIZE + n),
          Arrays.copyOf(pkg, n));
      byte[] out = new byte[len];
      assertEquals(len, DarePackage.open(key, i, last, stream, i * Dare.MAX_PACKAGE_SIZE, n, out, 0));
      assertArrayEquals(Arrays.copyOfRange(plaintext, i * 65536, i * 65536 + len), out);
    }
  }

  @Test
  void open_wrongKeySequenceOrFlag_rejectedAndDestinationUntouched() {
    byte[] payload = bytes(32);
    byte[] pkg = new byte[64];
    DarePackage.seal(key, CipherSuite.AES_256_GCM, nonce, 3, true, payload, 0, 32, pkg, 0);
    byte[] out = new byte[32];
    byte[] otherKey = bytes(32);
    assertThrows(IntegrityException.class, () -> DarePackage.open(otherKey, 3, true, pkg, 0, 64, out, 0));
    assertThrows(IntegrityException.class, () -> DarePackage.open(key, 4, true, pkg, 0, 64, out, 0));
    assertThrows(IntegrityException.class, () -> DarePackage.open(key, 3, false, pkg, 0, 64, out, 0));
    assertArrayEquals(new byte[32], out, "no plaintext after a failed open");
    assertThrows(FormatException.class, () -> DarePackage.open(key, 3, true, pkg, 0, 63, out, 0));
    assertThrows(FormatException.class, () -> DarePackage.open(key, 3, true, pkg, 0, 32, out, 0));
    byte[] badVersion = pkg.clone();
    badVersion[0] = 0x10;
    assertThrows(FormatException.class, () -> DarePackage.open(key, 3, true, badVersion, 0, 64, out, 0));
    byte[] badCipher = pkg.clone();
    badCipher[1] = 2;
    assertThrows(FormatException.class, () -> DarePackage.open(key, 3, true, badCipher, 0, 64, out, 0));
  }

  @Test
  void seal_keyArray_notModifiedAndNonceRandomByDefault() {
    byte[] keyCopy = key.clone();
    byte[] a = new byte[33];
    byte[] b = new byte[33];
    DarePackage.seal(key, CipherSuite.AES_256_GCM, null, 0, true, new byte[1], 0, 1, a, 0);
    DarePackage.seal(key, CipherSuite.AES_256_GCM, null, 0, true, new byte[1], 0, 1, b, 0);
    assertArrayEquals(keyCopy, key);
    assertNotEquals(
        Arrays.toString(Arrays.copyOfRange(a, 4, 16)), Arrays.toString(Arrays.copyOfRange(b, 4, 16)));
  }

  @Test
  void seal_badArguments_illegalArgument() {
    byte[] dst = new byte[Dare.MAX_PACKAGE_SIZE + 64];
    byte[] src = new byte[Dare.MAX_PAYLOAD_SIZE + 1];
    CipherSuite aes = CipherSuite.AES_256_GCM;
    assertThrows(IllegalArgumentException.class,
        () -> DarePackage.seal(key, aes, nonce, 0, true, src, 0, 0, dst, 0));
    assertThrows(IllegalArgumentException.class,
        () -> DarePackage.seal(key, aes, nonce, 0, true, src, 0, Dare.MAX_PAYLOAD_SIZE + 1, dst, 0));
    assertThrows(IllegalArgumentException.class,
        () -> DarePackage.seal(key, aes, nonce, 0, false, src, 0, 100, dst, 0));
    assertThrows(IllegalArgumentException.class,
        () -> DarePackage.seal(key, aes, new byte[11], 0, true, src, 0, 1, dst, 0));
    assertThrows(IllegalArgumentException.class,
        () -> DarePackage.seal(new byte[31], aes, nonce, 0, true, src, 0, 1, dst, 0));
    assertThrows(IllegalArgumentException.class,
        () -> DarePackage.seal(key, aes, nonce, 1L << 32, true, src, 0, 1, dst, 0));
    assertThrows(IllegalArgumentException.class,
        () -> DarePackage.seal(key, aes, nonce, 0, true, dst, 0, 100, dst, 50));
    assertThrows(IndexOutOfBoundsException.class,
        () -> DarePackage.seal(key, aes, nonce, 0, true, src, 0, 100, new byte[131], 0));
  }

  @Test
  void seal_secretBytesKey_agreesWithArrayKey() {
    byte[] payload = bytes(16);
    byte[] a = new byte[48];
    byte[] b = new byte[48];
    try (SecretBytes k = SecretBytes.copyOf(key)) {
      DarePackage.seal(k, CipherSuite.CHACHA20_POLY1305, nonce, 9, true, payload, 0, 16, a, 0);
      DarePackage.seal(key, CipherSuite.CHACHA20_POLY1305, nonce, 9, true, payload, 0, 16, b, 0);
      assertArrayEquals(a, b);
      byte[] out = new byte[16];
      DarePackage.open(k, 9, true, a, 0, 48, out, 0);
      assertArrayEquals(payload, out);
    }
  }
}
