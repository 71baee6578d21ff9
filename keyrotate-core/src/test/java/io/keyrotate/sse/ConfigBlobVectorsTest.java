package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keyrotate.KeyRotateException;
import io.keyrotate.SecretBytes;
import io.keyrotate.sse.Vectors.V;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** config-blob.json: MinIO's KMS-encrypted config blobs, encrypted byte-exact and decrypted. */
class ConfigBlobVectorsTest {
  private static final String FILE = "config-blob.json";

  static MinioBuiltinKms kms() {
    return MinioBuiltinKms.parse(Vectors.object(FILE, "kms").str("secretKey"));
  }

  /** The full read path: parse the header, ask the KMS for the data key, decrypt the stream. */
  static byte[] decrypt(MinioBuiltinKms kms, byte[] blob, KmsContext context) {
    ConfigBlob b = ConfigBlob.parse(blob);
    try (SecretBytes dk = kms.decrypt(b.keyId(), b.kmsCiphertext(), context)) {
      return b.decrypt(dk);
    }
  }

  @TestFactory
  Stream<DynamicTest> encrypt_everyVector_reproducesTheBlobAndDecrypts() {
    return Vectors.tests(FILE, "vectors", ConfigBlobVectorsTest::checkBlob);
  }

  private static void checkBlob(V v) throws Exception {
    KmsContext ctx = KmsContext.of(v.stringMap("context"));
    assertEquals(ConfigBlob.context(v.str("path")), ctx);
    assertEquals(v.str("associatedData"), new String(ctx.toJson(), StandardCharsets.UTF_8));
    byte[] plain = Vectors.plaintext(v);
    byte[] expectedBlob = v.hex("blob");
    assertEquals(v.num("blobLength"), expectedBlob.length);
    try (MinioBuiltinKms kms = kms();
        SecretBytes ek = v.secret("ek")) {
      byte[] ct = v.hex("kmsCiphertext");
      if (v.has("legacyKms")) {
        try (SecretBytes back = kms.decrypt(kms.keyName(), ct, ctx)) {
          assertEquals(ek, back);
        }
      } else {
        assertArrayEquals(ct, kms.encrypt(ek, ctx, v.hex("kmsIv"), v.hex("kmsNonce")));
      }
      AeadCipher cipher = AeadCipher.fromConfigName(v.str("algorithm"));
      byte[] blob = ConfigBlob.encrypt(kms.keyName(), ct, cipher, v.hex("streamNonce"), ek, plain);
      int off = (int) v.num("streamOffset");
      assertEquals(
          v.str("metadataJson"),
          new String(blob, 5, off - 5, StandardCharsets.UTF_8),
          "header JSON");
      assertEquals(v.num("metadataLength"), off - 5);
      assertEquals(v.num("streamLength"), blob.length - off);
      assertEquals(SioStream.encryptedSize(plain.length), blob.length - off);
      assertArrayEquals(expectedBlob, blob);
      assertArrayEquals(plain, decrypt(kms, expectedBlob, ctx));
    }
  }

  @TestFactory
  Stream<DynamicTest> decrypt_everyModifiedBlob_succeedsOrFailsLikeMinio() {
    return Vectors.tests(FILE, "decryptVectors", ConfigBlobVectorsTest::checkDecrypt);
  }

  private static void checkDecrypt(V v) throws Exception {
    KmsContext ctx =
        v.raw("context") == null ? KmsContext.empty() : KmsContext.of(v.stringMap("context"));
    assertEquals(v.str("associatedData"), new String(ctx.toJson(), StandardCharsets.UTF_8));
    byte[] blob = v.hex("blob");
    try (MinioBuiltinKms kms = kms()) {
      if (v.bool("expectError")) {
        assertThrows(KeyRotateException.class, () -> decrypt(kms, blob, ctx));
        return;
      }
      assertArrayEquals(Vectors.plaintext(v), decrypt(kms, blob, ctx));
    }
  }

  @TestFactory
  Stream<DynamicTest> parse_headerOfEveryVector_exposesItsFields() {
    return Vectors.section(FILE, "vectors").stream()
        .limit(4)
        .map(
            v ->
                DynamicTest.dynamicTest(
                    v.name(),
                    () -> {
                      ConfigBlob b = ConfigBlob.parse(v.hex("blob"));
                      assertEquals("my-key", b.keyId());
                      assertEquals(v.str("algorithm"), b.cipher().configName());
                      assertArrayEquals(v.hex("streamNonce"), b.nonce());
                      assertArrayEquals(v.hex("kmsCiphertext"), b.kmsCiphertext());
                      assertEquals(-1, b.toString().indexOf(v.str("ek")));
                    }));
  }
}
