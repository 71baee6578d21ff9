package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.KeyRotateException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.sse.Vectors.V;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * metadata.json: create (newEncryptMetadata), rotate (rotateKey), decrypt (decryptObjectMeta),
 * malformed maps and type detection. The KMS side is the builtin KMS with the vectors' key; the
 * library functions under test are pure, exactly as the job runner calls them around its KMS.
 */
class MetadataVectorsTest {
  private static final String FILE = "metadata.json";

  private static MinioBuiltinKms kms() {
    return MinioBuiltinKms.parse(Vectors.object(FILE, "kms").str("secretKey"));
  }

  // ------------------------------------------------------------------ create

  @TestFactory
  Stream<DynamicTest> create_everyVector_reproducesTheStoredMap() {
    return Vectors.tests(FILE, "vectors", MetadataVectorsTest::checkCreate);
  }

  private static void checkCreate(V v) throws Exception {
    try (MinioBuiltinKms kms = kms();
        MinioHarness.Created c = MinioHarness.create(v, kms)) {
      Map<String, String> expected = v.stringMap("metadata");
      assertEquals(expected, c.metadata().applyTo(v.optStringMap("metadataIn")));
      assertEquals(
          c.metadata().toMap(), SseMetadata.parse(expected).toMap(), "parse(create) round trip");
    }
  }

  // ------------------------------------------------------------------ rotate

  @TestFactory
  Stream<DynamicTest> rotate_everyVector_reproducesTheRotatedMapOrFails() {
    return Vectors.tests(FILE, "rotateVectors", MetadataVectorsTest::checkRotate);
  }

  private static void checkRotate(V v) {
    String bucket = v.goStr("bucket");
    String object = v.goStr("object");
    SseType type = v.sseType("sseType");
    AeadCipher cipher = v.cipher("serverCipher");
    Map<String, String> before = v.stringMap("metadataBefore");
    if (type == SseType.SSE_C) {
      byte[] nonce = v.has("dareNonce") ? v.hex("dareNonce") : new byte[12];
      try (SecretBytes oldKey = v.secret("oldSsecKey");
          SecretBytes newKey = v.secret("newSsecKey")) {
        if (v.bool("expectError")) {
          assertThrows(
              IntegrityException.class,
              () -> Rewrap.rewrapSseC(before, bucket, object, oldKey, newKey, cipher, nonce));
          return;
        }
        assertEquals(
            v.stringMap("metadataAfter"),
            Rewrap.rewrapSseC(before, bucket, object, oldKey, newKey, cipher, nonce));
      }
      return;
    }
    try (MinioBuiltinKms kms = kms()) {
      if (v.bool("expectError")) {
        assertThrows(
            KeyRotateException.class,
            () -> rotateWithKms(v, kms, before, bucket, object, type, cipher));
        return;
      }
      Map<String, String> after = rotateWithKms(v, kms, before, bucket, object, type, cipher);
      assertEquals(v.stringMap("metadataAfter"), after);
      // The object key is unchanged and unseals with the new data key.
      SseMetadata parsed = SseMetadata.parse(after);
      try (SecretBytes newEk = v.secret("ek");
          ObjectKey oek = parsed.unsealObjectKey(newEk, bucket, object);
          SecretBytes kek = ObjectKey.sealingKey(newEk, parsed.iv(), type, bucket, object)) {
        assertEquals(v.str("oek"), Vectors.hex(oek.secret().toByteArray()));
        assertEquals(v.str("kek"), Vectors.hex(kek.toByteArray()));
      }
    }
  }

  /** What a job runner does: KMS decrypt, KMS generate, pure rewrap in between. */
  private static Map<String, String> rotateWithKms(
      V v,
      MinioBuiltinKms kms,
      Map<String, String> before,
      String bucket,
      String object,
      SseType type,
      AeadCipher cipher) {
    SseMetadata old = SseMetadata.parse(before);
    try (SecretBytes oldEk =
        kms.decrypt(
            Objects.requireNonNull(old.kmsKeyId()),
            Objects.requireNonNull(old.kmsCiphertext()),
            old.kmsAssociatedData(bucket, object))) {
      KmsContext newContext =
          v.raw("cryptoCtx") != null ? KmsContext.of(v.stringMap("cryptoCtx")) : old.context();
      KmsContext aad = SseMetadata.associatedData(newContext, bucket, object);
      String keyArg = v.str("newKeyIdArgument");
      if (!keyArg.isEmpty() && !keyArg.equals(kms.keyName())) {
        // what GenerateKey does for a name it does not know
        kms.generateKey(keyArg, aad, new java.security.SecureRandom());
      }
      assertEquals(v.str("kmsAssociatedData"), new String(aad.toJson(), StandardCharsets.UTF_8));
      try (SecretBytes newEk = v.secret("ek")) {
        byte[] ct = kms.encrypt(newEk, aad, v.hex("kmsIv"), v.hex("kmsNonce"));
        assertEquals(v.str("kmsCiphertext"), Vectors.hex(ct));
        RewrapRequest request =
            RewrapRequest.builder()
                .metadata(before)
                .object(bucket, object)
                .oldDataKey(oldEk)
                .newDataKey(newEk, kms.keyName(), ct)
                .newContext(type == SseType.SSE_KMS ? newContext : KmsContext.empty())
                .target(type)
                .cipher(cipher)
                .iv(v.hex("iv"))
                .nonce(v.hex("dareNonce"))
                .build();
        return Rewrap.rewrap(request);
      }
    }
  }

  // ------------------------------------------------------------------ decrypt

  @TestFactory
  Stream<DynamicTest> decrypt_everyVector_unsealsTheObjectKeyOrFails() {
    return Vectors.tests(
        FILE,
        "decryptVectors",
        v ->
            checkDecrypt(
                v.stringMap("metadata"),
                v.goStr("bucket"),
                v.goStr("object"),
                v.has("ssecKey") ? v.hex("ssecKey") : null,
                v.bool("kmsConfigured"),
                v));
  }

  private static void checkDecrypt(
      Map<String, String> metadata,
      String bucket,
      String object,
      byte @Nullable [] ssecKey,
      boolean kmsConfigured,
      V expect) {
    if (expect.bool("expectError")) {
      // Every failure, including inputs that make MinIO panic, must be one of our exceptions.
      assertThrows(
          KeyRotateException.class,
          () -> decryptObjectMeta(metadata, bucket, object, ssecKey, kmsConfigured).close());
      return;
    }
    try (ObjectKey oek = decryptObjectMeta(metadata, bucket, object, ssecKey, kmsConfigured)) {
      assertEquals(expect.str("oek"), Vectors.hex(oek.secret().toByteArray()));
    }
  }

  /** MinIO's decryptObjectMeta read path, built from the library's pieces. */
  private static ObjectKey decryptObjectMeta(
      Map<String, String> metadata,
      String bucket,
      String object,
      byte @Nullable [] ssecKey,
      boolean kmsConfigured) {
    SseMetadata m = SseMetadata.parse(metadata);
    if (m.type() == SseType.SSE_C) {
      try (SecretBytes k = SecretBytes.copyOf(Objects.requireNonNull(ssecKey))) {
        return m.unsealObjectKey(k, bucket, object);
      }
    }
    if (!kmsConfigured) {
      throw new KmsException("no KMS configured for a server-side encrypted object");
    }
    byte[] ct = m.kmsCiphertext();
    String keyId = m.kmsKeyId();
    try (MinioBuiltinKms kms = kms();
        SecretBytes ek =
            kms.decrypt(
                keyId == null ? "" : keyId,
                ct == null ? new byte[0] : ct,
                m.kmsAssociatedData(bucket, object))) {
      return m.unsealObjectKey(ek, bucket, object);
    }
  }

  // ------------------------------------------------------------------ malformed

  @TestFactory
  Stream<DynamicTest> parse_everyMalformedVector_behavesLikeMinio() {
    return Vectors.tests(FILE, "malformedVectors", MetadataVectorsTest::checkMalformed);
  }

  private static void checkMalformed(V v) {
    String parser = v.str("parser");
    SseType type =
        parser.contains("S3KMS")
            ? SseType.SSE_KMS
            : parser.contains("SSEC") ? SseType.SSE_C : SseType.SSE_S3;
    Map<String, String> metadata = v.stringMap("metadata");
    if (v.bool("expectError")) {
      FormatException e =
          assertThrows(FormatException.class, () -> SseMetadata.parse(type, metadata));
      String entry = entryNamedBy(v.str("error"), type);
      assertTrue(e.getMessage().contains(entry), e.getMessage() + " should name " + entry);
    } else {
      SseMetadata m = SseMetadata.parse(type, metadata);
      V p = v.obj("parsed");
      assertEquals(p.str("iv"), Vectors.hex(m.iv()));
      assertEquals(p.str("sealedKey"), Vectors.hex(m.sealedKey()));
      assertEquals(p.str("sealAlgorithm"), m.sealAlgorithm());
      if (type != SseType.SSE_C) {
        assertEquals(p.str("keyId"), Objects.requireNonNullElse(m.kmsKeyId(), ""));
        byte[] ct = m.kmsCiphertext();
        assertEquals(p.str("kmsCiphertext"), ct == null ? "" : Vectors.hex(ct));
      }
      if (type == SseType.SSE_KMS) {
        KmsContext expected =
            p.raw("context") == null ? KmsContext.empty() : KmsContext.of(p.stringMap("context"));
        assertEquals(expected, m.context());
      }
    }
    V dom = v.obj("decryptObjectMeta");
    byte[] ssecKey = dom.has("ssecKey") ? dom.hex("ssecKey") : null;
    checkDecrypt(
        metadata, dom.goStr("bucket"), dom.goStr("object"), ssecKey, true, dom.obj("result"));
  }

  /** The entry a MinIO parser error is about; our message must name it. */
  private static String entryNamedBy(String minioError, SseType type) {
    if (minioError.contains("encryption IV")) {
      return SseMetadata.IV;
    }
    if (minioError.contains("seal algorithm")) {
      return SseMetadata.SEAL_ALGORITHM;
    }
    if (minioError.contains("KMS key-ID")) {
      return SseMetadata.KMS_KEY_ID;
    }
    if (minioError.contains("sealed KMS data key")) {
      return SseMetadata.KMS_DATA_KEY;
    }
    if (minioError.contains("KMS context")) {
      return SseMetadata.CONTEXT;
    }
    if (minioError.contains("sealed key for")) {
      return type == SseType.SSE_S3
          ? SseMetadata.S3_SEALED_KEY
          : type == SseType.SSE_KMS ? SseMetadata.KMS_SEALED_KEY : SseMetadata.SSEC_SEALED_KEY;
    }
    throw new IllegalStateException("unmapped MinIO error: " + minioError);
  }

  // ------------------------------------------------------------------ detection

  @TestFactory
  Stream<DynamicTest> detectType_everyVector_matchesIsEncrypted() {
    return Vectors.tests(
        FILE,
        "typeDetectionVectors",
        v -> {
          Map<String, String> m = v.stringMap("metadata");
          SseType t = SseMetadata.detectType(m);
          if (v.raw("type") == null) {
            assertNull(t);
          } else {
            assertEquals(v.sseType("type"), t);
          }
          assertEquals(v.bool("encrypted"), SseMetadata.isEncrypted(m));
          assertEquals(v.bool("multipart"), SseMetadata.isMultipart(m));
          if (v.has("decryptObjectMetaError")) {
            FormatException e = assertThrows(FormatException.class, () -> SseMetadata.parse(m));
            assertInstanceOf(FormatException.class, e);
            assertTrue(e.getMessage().contains("may be compromised"), e.getMessage());
          }
        });
  }
}
