package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.KeyRotateException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.sse.InternalDataFormat.Kind;
import io.keyrotate.sse.InternalDataFormat.Outcome;
import io.keyrotate.sse.InternalDataFormat.Result;
import io.keyrotate.sse.Vectors.V;
import io.keyrotate.sse.internal.Crypto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@link InternalDataFormat}: MinIO's internal data re-encrypted, against vectors and both KMS modes. */
class InternalDataFormatTest {
  private static final String FILE = "config-blob.json";
  private static final String IAM = "config/iam/users/alice/identity.json";
  private static final byte[] SECRET_JSON =
      "{\"version\":1,\"credentials\":{\"accessKey\":\"alice\",\"secretKey\":\"s3cr3t-Value\"}}"
          .getBytes(StandardCharsets.UTF_8);

  static String minioSecretKey() {
    return Vectors.object(FILE, "kms").str("secretKey");
  }

  static InternalDataFormat format(Kms kms) {
    return InternalDataFormat.builder().kms(kms).targetKeyId(kms.defaultKeyId()).build();
  }

  /** A config blob as MinIO writes it, under {@code keyId} with {@code context}. */
  static byte[] configBlob(Kms kms, String keyId, KmsContext context, byte[] plaintext) {
    try (DataKey k = kms.generateKey(new GenerateKeyRequest(keyId, context.asMap()))) {
      return ConfigBlob.encrypt(
          k.keyId(),
          k.ciphertext().toByteArray(),
          AeadCipher.CHACHA20_POLY1305,
          k.plaintext(),
          plaintext,
          Crypto.random());
    }
  }

  /** Decrypts a config blob independently of the class under test, with exactly {@code context}. */
  static byte[] open(Kms kms, byte[] blob, KmsContext context) {
    ConfigBlob b = ConfigBlob.parse(blob);
    try (SecretBytes dk =
        kms.decrypt(
            new DecryptRequest(b.keyId(), KmsCiphertext.copyOf(b.kmsCiphertext()), context.asMap()))) {
      return b.decrypt(dk);
    }
  }

  /** SSE-S3 sealing metadata of {@code oek} for (bucket, object), plus {@code extra} entries, as JSON. */
  static byte[] sealedMetadata(
      Kms kms,
      String keyId,
      String bucket,
      String object,
      KmsContext context,
      ObjectKey oek,
      Map<String, String> extra) {
    SecureRandom rnd = Crypto.random();
    byte[] iv = new byte[32];
    rnd.nextBytes(iv);
    try (DataKey k = kms.generateKey(new GenerateKeyRequest(keyId, context.asMap()))) {
      byte[] sealed =
          oek.seal(k.plaintext(), iv, SseType.SSE_S3, bucket, object, AeadCipher.AES_256_GCM, rnd);
      Map<String, String> m = new LinkedHashMap<>(extra);
      m.putAll(SseMetadata.sseS3(iv, sealed, k.keyId(), k.ciphertext().toByteArray()).toMap());
      return InternalDataFormat.metadataToJson(m);
    }
  }

  /** Unseals the object key from rotated metadata, independently of the class under test. */
  static ObjectKey unseal(Kms kms, byte[] json, String bucket, String object, KmsContext context) {
    SseMetadata m = SseMetadata.parse(InternalDataFormat.metadataFromJson(json));
    assertEquals(SseType.SSE_S3, m.type());
    try (SecretBytes ek =
        kms.decrypt(
            new DecryptRequest(
                java.util.Objects.requireNonNull(m.kmsKeyId()),
                KmsCiphertext.copyOf(java.util.Objects.requireNonNull(m.kmsCiphertext())),
                context.asMap()))) {
      return m.unsealObjectKey(ek, bucket, object);
    }
  }

  // ------------------------------------------------------------------ names

  @Test
  void classify_minioPaths_giveTheirKinds() {
    assertEquals(Kind.SERVER_CONFIG, InternalDataFormat.classify("config/config.json"));
    assertEquals(Kind.CONFIG_HISTORY, InternalDataFormat.classify("config/history/3d8a.kv"));
    assertEquals(Kind.IAM, InternalDataFormat.classify("config/iam/format.json"));
    assertEquals(Kind.IAM, InternalDataFormat.classify("config/iam/policydb/sts-users/x.json"));
    assertEquals(Kind.TIER_CONFIG, InternalDataFormat.classify("config/tier-config.bin"));
    assertEquals(
        Kind.BUCKET_TARGETS,
        InternalDataFormat.classify("buckets/photos/.metadata.bin/BucketTargetsConfigMetaJSON"));
    assertEquals(
        "buckets/photos/.metadata.bin/BucketTargetsConfigMetaJSON",
        InternalDataFormat.bucketTargetsName("photos"));
    for (String other :
        new String[] {
          "config/config.json.bak",
          "config/history",
          "config/iam",
          "config/tier-config.bin.tmp",
          "buckets/photos/.metadata.bin",
          "buckets/a/b/.metadata.bin/BucketTargetsConfigMetaJSON",
          "buckets/.metadata.bin/BucketTargetsConfigMetaJSON",
          "batch-jobs/job-1.bin",
          "Config/config.json"
        }) {
      assertEquals(Kind.OTHER, InternalDataFormat.classify(other), other);
    }
  }

  @Test
  void context_ofEachKind_isMinios() {
    assertEquals(
        "{\".minio.sys\":\".minio.sys/config/iam/users/alice/identity.json\"}",
        InternalDataFormat.context(IAM).toString());
    assertEquals(
        "{\".minio.sys\":\".minio.sys/config/tier-config.bin\"}",
        InternalDataFormat.context("config/tier-config.bin").toString());
    assertEquals(
        "{\"bucket-targets.json\":\"bucket-targets.json\",\"photos\":\"photos\"}",
        InternalDataFormat.context(InternalDataFormat.bucketTargetsName("photos")).toString());
    assertEquals(
        "{\".minio.sys\":\"config/iam/users/alice/identity.json\"}",
        InternalDataFormat.legacyContext(IAM).toString());
  }

  // ------------------------------------------------------------------ golden vectors

  /**
   * Every MinIO config-blob vector: rotated with MinIO's builtin KMS it reads back (with the canonical
   * context, through MinIO's format) to the vector's plaintext; a legacy JSON KMS ciphertext becomes the
   * current binary one.
   */
  @TestFactory
  Stream<DynamicTest> rotate_everyMinioBlob_readsBackUnderTheCanonicalContext() {
    return Vectors.tests(
        FILE,
        "vectors",
        v -> {
          try (LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey())) {
            String path = v.str("path");
            byte[] blob = v.hex("blob");
            Result r = format(kms).rotate(path, blob);
            assertEquals(Outcome.REWRITTEN, r.outcome());
            byte[] out = r.content();
            ConfigBlob parsed = ConfigBlob.parse(out);
            assertEquals("my-key", parsed.keyId());
            assertEquals(76, parsed.kmsCiphertext().length, "binary builtin-KMS ciphertext");
            assertEquals(AeadCipher.AES_256_GCM, parsed.cipher());
            assertArrayEquals(Vectors.plaintext(v), open(kms, out, ConfigBlob.context(path)));
            assertThrows(
                IntegrityException.class, () -> open(kms, out, InternalDataFormat.legacyContext(path)));
            assertNotEquals(Vectors.hex(blob), Vectors.hex(out));
          }
        });
  }

  /**
   * With MinIO's randomness fed in (KMS iv, nonce and data key; stream nonce), rotating a MinIO blob
   * reproduces MinIO's bytes exactly: the output is the current MinIO form.
   */
  @TestFactory
  Stream<DynamicTest> rotate_withMinioRandomness_reproducesMinioBytes() {
    return Vectors.section(FILE, "vectors").stream()
        .filter(v -> !v.has("legacyKms"))
        .map(
            v ->
                DynamicTest.dynamicTest(
                    v.name(),
                    () -> {
                      byte[] ivNonce = new byte[28];
                      System.arraycopy(v.hex("kmsIv"), 0, ivNonce, 0, 16);
                      System.arraycopy(v.hex("kmsNonce"), 0, ivNonce, 16, 12);
                      ScriptedRandom kmsRandom = new ScriptedRandom(ivNonce, v.hex("ek"));
                      ScriptedRandom streamRandom = new ScriptedRandom(v.hex("streamNonce"));
                      try (MinioBuiltinKms minio = MinioBuiltinKms.parse(minioSecretKey())) {
                        MinioKmsAdapter kms = new MinioKmsAdapter(minio, kmsRandom);
                        Result r =
                            InternalDataFormat.builder()
                                .kms(kms)
                                .targetKeyId("my-key")
                                .cipher(AeadCipher.fromConfigName(v.str("algorithm")))
                                .random(streamRandom)
                                .build()
                                .rotate(v.str("path"), v.hex("blob"));
                        assertEquals(v.str("blob"), Vectors.hex(r.content()));
                        assertEquals(1, kms.generated.get());
                        assertEquals(1, kms.decrypted.get());
                      }
                      kmsRandom.assertExhausted();
                      streamRandom.assertExhausted();
                    }));
  }

  /** MinIO's modified blobs: those MinIO rejects fail here too; those it accepts rotate to the plaintext. */
  @TestFactory
  Stream<DynamicTest> rotate_everyModifiedMinioBlob_failsOrRotatesLikeMinio() {
    return Vectors.section(FILE, "decryptVectors").stream()
        .filter(v -> v.raw("context") != null && v.has("path"))
        .map(
            v ->
                DynamicTest.dynamicTest(
                    v.name(),
                    () -> {
                      String path = v.str("path");
                      boolean canonical =
                          KmsContext.of(v.stringMap("context")).equals(ConfigBlob.context(path));
                      try (LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey())) {
                        byte[] blob = v.hex("blob");
                        if (v.bool("expectError") && canonical) {
                          assertThrows(
                              KeyRotateException.class, () -> format(kms).rotate(path, blob));
                        } else if (!v.bool("expectError")) {
                          Result r = format(kms).rotate(path, blob);
                          assertArrayEquals(
                              Vectors.plaintext(v), open(kms, r.content(), ConfigBlob.context(path)));
                        }
                      }
                    }));
  }

  // ------------------------------------------------------------------ config blobs: legacy and plaintext

  @Test
  void rotate_legacyContextBlob_isRewrittenWithTheCanonicalContext() {
    try (LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey())) {
      byte[] legacy = configBlob(kms, "my-key", InternalDataFormat.legacyContext(IAM), SECRET_JSON);
      assertThrows(IntegrityException.class, () -> open(kms, legacy, ConfigBlob.context(IAM)));
      assertArrayEquals(SECRET_JSON, format(kms).readConfig(IAM, legacy));
      Result r = format(kms).rotate(IAM, legacy);
      assertEquals(Outcome.REWRITTEN, r.outcome());
      assertEquals("legacy context rewritten", r.note());
      assertArrayEquals(SECRET_JSON, open(kms, r.content(), ConfigBlob.context(IAM)));
      assertEquals(AeadCipher.AES_256_GCM, ConfigBlob.parse(r.content()).cipher());
    }
  }

  @Test
  void rotate_plaintextConfig_isEncryptedUnderTheTargetKey() {
    try (LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey())) {
      Result r = format(kms).rotate("config/config.json", SECRET_JSON);
      assertEquals(Outcome.REWRITTEN, r.outcome());
      assertEquals("plaintext encrypted", r.note());
      assertArrayEquals(
          SECRET_JSON, open(kms, r.content(), ConfigBlob.context("config/config.json")));
      assertArrayEquals(SECRET_JSON, format(kms).readConfig("config/config.json", SECRET_JSON));
    }
  }

  @Test
  void rotate_blobTruncatedToItsVersionByte_failsInsteadOfPassingAsPlaintext() {
    try (LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey())) {
      assertThrows(FormatException.class, () -> format(kms).rotate(IAM, new byte[] {1}));
      assertThrows(FormatException.class, () -> format(kms).readConfig(IAM, new byte[] {1, '{'}));
      assertEquals(Outcome.REWRITTEN, format(kms).rotate(IAM, new byte[0]).outcome());
    }
  }

  @Test
  void rotate_binaryGarbage_failsNamingTheLegacyCredentialFormat() {
    byte[] garbage = new byte[80];
    new SecureRandom(new byte[] {1}).nextBytes(garbage);
    garbage[0] = (byte) 0xC3; // never a config blob version, never valid UTF-8 here
    garbage[1] = (byte) 0xFF;
    try (LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey())) {
      FormatException e =
          assertThrows(FormatException.class, () -> format(kms).rotate(IAM, garbage));
      assertTrue(e.getMessage().contains("root-credential"), e.getMessage());
    }
  }

  @Test
  void rotate_wrongMasterKey_failsWithIntegrity() {
    try (LocalKms other = LocalKms.fromMinioSecretKey("my-key:" + "A".repeat(43) + "=");
        LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey())) {
      byte[] blob = configBlob(other, "my-key", ConfigBlob.context(IAM), SECRET_JSON);
      IntegrityException e =
          assertThrows(IntegrityException.class, () -> format(kms).rotate(IAM, blob));
      assertTrue(e.getMessage().contains("legacy"), e.getMessage());
    }
  }

  /**
   * Every bit flip, truncation and appended byte of a config blob either fails or (a meaning-preserving
   * JSON change) rotates to exactly the original plaintext.
   */
  @Test
  void rotate_everyMutantOfAConfigBlob_failsOrKeepsThePlaintext() {
    try (LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey())) {
      byte[] blob = configBlob(kms, "my-key", ConfigBlob.context(IAM), SECRET_JSON);
      InternalDataFormat f = format(kms);
      int failed = 0;
      for (byte[] m : MutationTest.mutants(blob)) {
        if (m.length == 0) {
          continue; // empty bytes are empty plaintext config to MinIO, and to us
        }
        try {
          Result r = f.rotate(IAM, m);
          assertArrayEquals(SECRET_JSON, open(kms, r.content(), ConfigBlob.context(IAM)));
        } catch (FormatException | IntegrityException | KmsException e) {
          failed++;
          assertFalse(e.getMessage().contains("s3cr3t"), "message leaks content");
        }
      }
      assertTrue(failed > blob.length * 7, "almost every mutant must fail, failed " + failed);
    }
  }

  // ------------------------------------------------------------------ already current, key checks

  @Test
  void rotate_nativeKeyring_secondRunIsAlreadyCurrentUntilTheKeyRotates(@TempDir Path dir) {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "old")) {
      byte[] blob = configBlob(kms, "old", ConfigBlob.context(IAM), SECRET_JSON);
      kms.createKey("new");
      kms.setDefaultKey("new");
      Result first = format(kms).rotate(IAM, blob);
      assertEquals(Outcome.REWRITTEN, first.outcome());
      byte[] rotated = first.content();
      assertEquals("new", ConfigBlob.parse(rotated).keyId());
      assertArrayEquals(SECRET_JSON, open(kms, rotated, ConfigBlob.context(IAM)));

      assertEquals(Outcome.ALREADY_CURRENT, format(kms).rotate(IAM, rotated).outcome());
      assertFalse(format(kms).rotate(IAM, rotated).hasContent());

      kms.rotateKey("new");
      assertEquals(Outcome.REWRITTEN, format(kms).rotate(IAM, rotated).outcome());
    }
  }

  @Test
  void rotate_minioKms_cannotTellCurrentSoAlwaysRewrites() {
    try (LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey())) {
      byte[] blob = configBlob(kms, "my-key", ConfigBlob.context(IAM), SECRET_JSON);
      assertEquals(Outcome.REWRITTEN, format(kms).rotate(IAM, blob).outcome());
    }
  }

  @Test
  void rotate_alreadyCurrentButTampered_failsInsteadOfSkipping(@TempDir Path dir) {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "k")) {
      byte[] blob = configBlob(kms, "k", ConfigBlob.context(IAM), SECRET_JSON);
      blob[blob.length - 1] ^= 1;
      assertThrows(IntegrityException.class, () -> format(kms).rotate(IAM, blob));
      assertThrows(IntegrityException.class, () -> format(kms).check(IAM, blob));
    }
  }

  @Test
  void rotate_kmsAnsweringWithAnotherKey_failsAndWritesNothing() {
    try (LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey())) {
      Kms lying =
          new Kms() {
            @Override
            public String defaultKeyId() {
              return "my-key";
            }

            @Override
            public DataKey generateKey(GenerateKeyRequest request) {
              DataKey k = kms.generateKey(request);
              return new DataKey(k.plaintext(), k.ciphertext(), "someone-else");
            }

            @Override
            public SecretBytes decrypt(DecryptRequest request) {
              return kms.decrypt(request);
            }
          };
      KmsException e =
          assertThrows(KmsException.class, () -> format(lying).rotate(IAM, SECRET_JSON));
      assertTrue(e.getMessage().contains("someone-else"), e.getMessage());
    }
  }

  @Test
  void check_configBlob_verifiesWithoutGeneratingAKey() {
    try (MinioBuiltinKms minio = MinioBuiltinKms.parse(minioSecretKey())) {
      MinioKmsAdapter kms = new MinioKmsAdapter(minio, Crypto.random());
      byte[] blob = configBlob(kms, "my-key", ConfigBlob.context(IAM), SECRET_JSON);
      kms.generated.set(0);
      Result r = format(kms).check(IAM, blob);
      assertEquals(Outcome.REWRITTEN, r.outcome());
      assertFalse(r.hasContent());
      assertThrows(IllegalStateException.class, r::content);
      assertEquals(0, kms.generated.get());
      assertEquals(1, kms.decrypted.get());
    }
  }

  @Test
  void rotate_otherNames_areNotRotated() {
    try (LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey())) {
      Result r = format(kms).rotate("buckets/photos/.metadata.bin", new byte[] {1, 2, 3});
      assertEquals(Outcome.NOT_ROTATED, r.outcome());
      assertEquals(Kind.OTHER, r.kind());
      assertThrows(IllegalArgumentException.class, () -> format(kms).readConfig("x/y", SECRET_JSON));
    }
  }

  // ------------------------------------------------------------------ tier config and bucket targets

  @Test
  void rotate_tierConfig_resealsTheObjectKeyAndKeepsOtherEntries(@TempDir Path dir) {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "old");
        ObjectKey oek = ObjectKey.generate(SecretBytes.copyOf(new byte[32]), Crypto.random())) {
      String name = "config/tier-config.bin";
      KmsContext ctx = InternalDataFormat.context(name);
      Map<String, String> extra = Map.of("X-Minio-Internal-compression", "klauspost/compress/s2");
      byte[] meta = sealedMetadata(kms, "old", ".minio.sys", name, ctx, oek, extra);
      kms.createKey("new");
      kms.setDefaultKey("new");
      Result r = format(kms).rotate(name, meta);
      assertEquals(Outcome.REWRITTEN, r.outcome());
      assertEquals(Kind.TIER_CONFIG, r.kind());
      Map<String, String> before = InternalDataFormat.metadataFromJson(meta);
      Map<String, String> after = InternalDataFormat.metadataFromJson(r.content());
      assertEquals("new", after.get(SseMetadata.KMS_KEY_ID));
      assertEquals(before.keySet(), after.keySet());
      assertEquals(before.get(SseMetadata.SEAL_ALGORITHM), after.get(SseMetadata.SEAL_ALGORITHM));
      assertEquals("klauspost/compress/s2", after.get("X-Minio-Internal-compression"));
      assertNotEquals(before.get(SseMetadata.IV), after.get(SseMetadata.IV));
      assertNotEquals(before.get(SseMetadata.S3_SEALED_KEY), after.get(SseMetadata.S3_SEALED_KEY));
      try (ObjectKey back = unseal(kms, r.content(), ".minio.sys", name, ctx);
          SecretBytes a = back.secret();
          SecretBytes b = oek.secret()) {
        assertEquals(b, a);
      }
      assertEquals(Outcome.ALREADY_CURRENT, format(kms).rotate(name, r.content()).outcome());
    }
  }

  @Test
  void rotate_bucketTargets_resealsWithObjectEmptyAndTheTargetsContext() {
    try (LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey());
        ObjectKey oek = ObjectKey.generate(SecretBytes.copyOf(new byte[32]), Crypto.random())) {
      String name = InternalDataFormat.bucketTargetsName("photos");
      KmsContext ctx = InternalDataFormat.context(name);
      byte[] meta = sealedMetadata(kms, "my-key", "photos", "", ctx, oek, Map.of());
      Result r = format(kms).rotate(name, meta);
      assertEquals(Kind.BUCKET_TARGETS, r.kind());
      try (ObjectKey back = unseal(kms, r.content(), "photos", "", ctx);
          SecretBytes a = back.secret();
          SecretBytes b = oek.secret()) {
        assertEquals(b, a);
      }
      // Bound to the bucket: the same metadata under another bucket's name does not unseal.
      assertThrows(
          IntegrityException.class,
          () -> format(kms).rotate(InternalDataFormat.bucketTargetsName("other"), meta));
      // Only the sealing entries change; the JSON is Go's sorted map encoding.
      assertEquals(
          new String(InternalDataFormat.metadataToJson(InternalDataFormat.metadataFromJson(r.content())),
              StandardCharsets.UTF_8),
          new String(r.content(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void rotate_unencryptedBucketTargets_areNotRotated() {
    try (LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey())) {
      InternalDataFormat f = format(kms);
      String name = InternalDataFormat.bucketTargetsName("photos");
      assertEquals(Outcome.NOT_ROTATED, f.rotate(name, new byte[0]).outcome());
      assertEquals(
          Outcome.NOT_ROTATED, f.rotate(name, "{}".getBytes(StandardCharsets.UTF_8)).outcome());
      assertEquals(
          Outcome.NOT_ROTATED, f.rotate(name, "null".getBytes(StandardCharsets.UTF_8)).outcome());
    }
  }

  @Test
  void rotate_malformedSealedMetadata_failsWithFormatErrors() {
    try (LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey())) {
      InternalDataFormat f = format(kms);
      String tier = "config/tier-config.bin";
      assertThrows(FormatException.class, () -> f.rotate(tier, new byte[] {0x20, 0, 0x1f, 0}));
      assertThrows(
          FormatException.class, () -> f.rotate(tier, "[1]".getBytes(StandardCharsets.UTF_8)));
      assertThrows(
          FormatException.class,
          () -> f.rotate(tier, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
      // IV present but nothing else: encrypted, unknown type.
      assertThrows(
          FormatException.class,
          () ->
              f.rotate(
                  tier,
                  ("{\"" + SseMetadata.IV + "\":\"AAAA\"}").getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void rotate_sseKmsSealedTierConfig_isRefused(@TempDir Path dir) {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "k");
        ObjectKey oek = ObjectKey.generate(SecretBytes.copyOf(new byte[32]), Crypto.random())) {
      String name = "config/tier-config.bin";
      KmsContext ctx = InternalDataFormat.context(name);
      byte[] iv = new byte[32];
      try (DataKey k = kms.generateKey(new GenerateKeyRequest("k", ctx.asMap()))) {
        byte[] sealed =
            oek.seal(k.plaintext(), iv, SseType.SSE_KMS, ".minio.sys", name, AeadCipher.AES_256_GCM,
                Crypto.random());
        Map<String, String> m =
            SseMetadata.sseKms(iv, sealed, "k", k.ciphertext().toByteArray(), KmsContext.empty())
                .toMap();
        FormatException e =
            assertThrows(
                FormatException.class,
                () -> format(kms).rotate(name, InternalDataFormat.metadataToJson(m)));
        assertTrue(e.getMessage().contains("SSE-S3"), e.getMessage());
      }
    }
  }
}
