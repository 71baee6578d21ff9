package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.IntegrityException;
import io.keyrotate.SecretBytes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Rewrap beyond the MinIO vectors: SSE-S3 → SSE-KMS conversion, refusals, wiping, redaction. */
class RewrapTest {
  private static final String BUCKET = "photos";
  private static final String OBJECT = "2024/summer/beach.jpg";
  private static final SecureRandom RANDOM = new SecureRandom();

  private static SecretBytes key(int seed) {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) (seed + i);
    }
    return SecretBytes.wrapOwned(b);
  }

  /** A freshly uploaded SSE-S3 object (with unrelated entries) and its object key. */
  private static Map<String, String> sseS3Object(
      MinioBuiltinKms kms, SecretBytes ek, ObjectKey oek) {
    KmsContext aad = SseMetadata.associatedData(KmsContext.empty(), BUCKET, OBJECT);
    byte[] ct = kms.encrypt(ek, aad, new byte[16], new byte[12]);
    byte[] iv = new byte[32];
    RANDOM.nextBytes(iv);
    byte[] sealed =
        oek.seal(ek, iv, SseType.SSE_S3, BUCKET, OBJECT, AeadCipher.AES_256_GCM, RANDOM);
    Map<String, String> others = new LinkedHashMap<>();
    others.put("X-Amz-Meta-Owner", "alice");
    others.put(SseMetadata.MULTIPART, "");
    others.put(SseMetadata.ACTUAL_SIZE, "12582912");
    return SseMetadata.sseS3(iv, sealed, kms.keyName(), ct).applyTo(others);
  }

  @Test
  void rewrap_sseS3ToSseKms_isAMetadataOnlyConversionMinioCanRead() {
    KmsContext client = KmsContext.of("project", "alpha");
    try (MinioBuiltinKms kms = MinioBuiltinKms.of("my-key", key(0x70));
        SecretBytes oldEk = key(1);
        ObjectKey oek = ObjectKey.of(key(0x40))) {
      Map<String, String> before = sseS3Object(kms, oldEk, oek);
      KmsContext newAad = SseMetadata.associatedData(client, BUCKET, OBJECT);
      try (MinioBuiltinKms.DataKey dk = kms.generateKey("", newAad, RANDOM)) {
        Map<String, String> after =
            Rewrap.rewrap(
                RewrapRequest.builder()
                    .metadata(before)
                    .object(BUCKET, OBJECT)
                    .oldDataKey(oldEk)
                    .newDataKey(dk.plaintext(), dk.keyId(), dk.ciphertext())
                    .newContext(client)
                    .build());
        assertFalse(after.containsKey(SseMetadata.S3_SEALED_KEY));
        assertEquals(SseType.SSE_KMS, SseMetadata.detectType(after));
        assertEquals("eyJwcm9qZWN0IjoiYWxwaGEifQ==", after.get(SseMetadata.CONTEXT));
        assertNotEquals(before.get(SseMetadata.IV), after.get(SseMetadata.IV));
        for (String kept :
            new String[] {"X-Amz-Meta-Owner", SseMetadata.MULTIPART, SseMetadata.ACTUAL_SIZE}) {
          assertEquals(before.get(kept), after.get(kept), kept);
        }
        // MinIO's read path: parse, KMS decrypt with stored context + bucket entry, unseal.
        SseMetadata parsed = SseMetadata.parse(after);
        try (SecretBytes ek =
                kms.decrypt(
                    Objects.requireNonNull(parsed.kmsKeyId()),
                    Objects.requireNonNull(parsed.kmsCiphertext()),
                    parsed.kmsAssociatedData(BUCKET, OBJECT));
            ObjectKey back = parsed.unsealObjectKey(ek, BUCKET, OBJECT)) {
          assertEquals(oek.secret(), back.secret());
        }
      }
    }
  }

  @Test
  void rewrap_sseKmsWithEmptyNewContext_dropsTheStaleContextEntry() {
    try (SecretBytes ek1 = key(1);
        SecretBytes ek2 = key(2);
        ObjectKey oek = ObjectKey.of(key(3))) {
      byte[] iv = new byte[32];
      byte[] sealed =
          oek.seal(ek1, iv, SseType.SSE_KMS, BUCKET, OBJECT, AeadCipher.CHACHA20_POLY1305, RANDOM);
      Map<String, String> before =
          SseMetadata.sseKms(iv, sealed, "k", new byte[] {1}, KmsContext.of("a", "b")).toMap();
      Map<String, String> after =
          Rewrap.rewrap(
              RewrapRequest.builder()
                  .metadata(before)
                  .object(BUCKET, OBJECT)
                  .oldDataKey(ek1)
                  .newDataKey(ek2, "k2", new byte[] {2})
                  .build());
      assertFalse(after.containsKey(SseMetadata.CONTEXT));
      assertEquals("k2", after.get(SseMetadata.KMS_KEY_ID));
      try (ObjectKey back = SseMetadata.parse(after).unsealObjectKey(ek2, BUCKET, OBJECT)) {
        assertEquals(oek.secret(), back.secret());
      }
    }
  }

  @Test
  void rewrap_unsupportedMoves_areRefused() {
    try (SecretBytes ek = key(1);
        ObjectKey oek = ObjectKey.of(key(3))) {
      byte[] iv = new byte[32];
      Map<String, String> kms =
          SseMetadata.sseKms(
                  iv,
                  oek.seal(ek, iv, SseType.SSE_KMS, BUCKET, OBJECT, AeadCipher.AES_256_GCM, RANDOM),
                  "k",
                  new byte[] {1},
                  KmsContext.empty())
              .toMap();
      Map<String, String> ssec =
          SseMetadata.sseC(
                  iv,
                  oek.seal(ek, iv, SseType.SSE_C, BUCKET, OBJECT, AeadCipher.AES_256_GCM, RANDOM))
              .toMap();
      RewrapRequest.Builder toS3 =
          RewrapRequest.builder()
              .metadata(kms)
              .object(BUCKET, OBJECT)
              .oldDataKey(ek)
              .newDataKey(ek, "k", new byte[] {1})
              .target(SseType.SSE_S3);
      assertThrows(IllegalArgumentException.class, () -> Rewrap.rewrap(toS3.build()));
      assertThrows(
          IllegalArgumentException.class,
          () -> Rewrap.rewrap(toS3.metadata(ssec).target(SseType.SSE_KMS).build()));
      assertThrows(
          IllegalArgumentException.class,
          () ->
              toS3.metadata(kms)
                  .target(SseType.SSE_S3)
                  .newContext(KmsContext.of("a", "b"))
                  .build());
      assertThrows(IllegalArgumentException.class, () -> toS3.target(SseType.SSE_C).build());
      assertThrows(NullPointerException.class, () -> RewrapRequest.builder().metadata(kms).build());
    }
  }

  @Test
  void rewrapSealedKey_success_leavesNoKeyMaterialInTheScratchBuffers() {
    try (SecretBytes ek1 = key(1);
        SecretBytes ek2 = key(2);
        ObjectKey oek = ObjectKey.of(key(3))) {
      byte[] iv = new byte[32];
      byte[] sealed =
          oek.seal(ek1, iv, SseType.SSE_S3, BUCKET, OBJECT, AeadCipher.AES_256_GCM, RANDOM);
      byte[] out = new byte[64];
      Rewrap.rewrapSealedKey(
          sealed,
          BUCKET,
          OBJECT,
          ek1,
          iv,
          SseType.SSE_S3,
          ek2,
          iv,
          SseType.SSE_S3,
          AeadCipher.AES_256_GCM,
          new byte[12],
          out,
          0);
      assertScratchWiped();
      assertThrows(
          IntegrityException.class,
          () ->
              Rewrap.rewrapSealedKey(
                  out,
                  BUCKET,
                  OBJECT,
                  ek1,
                  iv,
                  SseType.SSE_S3,
                  ek2,
                  iv,
                  SseType.SSE_S3,
                  AeadCipher.AES_256_GCM,
                  new byte[12],
                  new byte[64],
                  0));
      assertScratchWiped();
    }
  }

  private static void assertScratchWiped() {
    Kdf.Scratch s = Kdf.scratch();
    for (byte[] b : new byte[][] {s.kek, s.oek, s.oldKey, s.newKey}) {
      assertArrayEquals(new byte[32], b);
    }
  }

  @Test
  void toStringAndMessages_neverContainKeyMaterial() {
    try (SecretBytes ek = key(0x11);
        SecretBytes other = key(0x12);
        ObjectKey oek = ObjectKey.of(key(0x13));
        MinioBuiltinKms kms = MinioBuiltinKms.of("my-key", key(0x14));
        MinioBuiltinKms.DataKey dk = kms.generateKey("", KmsContext.empty(), RANDOM)) {
      byte[] iv = new byte[32];
      byte[] sealed =
          oek.seal(ek, iv, SseType.SSE_S3, BUCKET, OBJECT, AeadCipher.AES_256_GCM, RANDOM);
      IntegrityException e =
          assertThrows(
              IntegrityException.class,
              () ->
                  ObjectKey.unseal(
                      sealed, other, iv, ObjectKey.SEAL_ALGORITHM, SseType.SSE_S3, BUCKET, OBJECT));
      RewrapRequest req =
          RewrapRequest.builder()
              .metadata(Map.of())
              .object(BUCKET, OBJECT)
              .oldDataKey(ek)
              .newDataKey(dk.plaintext(), dk.keyId(), dk.ciphertext())
              .build();
      HexFormat hex = HexFormat.of();
      String secrets =
          String.join(
              " ",
              hex.formatHex(ek.toByteArray()),
              hex.formatHex(oek.secret().toByteArray()),
              hex.formatHex(dk.plaintext().toByteArray()));
      for (String text :
          new String[] {
            e.getMessage(),
            oek.toString(),
            kms.toString(),
            dk.toString(),
            req.toString(),
            SseMetadata.sseS3(iv, sealed, "my-key", dk.ciphertext()).toString()
          }) {
        for (String secret : secrets.split(" ")) {
          assertFalse(text.contains(secret), text);
          assertFalse(text.contains(secret.substring(0, 16)), text);
        }
        assertTrue(text.length() < 200, text);
      }
    }
  }
}
