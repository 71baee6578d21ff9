package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.sse.internal.SioGo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every authenticated format under every single-bit flip, every truncation and one appended byte.
 * Binary formats must reject each mutation with {@link IntegrityException} or {@link
 * FormatException}. The JSON-bearing formats (config blobs, legacy KMS ciphertexts) may accept a
 * mutation only when it does not change meaning (a member-name letter's case, base64 padding bits),
 * and then must return exactly the original plaintext.
 */
class MutationTest {
  private static final String BUCKET = "bucket";
  private static final String OBJECT = "dir/object";

  /** All mutants of {@code original}: bit flips, truncations, one appended byte. */
  static List<byte[]> mutants(byte[] original) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < original.length * 8; i++) {
      byte[] m = original.clone();
      m[i / 8] ^= (byte) (1 << (i % 8));
      out.add(m);
    }
    for (int n = 0; n < original.length; n++) {
      out.add(Arrays.copyOf(original, n));
    }
    out.add(Arrays.copyOf(original, original.length + 1));
    return out;
  }

  /** Asserts that {@code open} rejects every mutant with one of the allowed exceptions. */
  static void assertAllRejected(byte[] original, Function<byte[], ?> open) {
    open.apply(original); // the unmodified input is accepted
    int n = 0;
    for (byte[] m : mutants(original)) {
      try {
        open.apply(m);
        fail("mutant " + n + " (length " + m.length + ") was accepted");
      } catch (IntegrityException | FormatException expected) {
        // rejected as required
      }
      n++;
    }
    assertEquals(original.length * 9 + 1, n);
  }

  @ParameterizedTest
  @EnumSource(AeadCipher.class)
  void sealedKey_everyMutation_isRejected(AeadCipher cipher) {
    try (SecretBytes ek = SecretBytes.wrapOwned(filled(32, 7));
        ObjectKey oek = ObjectKey.of(SecretBytes.wrapOwned(filled(32, 9)))) {
      byte[] iv = filled(32, 3);
      byte[] sealed = oek.seal(ek, iv, SseType.SSE_KMS, BUCKET, OBJECT, cipher, filled(12, 5));
      assertAllRejected(
          sealed,
          s -> {
            try (ObjectKey k =
                ObjectKey.unseal(
                    s, ek, iv, ObjectKey.SEAL_ALGORITHM, SseType.SSE_KMS, BUCKET, OBJECT)) {
              return k.isZero();
            }
          });
    }
  }

  @ParameterizedTest
  @EnumSource(AeadCipher.class)
  void sealedETag_everyMutation_isRejected(AeadCipher cipher) {
    try (ObjectKey oek = ObjectKey.of(SecretBytes.wrapOwned(filled(32, 9)))) {
      byte[] sealed = oek.sealETag(filled(16, 1), cipher, filled(12, 2));
      List<byte[]> accepted = new ArrayList<>();
      for (byte[] m : mutants(sealed)) {
        try {
          oek.unsealETag(m);
          accepted.add(m);
        } catch (IntegrityException | FormatException expected) {
          // rejected
        }
      }
      // Truncations to 16 bytes or fewer are, by MinIO's rule, plain (unsealed) ETags.
      for (byte[] m : accepted) {
        assertTrue(m.length <= 16, "a sealed ETag mutant of length " + m.length + " was accepted");
      }
      assertEquals(17, accepted.size());
    }
  }

  @ParameterizedTest
  @EnumSource(AeadCipher.class)
  void sioGoStream_everyMutation_isRejected(AeadCipher cipher) {
    // Small fragments (16 bytes) give a many-fragment stream whose every bit can be flipped
    // quickly.
    byte[] key = filled(32, 4);
    byte[] plain = filled(50, 11);
    try (SioGo s = new SioGo(cipher, key, filled(8, 6), new byte[] {1, 2}, 16)) {
      byte[] ct = s.encrypt(plain);
      assertEquals(50 + 4 * 16, ct.length);
      assertAllRejected(ct, s::decrypt);
    }
  }

  @Test
  void sioStream_minioFragmentSize_rejectsFlipsTruncationsAndExtension() {
    byte[] plain = filled(16384 + 100, 13);
    try (SecretBytes key = SecretBytes.wrapOwned(filled(32, 8))) {
      byte[] nonce = filled(8, 1);
      byte[] ct = SioStream.encrypt(AeadCipher.AES_256_GCM, key, nonce, new byte[0], plain);
      Function<byte[], byte[]> open =
          c -> SioStream.decrypt(AeadCipher.AES_256_GCM, key, nonce, new byte[0], c);
      assertArrayEquals(plain, open.apply(ct));
      List<byte[]> some = new ArrayList<>();
      for (int i = 0; i < ct.length; i += 61) {
        byte[] m = ct.clone();
        m[i] ^= (byte) (1 << (i % 8));
        some.add(m);
      }
      for (int cut : new int[] {0, 15, 16, 16399, 16400, 16401, ct.length - 1}) {
        some.add(Arrays.copyOf(ct, cut));
      }
      some.add(Arrays.copyOf(ct, ct.length + 1));
      for (byte[] m : some) {
        try {
          open.apply(m);
          fail("mutant of length " + m.length + " was accepted");
        } catch (IntegrityException expected) {
          // rejected
        }
      }
    }
  }

  @Test
  void builtinKmsBinaryCiphertext_everyMutation_isRejected() {
    try (MinioBuiltinKms kms = MinioBuiltinKms.of("k", SecretBytes.wrapOwned(filled(32, 2)));
        SecretBytes dk = SecretBytes.wrapOwned(filled(32, 5))) {
      KmsContext ctx = KmsContext.of("b", "b/o");
      byte[] ct = kms.encrypt(dk, ctx, filled(16, 1), filled(12, 2));
      assertEquals(76, ct.length);
      assertAllRejected(ct, c -> kms.decrypt("k", c, ctx));
    }
  }

  @Test
  void builtinKmsLegacyJsonCiphertext_noMutationYieldsAnotherPlaintext() {
    Vectors.V legacy =
        Vectors.section("builtin-kms.json", "decryptVectors").stream()
            .filter(v -> v.name().equals("decrypt-minio-test-chacha-context"))
            .findFirst()
            .orElseThrow();
    byte[] ct = legacy.hex("ciphertext");
    byte[] expected = legacy.hex("plaintext");
    KmsContext ctx = KmsContext.of(legacy.stringMap("context"));
    try (MinioBuiltinKms kms =
        MinioBuiltinKms.parse(Vectors.object("builtin-kms.json", "kms").str("secretKey"))) {
      int accepted = 0;
      for (byte[] m : mutants(ct)) {
        try (SecretBytes p = kms.decrypt("my-key", m, ctx)) {
          assertArrayEquals(expected, p.toByteArray(), "a mutant decrypted to another key");
          assertTrue(isMeaningPreserving(ct, m), "accepted a mutant that changes the text");
          accepted++;
        } catch (IntegrityException | FormatException rejected) {
          // rejected
        }
      }
      assertEquals(16 + 1, accepted, "aead/iv/nonce/bytes name case flips and one padding flip");
    }
  }

  @Test
  void configBlob_noMutationDecryptsToOtherDataOrGoesUnnoticed() {
    SecretBytes master = SecretBytes.wrapOwned(filled(32, 0x42));
    KmsContext ctx = ConfigBlob.context("config/iam/format.json");
    byte[] plain = "{\"version\":1}".getBytes(StandardCharsets.UTF_8);
    try (MinioBuiltinKms kms = MinioBuiltinKms.of("my-key", master);
        SecretBytes ek = SecretBytes.wrapOwned(filled(32, 0x10))) {
      byte[] kmsCt = kms.encrypt(ek, ctx, filled(16, 0), filled(12, 1));
      byte[] blob =
          ConfigBlob.encrypt("my-key", kmsCt, AeadCipher.AES_256_GCM, filled(8, 3), ek, plain);
      ConfigBlob original = ConfigBlob.parse(blob);
      int n = 0;
      for (byte[] m : mutants(blob)) {
        ConfigBlob parsed;
        try {
          parsed = ConfigBlob.parse(m);
        } catch (FormatException rejected) {
          continue;
        }
        try (SecretBytes dk = kms.decrypt(parsed.keyId(), parsed.kmsCiphertext(), ctx)) {
          byte[] out = parsed.decrypt(dk);
          // Accepted only if the header means the same (member-name case, base64 padding bits).
          assertEquals(original.keyId(), parsed.keyId());
          assertArrayEquals(original.kmsCiphertext(), parsed.kmsCiphertext());
          assertArrayEquals(original.nonce(), parsed.nonce());
          assertEquals(original.cipher(), parsed.cipher());
          assertArrayEquals(plain, out);
          assertTrue(isMeaningPreserving(blob, m), "accepted a mutant that changes the text");
          n++;
        } catch (IntegrityException | FormatException rejected) {
          // rejected
        } catch (KmsException unknownKey) {
          assertTrue(!parsed.keyId().equals("my-key"), "KMS refused its own key");
        }
      }
      // keyid, kmskey, algorithm, nonce: 25 name letters; the rest are base64 padding-bit flips
      assertEquals(30, n, "accepted mutants");
    }
  }

  /**
   * A one-byte change that JSON readers like MinIO's ignore: the case of a member-name letter, or the
   * unused low bits of the last base64 digit before the padding.
   */
  static boolean isMeaningPreserving(byte[] original, byte[] mutant) {
    if (original.length != mutant.length) {
      return false;
    }
    int at = -1;
    for (int i = 0; i < original.length; i++) {
      if (original[i] != mutant[i]) {
        if (at >= 0) {
          return false;
        }
        at = i;
      }
    }
    if (at < 0) {
      return true;
    }
    if (at + 1 < original.length && original[at + 1] == '=') {
      return true; // last digit before the padding
    }
    boolean letterCase =
        (original[at] ^ mutant[at]) == 0x20 && Character.isLetter((char) original[at]);
    int close = at;
    while (close < original.length && original[close] != '"') {
      close++;
    }
    boolean inMemberName = close + 1 < original.length && original[close + 1] == ':';
    return letterCase && inMemberName;
  }

  private static byte[] filled(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (seed * 31 + i * 7);
    }
    return b;
  }
}
