package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keyrotate.KeyRotateException;
import io.keyrotate.SecretBytes;
import io.keyrotate.sse.Vectors.V;
import io.keyrotate.sse.internal.DarePackage;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * data.json: part keys, multipart nonces, ETag sealing and decryption, OEK-derived metadata keys,
 * and complete uploads. Object data is DARE 2.0; the streams are assembled here package by package
 * with the one-package primitive (the streaming DARE classes live in io.keyrotate.crypto).
 */
class DataVectorsTest {
  private static final String FILE = "data.json";

  /** A DARE 2.0 stream built from single packages: 64 KiB each, the last one final. */
  static byte[] dare(AeadCipher cipher, byte[] key, byte[] nonce, byte[] plaintext) {
    if (plaintext.length == 0) {
      return new byte[0];
    }
    int n = (plaintext.length + DarePackage.MAX_PAYLOAD - 1) / DarePackage.MAX_PAYLOAD;
    byte[] out = new byte[plaintext.length + n * DarePackage.OVERHEAD];
    int o = 0;
    for (int i = 0; i < n; i++) {
      int off = i * DarePackage.MAX_PAYLOAD;
      int len = Math.min(DarePackage.MAX_PAYLOAD, plaintext.length - off);
      o += DarePackage.seal20(cipher, key, 0, nonce, 0, i, i == n - 1, plaintext, off, len, out, o);
    }
    return out;
  }

  private static void assertStored(V v, byte[] stored) throws Exception {
    assertEquals(v.num("storedDataLength"), stored.length);
    if (v.has("storedData")) {
      assertEquals(v.str("storedData"), Vectors.hex(stored));
    } else {
      assertEquals(
          v.str("storedDataSha256"),
          Vectors.hex(MessageDigest.getInstance("SHA-256").digest(stored)));
      assertEquals(v.str("storedDataHead"), Vectors.hex(Arrays.copyOf(stored, 256)));
      assertEquals(
          v.str("storedDataTail"),
          Vectors.hex(Arrays.copyOfRange(stored, stored.length - 256, stored.length)));
    }
  }

  private static String md5(byte[] data) throws Exception {
    return Vectors.hex(MessageDigest.getInstance("MD5").digest(data));
  }

  @TestFactory
  Stream<DynamicTest> partKey_everyVector_isHmacOfTheLittleEndianPartNumber() {
    return Vectors.tests(
        FILE,
        "partKeyVectors",
        v -> {
          try (ObjectKey oek = ObjectKey.of(v.secret("oek"));
              SecretBytes part = oek.partKey(v.num("partNumber"))) {
            assertEquals(v.str("partKey"), Vectors.hex(part.toByteArray()));
          }
        });
  }

  @TestFactory
  Stream<DynamicTest> partNonce_everyVector_isTheSha256Prefix() {
    return Vectors.tests(
        FILE,
        "multipartNonceVectors",
        v ->
            assertEquals(
                v.str("nonce"),
                Vectors.hex(SseETags.partNonce(v.str("uploadId"), v.num("partNumber")))));
  }

  @TestFactory
  Stream<DynamicTest> sealETag_everyVector_matchesAndShowsTheClientETag() {
    return Vectors.tests(FILE, "etagVectors", DataVectorsTest::checkETag);
  }

  private static void checkETag(V v) {
    try (ObjectKey oek = ObjectKey.of(v.secret("oek"))) {
      AeadCipher cipher = v.raw("cipher") == null ? AeadCipher.AES_256_GCM : v.cipher("cipher");
      byte[] nonce = v.has("dareNonce") ? v.hex("dareNonce") : new byte[12];
      byte[] sealed = oek.sealETag(v.hex("etag"), cipher, nonce);
      assertEquals(v.str("sealedETag"), Vectors.hex(sealed));
      assertEquals(v.num("sealedETagLength"), sealed.length);
      if (v.has("etagKey")) {
        try (SecretBytes k = oek.derivedKey("SSE-etag")) {
          assertEquals(v.str("etagKey"), Vectors.hex(k.toByteArray()));
        }
      }
      if (!oek.isZero()) {
        assertArrayEquals(v.hex("etag"), oek.unsealETag(sealed));
      }
      if (v.has("clientVisibleETag")) {
        V shown = v.obj("clientVisibleETag");
        for (SseType t : SseType.values()) {
          assertEquals(
              shown.str(t.domain()),
              SseETags.clientVisible(t, oek, Vectors.hex(sealed)),
              t.domain());
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> decryptStored_everyVector_returnsTheETagOrFails() {
    return Vectors.tests(
        FILE,
        "etagDecryptVectors",
        v -> {
          try (ObjectKey oek = ObjectKey.of(v.secret("oek"))) {
            if (v.bool("expectError")) {
              assertThrows(
                  KeyRotateException.class, () -> SseETags.decryptStored(oek, v.str("storedETag")));
            } else {
              assertEquals(v.str("etag"), SseETags.decryptStored(oek, v.str("storedETag")));
            }
          }
        });
  }

  @TestFactory
  Stream<DynamicTest> derivedKey_everyMetadataEncryptionVector_matches() {
    return Vectors.tests(
        FILE,
        "metadataEncryptionVectors",
        v -> {
          try (ObjectKey oek = ObjectKey.of(v.secret("oek"));
              SecretBytes k = oek.derivedKey(v.str("baseKey"))) {
            assertEquals(v.str("derivedKey"), Vectors.hex(k.toByteArray()));
            byte[] data = v.hex("data");
            byte[] out =
                data.length == 0
                    ? data
                    : dare(v.cipher("cipher"), k.toByteArray(), v.hex("dareNonce"), data);
            assertEquals(v.str("output"), Vectors.hex(out));
          }
        });
  }

  @TestFactory
  Stream<DynamicTest> encryptPart_everyVector_usesTheOekOrThePartKey() {
    return Vectors.tests(
        FILE,
        "encryptPartVectors",
        v -> {
          try (ObjectKey oek = ObjectKey.of(v.secret("oek"));
              SecretBytes key =
                  v.num("partId") == 0 ? oek.secret() : oek.partKey(v.num("partId"))) {
            assertEquals(v.str("dataKey"), Vectors.hex(key.toByteArray()));
            byte[] ct =
                dare(v.cipher("cipher"), key.toByteArray(), v.hex("dareNonce"), v.hex("plaintext"));
            assertEquals(v.str("ciphertext"), Vectors.hex(ct));
          }
        });
  }

  @TestFactory
  Stream<DynamicTest> object_everyUpload_reproducesMetadataDataAndETags() {
    return Vectors.tests(FILE, "objectVectors", DataVectorsTest::checkObject);
  }

  private static void checkObject(V v) throws Exception {
    SseType type = v.sseType("sseType");
    AeadCipher cipher = v.cipher("serverCipher");
    Map<String, String> expected = v.stringMap("metadata");
    Map<String, String> others = new LinkedHashMap<>(expected);
    others.keySet().removeAll(SseMetadata.parse(expected).toMap().keySet());
    try (MinioBuiltinKms kms = MinioBuiltinKms.parse(Vectors.object(FILE, "kms").str("secretKey"));
        MinioHarness.Created c = MinioHarness.create(v, kms)) {
      assertEquals(expected, c.metadata().applyTo(others));
      ObjectKey oek = c.oek();
      if (!v.has("parts")) {
        byte[] plain = Vectors.plaintext(v);
        try (SecretBytes k = oek.secret()) {
          byte[] stored = dare(cipher, k.toByteArray(), v.hex("dataNonce"), plain);
          assertStored(v, stored);
          assertEquals(v.num("storedSize"), stored.length);
        }
        assertEquals(v.str("plaintextMd5"), md5(plain));
        byte[] sealedETag = oek.sealETag(v.hex("plaintextMd5"), cipher, v.hex("etagNonce"));
        assertEquals(v.str("storedETag"), Vectors.hex(sealedETag));
        assertEquals(v.str("clientETag"), SseETags.clientVisible(type, oek, v.str("storedETag")));
        return;
      }
      assertEquals("", expected.get(SseMetadata.MULTIPART));
      List<String> clientETags = new ArrayList<>();
      long total = 0;
      for (V part : v.list("parts")) {
        long n = part.num("partNumber");
        byte[] plain = Vectors.plaintext(part);
        total += plain.length;
        assertEquals(part.str("dareNonce"), Vectors.hex(SseETags.partNonce(v.str("uploadId"), n)));
        try (SecretBytes pk = oek.partKey(n)) {
          assertEquals(part.str("partKey"), Vectors.hex(pk.toByteArray()));
          byte[] stored = dare(cipher, pk.toByteArray(), part.hex("dareNonce"), plain);
          assertStored(part, stored);
        }
        assertEquals(part.str("plaintextMd5"), md5(plain));
        byte[] sealedETag = oek.sealETag(part.hex("plaintextMd5"), cipher, part.hex("etagNonce"));
        assertEquals(part.str("storedETag"), Vectors.hex(sealedETag));
        String shown = SseETags.clientVisible(type, oek, part.str("storedETag"));
        assertEquals(part.str("clientETag"), shown);
        clientETags.add(shown);
      }
      assertEquals(v.str("objectETag"), SseETags.multipart(clientETags));
      assertEquals(Long.toString(total), expected.get(SseMetadata.ACTUAL_SIZE));
    }
  }
}
