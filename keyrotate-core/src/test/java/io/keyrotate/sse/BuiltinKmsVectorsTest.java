package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keyrotate.FormatException;
import io.keyrotate.KeyRotateException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.sse.Vectors.V;
import io.keyrotate.sse.internal.HChaCha20;
import io.keyrotate.sse.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * builtin-kms.json: MINIO_KMS_SECRET_KEY parsing, GenerateKey (binary layout) and Decrypt (both
 * layouts).
 */
class BuiltinKmsVectorsTest {
  private static final String FILE = "builtin-kms.json";

  private static MinioBuiltinKms kms() {
    return MinioBuiltinKms.parse(Vectors.object(FILE, "kms").str("secretKey"));
  }

  private static KmsContext context(V v) {
    return v.raw("context") == null ? KmsContext.empty() : KmsContext.of(v.stringMap("context"));
  }

  @TestFactory
  Stream<DynamicTest> parse_everyVector_acceptsOrRejectsLikeMinio() {
    return Vectors.tests(
        FILE,
        "parseSecretKeyVectors",
        v -> {
          if (v.bool("expectError")) {
            FormatException e =
                assertThrows(FormatException.class, () -> MinioBuiltinKms.parse(v.str("input")));
            String input = v.str("input");
            String keyPart = input.substring(input.indexOf(':') + 1);
            assertFalse(
                !keyPart.isEmpty() && e.getMessage().contains(keyPart), "message echoes the key");
            return;
          }
          try (MinioBuiltinKms kms = MinioBuiltinKms.parse(v.str("input"));
              SecretBytes probe = SecretBytes.wrapOwned(new byte[32])) {
            assertEquals(v.str("keyName"), kms.keyName());
            // The master key is right if it reproduces HMAC(master, iv): compare against
            // an instance built from the expected bytes.
            try (MinioBuiltinKms expected =
                MinioBuiltinKms.of(v.str("keyName"), v.secret("masterKey"))) {
              byte[] iv = new byte[16];
              byte[] nonce = new byte[12];
              assertEquals(
                  Vectors.hex(expected.encrypt(probe, KmsContext.empty(), iv, nonce)),
                  Vectors.hex(kms.encrypt(probe, KmsContext.empty(), iv, nonce)));
            }
          }
        });
  }

  @TestFactory
  Stream<DynamicTest> generateKey_everyVector_reproducesTheCiphertext() {
    return Vectors.tests(FILE, "generateKeyVectors", BuiltinKmsVectorsTest::checkGenerate);
  }

  private static void checkGenerate(V v) {
    KmsContext ctx = context(v);
    try (MinioBuiltinKms kms = kms()) {
      if (v.bool("expectError")) {
        ScriptedRandom none = new ScriptedRandom();
        assertThrows(KmsException.class, () -> kms.generateKey(v.str("requestName"), ctx, none));
        none.assertExhausted(); // fails before drawing randomness, as MinIO does
        return;
      }
      assertEquals(v.str("associatedData"), new String(ctx.toJson(), StandardCharsets.UTF_8));
      byte[] ivNonce = Vectors.hex(v.str("kmsIv") + v.str("kmsNonce"));
      ScriptedRandom random = new ScriptedRandom(ivNonce, v.hex("ek"));
      try (MinioBuiltinKms.DataKey key = kms.generateKey(v.str("requestName"), ctx, random)) {
        random.assertExhausted();
        assertEquals(v.str("keyId"), key.keyId());
        assertEquals(v.str("plaintext"), Vectors.hex(key.plaintext().toByteArray()));
        assertEquals(v.str("ciphertext"), Vectors.hex(key.ciphertext()));
        try (SecretBytes back = kms.decrypt(key.keyId(), key.ciphertext(), ctx)) {
          assertEquals(key.plaintext(), back);
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> decrypt_everyVector_returnsThePlaintextOrFails() {
    return Vectors.tests(FILE, "decryptVectors", BuiltinKmsVectorsTest::checkDecrypt);
  }

  private static void checkDecrypt(V v) {
    KmsContext ctx = context(v);
    assertEquals(v.str("associatedData"), new String(ctx.toJson(), StandardCharsets.UTF_8));
    try (MinioBuiltinKms kms = kms()) {
      if (v.bool("expectError")) {
        // Includes the inputs on which MinIO panics: they must be ordinary errors here.
        assertThrows(
            KeyRotateException.class,
            () -> kms.decrypt(v.str("requestName"), v.hex("ciphertext"), ctx).close());
        return;
      }
      try (SecretBytes plain = kms.decrypt(v.str("requestName"), v.hex("ciphertext"), ctx)) {
        assertEquals(v.str("plaintext"), Vectors.hex(plain.toByteArray()));
      }
      if (v.has("hchacha20SealingKey")) {
        Map<?, ?> json = (Map<?, ?>) Json.parse(v.hex("ciphertext"));
        String ivB64 = null;
        for (Map.Entry<?, ?> e : json.entrySet()) {
          if (((String) e.getKey()).equalsIgnoreCase("iv")) {
            ivB64 = (String) e.getValue();
          }
        }
        byte[] master = Vectors.object(FILE, "kms").hex("masterKey");
        assertEquals(
            v.str("hchacha20SealingKey"),
            Vectors.hex(HChaCha20.subkey(master, java.util.Base64.getDecoder().decode(ivB64))));
      }
    }
  }
}
