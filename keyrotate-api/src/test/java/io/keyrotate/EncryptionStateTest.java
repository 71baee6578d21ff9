package io.keyrotate;

import static io.keyrotate.EncryptionState.CONTEXT;
import static io.keyrotate.EncryptionState.ENCRYPTED_MULTIPART;
import static io.keyrotate.EncryptionState.IV;
import static io.keyrotate.EncryptionState.KMS_DATA_KEY;
import static io.keyrotate.EncryptionState.KMS_KEY_ID;
import static io.keyrotate.EncryptionState.KMS_SEALED_KEY;
import static io.keyrotate.EncryptionState.S3_SEALED_KEY;
import static io.keyrotate.EncryptionState.SEAL_ALGORITHM;
import static io.keyrotate.EncryptionState.SSEC_SEALED_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every branch of {@link EncryptionState#parse}. The well-formed maps are MinIO's own (vector {@code
 * spec-4.9-sse-kms-create} and {@code decrypt-sse-s3-correct} of shared/vectors/minio-sse/metadata.json);
 * the type-detection cases follow that file's {@code typeDetectionVectors}.
 */
class EncryptionStateTest {
  private static final String IV_OK = "gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp8=";
  private static final String SEALED_OK =
      "IAAfAIECAwQFBgcICQoLDDVnr1nljfqf6fKMX6FfVayIIezwKvVxJ3NMFPHyXNt3UzqRPsn2Pxb+yq6wiV/hMQ==";
  private static final String KMS_CT_OK =
      "VbtNvv7gss4pCvTQ1g4J6YimB8wy/oIC0R6BsgL0adP3uEr3FlIFudvHlj5Q8urwwMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna2w==";
  private static final String CONTEXT_OK = "eyJwcm9qZWN0IjoiYWxwaGEifQ=="; // {"project":"alpha"}
  private static final String DAREV2 = "DAREv2-HMAC-SHA256";

  private static Map<String, String> kms() {
    Map<String, String> m = new HashMap<>();
    m.put(CONTEXT, CONTEXT_OK);
    m.put(IV, IV_OK);
    m.put(KMS_SEALED_KEY, SEALED_OK);
    m.put(KMS_KEY_ID, "my-key");
    m.put(KMS_DATA_KEY, KMS_CT_OK);
    m.put(SEAL_ALGORITHM, DAREV2);
    return m;
  }

  private static Map<String, String> s3() {
    Map<String, String> m = kms();
    m.remove(CONTEXT);
    m.put(S3_SEALED_KEY, m.remove(KMS_SEALED_KEY));
    return m;
  }

  private static String unknownReason(Map<String, String> m) {
    return assertInstanceOf(EncryptionState.Unknown.class, EncryptionState.parse(m)).reason();
  }

  @Test
  void parse_minioSseKmsMetadata_isSseKmsWithKeyAndContext() {
    EncryptionState.SseKms s =
        assertInstanceOf(EncryptionState.SseKms.class, EncryptionState.parse(kms()));
    assertEquals("my-key", s.keyId());
    assertEquals(Map.of("project", "alpha"), s.context());
  }

  @Test
  void parse_sseKmsWithoutContext_hasEmptyContext() {
    Map<String, String> m = kms();
    m.remove(CONTEXT);
    assertEquals(new EncryptionState.SseKms("my-key", Map.of()), EncryptionState.parse(m));
  }

  @Test
  void parse_minioSseS3Metadata_isSseS3AndIgnoresAContext() {
    assertEquals(new EncryptionState.SseS3("my-key"), EncryptionState.parse(s3()));
    Map<String, String> m = s3();
    m.put(CONTEXT, "not even base64");
    assertEquals(new EncryptionState.SseS3("my-key"), EncryptionState.parse(m));
  }

  @Test
  void parse_legacyWithoutKmsEntries_hasNullKeyId() {
    for (Map<String, String> m : List.of(kms(), s3())) {
      m.remove(KMS_KEY_ID);
      m.remove(KMS_DATA_KEY);
      EncryptionState st = EncryptionState.parse(m);
      assertTrue(
          st.equals(new EncryptionState.SseS3(null))
              || st.equals(new EncryptionState.SseKms(null, Map.of("project", "alpha"))),
          st.toString());
    }
  }

  @Test
  void parse_detectionOrder_kmsBeatsS3BeatsSseC() {
    Map<String, String> all = kms();
    all.put(S3_SEALED_KEY, SEALED_OK);
    all.put(SSEC_SEALED_KEY, SEALED_OK);
    assertInstanceOf(EncryptionState.SseKms.class, EncryptionState.parse(all));
    Map<String, String> s3AndC = s3();
    s3AndC.put(SSEC_SEALED_KEY, SEALED_OK);
    assertInstanceOf(EncryptionState.SseS3.class, EncryptionState.parse(s3AndC));
    // Detection goes by the sealed-key entry alone; validation of that type follows.
    assertTrue(unknownReason(Map.of(KMS_SEALED_KEY, "x", S3_SEALED_KEY, "x")).startsWith("missing"));
  }

  @Test
  void parse_sseC_isSseCForEitherSealAlgorithmOrNone() {
    assertEquals(new EncryptionState.SseC(), EncryptionState.parse(Map.of(SSEC_SEALED_KEY, "x")));
    assertEquals(
        new EncryptionState.SseC(),
        EncryptionState.parse(Map.of(SSEC_SEALED_KEY, "x", SEAL_ALGORITHM, DAREV2)));
    assertEquals(
        new EncryptionState.SseC(),
        EncryptionState.parse(Map.of(SSEC_SEALED_KEY, "x", SEAL_ALGORITHM, "DARE-SHA256")));
    assertTrue(
        unknownReason(Map.of(SSEC_SEALED_KEY, "x", SEAL_ALGORITHM, "dare-sha256"))
            .contains("unknown seal algorithm"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "X-Minio-Internal-Encrypted-Multipart",
        "X-Minio-Internal-Server-Side-Encryption-Iv",
        "X-Minio-Internal-Server-Side-Encryption-Seal-Algorithm",
        "X-Minio-Internal-Server-Side-Encryption-S3-Kms-Key-Id",
        "X-Minio-Internal-Server-Side-Encryption-S3-Kms-Sealed-Key",
        "X-Minio-Internal-Server-Side-Encryption-Context"
      })
  void parse_onlyAnSseEntryWithoutSealedKey_isUnknownNamingIt(String entry) {
    assertEquals(
        "encrypted with an unknown type: " + entry + " is present but no sealed key",
        unknownReason(Map.of(entry, "")));
  }

  @Test
  void parse_noSseEntry_isPlaintext() {
    assertEquals(new EncryptionState.Plaintext(), EncryptionState.parse(Map.of()));
    assertEquals(
        new EncryptionState.Plaintext(),
        EncryptionState.parse(
            Map.of("X-Amz-Meta-A", "b", "content-type", "text/plain", "etag", "abc")));
    assertEquals(
        new EncryptionState.Plaintext(),
        EncryptionState.parse(Map.of("X-Minio-Replication-Ssec-Crc", "x")));
    assertEquals(
        new EncryptionState.Plaintext(),
        EncryptionState.parse(Map.of("X-Amz-Server-Side-Encryption", "AES256")));
  }

  @Test
  void parse_lowerCaseEntryNames_areNotRecognised() {
    // MinIO looks entries up with their exact spelling.
    assertEquals(
        new EncryptionState.Plaintext(),
        EncryptionState.parse(Map.of(S3_SEALED_KEY.toLowerCase(), "x")));
    assertEquals(
        new EncryptionState.Plaintext(),
        EncryptionState.parse(Map.of(ENCRYPTED_MULTIPART.toLowerCase(), "")));
  }

  @Test
  void parse_multipartFlagBesideValidMetadata_isStillThatType() {
    Map<String, String> m = s3();
    m.put(ENCRYPTED_MULTIPART, "");
    assertInstanceOf(EncryptionState.SseS3.class, EncryptionState.parse(m));
  }

  @Test
  void parse_missingIvOrAlgorithm_isUnknown() {
    for (Map<String, String> base : List.of(kms(), s3())) {
      Map<String, String> m = new HashMap<>(base);
      m.remove(IV);
      assertEquals("missing " + IV, unknownReason(m));
      m = new HashMap<>(base);
      m.remove(SEAL_ALGORITHM);
      assertEquals("missing " + SEAL_ALGORITHM, unknownReason(m));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ZG9qvaV0nf4KTpfIRgmMWaTcPLgUSKTJ24xShhUhOBE", // unpadded: Go rejects, the JDK alone would not
        "gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp8",
        "gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydng==", // 31 bytes
        "gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp+g", // 33 bytes
        "",
        "gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp8=AAAA",
        "gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp_=",
        "gIGCg4SFhoeIiYqLjI2Oj5CRkpOU lZaXmJmam5ydnp8=",
        "not base64!"
      })
  void parse_ivNotBase64Of32Bytes_isUnknown(String iv) {
    for (Map<String, String> m : List.of(kms(), s3())) {
      m.put(IV, iv);
      assertEquals(IV + " is not base64 of 32 bytes", unknownReason(m));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"DARE-SHA256", "darev2-hmac-sha256", "", "DAREv2-HMAC-SHA256 "})
  void parse_sealAlgorithmOtherThanDareV2_isUnknown(String alg) {
    for (Map<String, String> m : List.of(kms(), s3())) {
      m.put(SEAL_ALGORITHM, alg);
      assertEquals(SEAL_ALGORITHM + " is not DAREv2-HMAC-SHA256", unknownReason(m));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "IAAfAIECAwQFBgcICQoLDDVnr1nljfqf6fKMX6FfVayIIezwKvVxJ3NMFPHyXNt3UzqRPsn2Pxb+yq6wiV/h",
        "IAAfAIECAwQFBgcICQoLDDVnr1nljfqf6fKMX6FfVayIIezwKvVxJ3NMFPHyXNt3UzqRPsn2Pxb+yq6wiV/hMQAA",
        "",
        "%%%%"
      })
  void parse_sealedKeyNotBase64Of64Bytes_isUnknown(String sealed) {
    Map<String, String> k = kms();
    k.put(KMS_SEALED_KEY, sealed);
    assertEquals(KMS_SEALED_KEY + " is not base64 of a 64-byte sealed key", unknownReason(k));
    Map<String, String> s = s3();
    s.put(S3_SEALED_KEY, sealed);
    assertEquals(S3_SEALED_KEY + " is not base64 of a 64-byte sealed key", unknownReason(s));
  }

  @Test
  void parse_onlyOneOfKeyIdAndKmsCiphertext_isUnknown() {
    for (String drop : List.of(KMS_KEY_ID, KMS_DATA_KEY)) {
      Map<String, String> m = kms();
      m.remove(drop);
      assertEquals(
          KMS_KEY_ID + " and " + KMS_DATA_KEY + " must be both present or both absent",
          unknownReason(m));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "!!!!", "VbtN"})
  void parse_kmsCiphertextEmptyOrNotBase64_isUnknown(String ct) {
    Map<String, String> m = s3();
    m.put(KMS_DATA_KEY, ct);
    if (ct.equals("VbtN")) {
      // Any non-empty base64 is accepted here; the KMS judges the ciphertext itself.
      assertInstanceOf(EncryptionState.SseS3.class, EncryptionState.parse(m));
    } else {
      assertEquals(KMS_DATA_KEY + " is not valid base64", unknownReason(m));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not base64",
        "bnVsbA==", // null
        "eyJhIjoxfQ==", // {"a":1}
        "", // MinIO: "ReadMapCB: expect { or n"
        "eyJwcm9qZWN0IjoiYWxwaGEifQ" // unpadded
      })
  void parse_contextNotBase64OfJsonObjectOfStrings_isUnknown(String ctx) {
    Map<String, String> m = kms();
    m.put(CONTEXT, ctx);
    assertEquals(CONTEXT + " is not base64 of a JSON object of strings", unknownReason(m));
  }

  @Test
  void parse_nullValues_areTreatedAsDamagedNotAsACrash() {
    Map<String, String> m = kms();
    m.put(KMS_SEALED_KEY, null);
    assertInstanceOf(EncryptionState.Unknown.class, EncryptionState.parse(m));
    Map<String, String> onlyNull = new HashMap<>();
    onlyNull.put(SSEC_SEALED_KEY, null);
    assertEquals(new EncryptionState.SseC(), EncryptionState.parse(onlyNull));
  }

  @Test
  void sseKms_copiesItsContext() {
    Map<String, String> ctx = new LinkedHashMap<>(Map.of("a", "b"));
    EncryptionState.SseKms s = new EncryptionState.SseKms("k", ctx);
    ctx.put("c", "d");
    assertEquals(Map.of("a", "b"), s.context());
    assertThrows(UnsupportedOperationException.class, () -> s.context().put("x", "y"));
  }
}
