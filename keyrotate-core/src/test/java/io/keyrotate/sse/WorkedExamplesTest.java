package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyrotate.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of minio-keyrotate.md §4.9 (sealed keys, rotation) and §5.6 (config blob).
 */
class WorkedExamplesTest {
  private static final String BUCKET = "mybucket";
  private static final String OBJECT = "photos/2024/cat.png";
  private static final String MASTER = "my-key:eEm+JI9/q4JhH8QwKvf3LKo4DEBl6QbfvAl1CAbMIv8=";

  /** Bytes {@code from, from+1, ...} ({@code n} of them). */
  private static byte[] run(int from, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (from + i);
    }
    return b;
  }

  private static final byte[] OEK = run(0x40, 32);
  private static final byte[] OLD_EK = run(0x00, 32);
  private static final byte[] NEW_EK = run(0x20, 32);
  private static final byte[] OLD_IV = run(0x80, 32);
  private static final byte[] NEW_IV = run(0xe0, 32);
  private static final byte[] OLD_NONCE = Vectors.hex("0102030405060708090a0b0c");
  private static final byte[] NEW_NONCE = Vectors.hex("0c0b0a090807060504030201");

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static String hexKey(SecretBytes k) {
    return Vectors.hex(k.toByteArray());
  }

  @Test
  void sseS3_beforeRotation_matchesSection49() {
    KmsContext aad = SseMetadata.associatedData(KmsContext.empty(), BUCKET, OBJECT);
    byte[] aadBytes = aad.toJson();
    assertEquals(43, aadBytes.length);
    assertEquals(
        "{\"mybucket\":\"mybucket/photos/2024/cat.png\"}",
        new String(aadBytes, StandardCharsets.UTF_8));
    try (MinioBuiltinKms kms = MinioBuiltinKms.parse(MASTER);
        SecretBytes ek = SecretBytes.copyOf(OLD_EK);
        ObjectKey oek = ObjectKey.of(SecretBytes.copyOf(OEK))) {
      byte[] kmsCt = kms.encrypt(ek, aad, run(0xc0, 16), run(0xd0, 12));
      assertEquals(76, kmsCt.length);
      assertEquals(
          "55bb4dbefee0b2ce290af4d0d60e09e988a607cc32fe8202d11e81b202f469d3f1db6bb60ca3610716d8ca5b"
              + "ae6c0009c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadb",
          Vectors.hex(kmsCt));
      try (SecretBytes kek = ObjectKey.sealingKey(ek, OLD_IV, SseType.SSE_S3, BUCKET, OBJECT)) {
        assertEquals(
            "41458034e449a8df7ffb3dbf53f58a7071f632d3736db0e451318ffcafd7eba9", hexKey(kek));
      }
      byte[] sealed =
          oek.seal(ek, OLD_IV, SseType.SSE_S3, BUCKET, OBJECT, AeadCipher.AES_256_GCM, OLD_NONCE);
      assertEquals(
          "20001f00"
              + "8102030405060708090a0b0c"
              + "f845dc6122272e850dbffdcaf4e88b67ad8817ad18853eeb53473c1b2ccd2dfb"
              + "fcdf9d1e373c5650b30cf11228a35d1a",
          Vectors.hex(sealed));
      assertEquals(
          "IAEfAIECAwQFBgcICQoLDMVTHr1rZ4e8rTBXf+kC8rJi5u88puL2Mh0O8Y/Xm9jMmD1WMnrNwR5S1vRujGVOmw==",
          b64(
              oek.seal(
                  ek,
                  OLD_IV,
                  SseType.SSE_S3,
                  BUCKET,
                  OBJECT,
                  AeadCipher.CHACHA20_POLY1305,
                  OLD_NONCE)));
      Map<String, String> expected = new TreeMap<>();
      expected.put(SseMetadata.SEAL_ALGORITHM, "DAREv2-HMAC-SHA256");
      expected.put(SseMetadata.IV, "gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp8=");
      expected.put(
          SseMetadata.S3_SEALED_KEY,
          "IAAfAIECAwQFBgcICQoLDPhF3GEiJy6FDb/9yvToi2etiBetGIU+61NHPBsszS37/N+dHjc8VlCzDPESKKNdGg==");
      expected.put(SseMetadata.KMS_KEY_ID, "my-key");
      expected.put(
          SseMetadata.KMS_DATA_KEY,
          "VbtNvv7gss4pCvTQ1g4J6YimB8wy/oIC0R6BsgL0adPx22u2DKNhBxbYyluubAAJwMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna2w==");
      assertEquals(
          expected, new TreeMap<>(SseMetadata.sseS3(OLD_IV, sealed, "my-key", kmsCt).toMap()));
    }
  }

  private static Map<String, String> sseS3Before() {
    try (MinioBuiltinKms kms = MinioBuiltinKms.parse(MASTER);
        SecretBytes ek = SecretBytes.copyOf(OLD_EK);
        ObjectKey oek = ObjectKey.of(SecretBytes.copyOf(OEK))) {
      KmsContext aad = SseMetadata.associatedData(KmsContext.empty(), BUCKET, OBJECT);
      byte[] kmsCt = kms.encrypt(ek, aad, run(0xc0, 16), run(0xd0, 12));
      byte[] sealed =
          oek.seal(ek, OLD_IV, SseType.SSE_S3, BUCKET, OBJECT, AeadCipher.AES_256_GCM, OLD_NONCE);
      return SseMetadata.sseS3(OLD_IV, sealed, "my-key", kmsCt).toMap();
    }
  }

  @Test
  void sseS3_afterRotation_matchesSection49() {
    Map<String, String> before = sseS3Before();
    try (MinioBuiltinKms kms = MinioBuiltinKms.parse(MASTER);
        SecretBytes newEk = SecretBytes.copyOf(NEW_EK)) {
      SseMetadata old = SseMetadata.parse(before);
      try (SecretBytes oldEk =
          kms.decrypt("my-key", old.kmsCiphertext(), old.kmsAssociatedData(BUCKET, OBJECT))) {
        assertArrayEquals(OLD_EK, oldEk.toByteArray());
        byte[] newCt =
            kms.encrypt(newEk, old.kmsAssociatedData(BUCKET, OBJECT), run(0x30, 16), run(0x60, 12));
        Map<String, String> after =
            Rewrap.rewrap(
                RewrapRequest.builder()
                    .metadata(before)
                    .object(BUCKET, OBJECT)
                    .oldDataKey(oldEk)
                    .newDataKey(newEk, "my-key", newCt)
                    .target(SseType.SSE_S3)
                    .iv(NEW_IV)
                    .nonce(NEW_NONCE)
                    .build());
        assertEquals("4OHi4+Tl5ufo6err7O3u7/Dx8vP09fb3+Pn6+/z9/v8=", after.get(SseMetadata.IV));
        assertEquals(
            "IAAfAIwLCgkIBwYFBAMCATqQexaWkzIgItfJfK+n0rtQhoDiY9Tor8QFDaXHkDTb4UJKqGAIx0BBuuCPHOzilw==",
            after.get(SseMetadata.S3_SEALED_KEY));
        assertEquals(
            "F2v6pxoCb0XDHCaOhnipXjN14PtbkIuHdMHxVCzeTAHMZLYOKXUMU/YrcMuw86i1MDEyMzQ1Njc4OTo7PD0+P2BhYmNkZWZnaGlqaw==",
            after.get(SseMetadata.KMS_DATA_KEY));
        assertEquals(before.get(SseMetadata.SEAL_ALGORITHM), after.get(SseMetadata.SEAL_ALGORITHM));
        assertEquals("my-key", after.get(SseMetadata.KMS_KEY_ID));
        assertEquals(5, after.size());
      }
      try (SecretBytes kek = ObjectKey.sealingKey(newEk, NEW_IV, SseType.SSE_S3, BUCKET, OBJECT)) {
        assertEquals(
            "83353d63455bbc7dece2001044d63755316d5442d96048aa2f5dc7288215e949", hexKey(kek));
      }
    }
  }

  @Test
  void sseKms_variant_matchesSection49() {
    KmsContext client = KmsContext.of("project", "alpha");
    KmsContext aad = SseMetadata.associatedData(client, BUCKET, OBJECT);
    assertEquals(
        "{\"mybucket\":\"mybucket/photos/2024/cat.png\",\"project\":\"alpha\"}",
        new String(aad.toJson(), StandardCharsets.UTF_8));
    try (MinioBuiltinKms kms = MinioBuiltinKms.parse(MASTER);
        SecretBytes ek = SecretBytes.copyOf(OLD_EK);
        ObjectKey oek = ObjectKey.of(SecretBytes.copyOf(OEK))) {
      byte[] kmsCt = kms.encrypt(ek, aad, run(0xc0, 16), run(0xd0, 12));
      assertEquals(
          "VbtNvv7gss4pCvTQ1g4J6YimB8wy/oIC0R6BsgL0adP3uEr3FlIFudvHlj5Q8urwwMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna2w==",
          b64(kmsCt));
      try (SecretBytes kek = ObjectKey.sealingKey(ek, OLD_IV, SseType.SSE_KMS, BUCKET, OBJECT)) {
        assertEquals(
            "4b50992adc453be83b59e1deee7c2d2c3bca9036c9e6b273bea1d97b749ffbc0", hexKey(kek));
      }
      byte[] sealed =
          oek.seal(ek, OLD_IV, SseType.SSE_KMS, BUCKET, OBJECT, AeadCipher.AES_256_GCM, OLD_NONCE);
      Map<String, String> m = SseMetadata.sseKms(OLD_IV, sealed, "my-key", kmsCt, client).toMap();
      assertEquals(
          "IAAfAIECAwQFBgcICQoLDDVnr1nljfqf6fKMX6FfVayIIezwKvVxJ3NMFPHyXNt3UzqRPsn2Pxb+yq6wiV/hMQ==",
          m.get(SseMetadata.KMS_SEALED_KEY));
      assertEquals("eyJwcm9qZWN0IjoiYWxwaGEifQ==", m.get(SseMetadata.CONTEXT));
    }
  }

  @Test
  void dataSide_partKeysETagAndContent_matchSection49() {
    try (ObjectKey oek = ObjectKey.of(SecretBytes.copyOf(OEK));
        SecretBytes p1 = oek.partKey(1);
        SecretBytes p2 = oek.partKey(2);
        SecretBytes etagKey = oek.derivedKey("SSE-etag");
        SecretBytes dataKey = oek.secret()) {
      assertEquals("ff5847c0e0a1c0e894502cf84cb2fda0820be23e2ad1d6539ad287d301e213d8", hexKey(p1));
      assertEquals("9a53303e66e2bfba7336533007777a44d1740cc618543d08c6eef2712f2aad2e", hexKey(p2));
      assertEquals(
          "113ee0c48e7b7dc50b3dd97abe9104ce92a524ca2fe69062a748a61f58c9ea8d", hexKey(etagKey));
      byte[] sealedETag =
          oek.sealETag(
              Vectors.hex("5d41402abc4b2a76b9719d911017c592"), AeadCipher.AES_256_GCM, OLD_NONCE);
      String stored = Vectors.hex(sealedETag);
      assertEquals(
          "20000f008102030405060708090a0b0ca65dd7be9ae201743ba37143738a65cd0a33aab9560a77ce26efaf4930b0a805",
          stored);
      assertEquals(
          "0a33aab9560a77ce26efaf4930b0a805", SseETags.clientVisible(SseType.SSE_KMS, oek, stored));
      assertEquals(
          "5d41402abc4b2a76b9719d911017c592", SseETags.clientVisible(SseType.SSE_S3, oek, stored));
      assertEquals(
          "200004008102030405060708090a0b0c424ce49a35631f6247329e00ec0e62c40adf58394c",
          Vectors.hex(
              DataVectorsTest.dare(
                  AeadCipher.AES_256_GCM,
                  dataKey.toByteArray(),
                  OLD_NONCE,
                  "hello".getBytes(StandardCharsets.US_ASCII))));
    }
  }

  @Test
  void configBlob_aliceIdentity_matchesSection56() {
    SecretBytes master =
        SecretBytes.wrapOwned(
            Vectors.hex("ddedadb867afa3f73bd33c25499a723ed7f9f51172ee7b1b679e08dc795debcc"));
    KmsContext ctx = ConfigBlob.context("config/iam/users/alice/identity.json");
    assertEquals(
        "{\".minio.sys\":\".minio.sys/config/iam/users/alice/identity.json\"}",
        new String(ctx.toJson(), StandardCharsets.UTF_8));
    byte[] plain =
        "{\"version\":1,\"credentials\":{\"accessKey\":\"alice\"}}"
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(49, plain.length);
    try (MinioBuiltinKms kms = MinioBuiltinKms.of("my-key", master);
        SecretBytes ek = SecretBytes.copyOf(run(0x10, 32))) {
      byte[] kmsCt = kms.encrypt(ek, ctx, new byte[16], run(0x00, 12));
      assertEquals(
          "10DfAbzqiM2S8rZn0DRAMaxG9SiUrSs6Q8P1kA5pPWpJuy9+FLkIq25izHavIUwnAAAAAAAAAAAAAAAAAAAAAAABAgMEBQYHCAkKCw==",
          b64(kmsCt));
      byte[] blob =
          ConfigBlob.encrypt("my-key", kmsCt, AeadCipher.AES_256_GCM, run(0x00, 8), ek, plain);
      String json =
          "{\"keyid\":\"my-key\",\"kmskey\":\"10DfAbzqiM2S8rZn0DRAMaxG9SiUrSs6Q8P1kA5pPWpJuy9+FLkIq25izHavIUwnAAAAAAAAAAAAAAAAAAAAAAABAgMEBQYHCAkKCw==\",\"algorithm\":\"AES-256-GCM\",\"nonce\":\"AAECAwQFBgc=\"}";
      String expected =
          "01"
              + "b7000000"
              + Vectors.hex(json.getBytes(StandardCharsets.US_ASCII))
              + "21bf44aa46611b916e2b73e62020fa2f953ab99f212fcb18bba5e759a84fdf9d5d19ee9ea722120db112"
              + "55ac9edb1cda26a781d5e2ea539cd1e59397e4eb395887";
      assertEquals(253, blob.length);
      assertEquals(expected, Vectors.hex(blob));
      ConfigBlob parsed = ConfigBlob.parse(blob);
      try (SecretBytes dk = kms.decrypt(parsed.keyId(), parsed.kmsCiphertext(), ctx)) {
        assertArrayEquals(plain, parsed.decrypt(dk));
      }
    }
  }
}
