package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keyrotate.IntegrityException;
import io.keyrotate.SecretBytes;
import io.keyrotate.sse.internal.SioGo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * sio-go stream format: sio-go's own AES-128 framing vectors, the spec's §5.6 stream, and
 * rejections.
 */
class SioStreamTest {
  private static final byte[] NONCE = Vectors.hex("0001020304050607");

  private static SecretBytes specKey() {
    byte[] k = new byte[32];
    for (int i = 0; i < 32; i++) {
      k[i] = (byte) (0x10 + i);
    }
    return SecretBytes.wrapOwned(k);
  }

  @TestFactory
  Stream<DynamicTest> sioGo_aes128FramingVectors_encryptAndDecrypt() {
    return Vectors.section("sio-go-aes128.json", "vectors").stream()
        .map(
            v ->
                DynamicTest.dynamicTest(
                    v.str("Key")
                        + "/"
                        + v.str("Plaintext").length() / 2
                        + "B/buf"
                        + v.num("BufSize"),
                    () -> {
                      try (SioGo s =
                          new SioGo(
                              AeadCipher.AES_256_GCM,
                              v.hex("Key"),
                              v.hex("Nonce"),
                              v.hex("AssociatedData"),
                              (int) v.num("BufSize"))) {
                        assertEquals(
                            v.str("Ciphertext"), Vectors.hex(s.encrypt(v.hex("Plaintext"))));
                        assertArrayEquals(v.hex("Plaintext"), s.decrypt(v.hex("Ciphertext")));
                      }
                    }));
  }

  @Test
  void encrypt_section56Example_matchesMinio() {
    byte[] plain = "{\"version\":1,\"credentials\":{\"accessKey\":\"alice\"}}".getBytes();
    try (SecretBytes key = specKey()) {
      byte[] ct = SioStream.encrypt(AeadCipher.AES_256_GCM, key, NONCE, new byte[0], plain);
      assertEquals(
          "21bf44aa46611b916e2b73e62020fa2f953ab99f212fcb18bba5e759a84fdf9d5d19ee9ea722120db11255ac9e"
              + "db1cda26a781d5e2ea539cd1e59397e4eb395887",
          Vectors.hex(ct));
      assertEquals(
          "55d2c745935c00b0e46d055572711274",
          Vectors.hex(
              SioStream.encrypt(AeadCipher.AES_256_GCM, key, NONCE, new byte[0], new byte[0])));
    }
  }

  @Test
  void encryptedSize_fragmentBoundaries_addSixteenBytesPerStartedFragment() {
    assertEquals(16, SioStream.encryptedSize(0));
    assertEquals(17, SioStream.encryptedSize(1));
    assertEquals(16384 + 16, SioStream.encryptedSize(16384));
    assertEquals(16385 + 32, SioStream.encryptedSize(16385));
    assertEquals(40000 + 48, SioStream.encryptedSize(40000));
    assertEquals(32768 + 32, SioStream.encryptedSize(32768));
  }

  private static byte[] threeFragments() {
    byte[] p = new byte[2 * 16384 + 100];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) i;
    }
    return p;
  }

  @Test
  void decrypt_fragmentsReordered_failsAuthentication() {
    try (SecretBytes key = specKey()) {
      byte[] ct =
          SioStream.encrypt(
              AeadCipher.CHACHA20_POLY1305, key, NONCE, new byte[0], threeFragments());
      int f = 16384 + 16;
      byte[] swapped = ct.clone();
      System.arraycopy(ct, 0, swapped, f, f);
      System.arraycopy(ct, f, swapped, 0, f);
      assertThrows(
          IntegrityException.class,
          () -> SioStream.decrypt(AeadCipher.CHACHA20_POLY1305, key, NONCE, new byte[0], swapped));
    }
  }

  @Test
  void decrypt_truncatedAtFragmentBoundary_failsAuthentication() {
    try (SecretBytes key = specKey()) {
      byte[] ct =
          SioStream.encrypt(AeadCipher.AES_256_GCM, key, NONCE, new byte[0], threeFragments());
      byte[] cut = Arrays.copyOf(ct, 2 * (16384 + 16));
      assertThrows(
          IntegrityException.class,
          () -> SioStream.decrypt(AeadCipher.AES_256_GCM, key, NONCE, new byte[0], cut));
      assertThrows(
          IntegrityException.class,
          () -> SioStream.decrypt(AeadCipher.AES_256_GCM, key, NONCE, new byte[0], new byte[0]));
    }
  }

  @Test
  void decrypt_wrongKeyNonceAlgorithmOrAssociatedData_failsAuthentication() {
    byte[] plain = threeFragments();
    try (SecretBytes key = specKey();
        SecretBytes other = SecretBytes.wrapOwned(new byte[32])) {
      byte[] ct = SioStream.encrypt(AeadCipher.AES_256_GCM, key, NONCE, new byte[] {1}, plain);
      assertThrows(
          IntegrityException.class,
          () -> SioStream.decrypt(AeadCipher.AES_256_GCM, other, NONCE, new byte[] {1}, ct));
      assertThrows(
          IntegrityException.class,
          () -> SioStream.decrypt(AeadCipher.AES_256_GCM, key, new byte[8], new byte[] {1}, ct));
      assertThrows(
          IntegrityException.class,
          () -> SioStream.decrypt(AeadCipher.CHACHA20_POLY1305, key, NONCE, new byte[] {1}, ct));
      assertThrows(
          IntegrityException.class,
          () -> SioStream.decrypt(AeadCipher.AES_256_GCM, key, NONCE, new byte[] {2}, ct));
      assertArrayEquals(
          plain, SioStream.decrypt(AeadCipher.AES_256_GCM, key, NONCE, new byte[] {1}, ct));
    }
  }

  @Test
  void decryptingStream_tamperedLastFragment_releasesOnlyVerifiedFragmentsThenFails()
      throws Exception {
    byte[] plain = threeFragments();
    try (SecretBytes key = specKey()) {
      byte[] ct = SioStream.encrypt(AeadCipher.AES_256_GCM, key, NONCE, new byte[0], plain);
      ct[ct.length - 1] ^= 1;
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try (InputStream in =
          SioStream.decryptingStream(
              new ByteArrayInputStream(ct), AeadCipher.AES_256_GCM, key, NONCE, new byte[0])) {
        byte[] buf = new byte[1000];
        IntegrityException e =
            assertThrows(
                IntegrityException.class,
                () -> {
                  int n;
                  while ((n = in.read(buf)) > 0) {
                    got.write(buf, 0, n);
                  }
                });
        assertEquals(IntegrityException.class, e.getClass());
        assertThrows(IntegrityException.class, () -> in.read(buf)); // stays failed
      }
      // Exactly the two authentic fragments came out, never a byte of the tampered one.
      assertArrayEquals(Arrays.copyOf(plain, 2 * 16384), got.toByteArray());
    }
  }

  @Test
  void encryptingStream_byteByByte_equalsOneShot() throws Exception {
    byte[] plain = threeFragments();
    try (SecretBytes key = specKey()) {
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      try (OutputStream out =
          SioStream.encryptingStream(sink, AeadCipher.CHACHA20_POLY1305, key, NONCE, new byte[0])) {
        for (byte b : plain) {
          out.write(b);
        }
      }
      assertArrayEquals(
          SioStream.encrypt(AeadCipher.CHACHA20_POLY1305, key, NONCE, new byte[0], plain),
          sink.toByteArray());
    }
  }
}
