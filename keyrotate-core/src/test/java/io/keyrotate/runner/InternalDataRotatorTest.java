package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.IntegrityException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.spi.Blob;
import io.keyrotate.spi.BlobInfo;
import io.keyrotate.spi.BlobListRequest;
import io.keyrotate.spi.BlobPage;
import io.keyrotate.spi.BlobWrite;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.InternalDataStore;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.sse.AeadCipher;
import io.keyrotate.sse.ConfigBlob;
import io.keyrotate.sse.InternalDataFormat;
import io.keyrotate.sse.KmsContext;
import io.keyrotate.sse.ObjectKey;
import io.keyrotate.sse.SseMetadata;
import io.keyrotate.sse.SseType;
import io.keyrotate.store.fs.FileObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link InternalDataRotator} on a real {@link FileObjectStore} with {@link LocalKms} in both modes. */
class InternalDataRotatorTest {
  static final String MINIO_SECRET = "my-key:3e2tuGevo/c70zwlSZpyPtf59RFy7nsbZ54I3Hld68w=";
  static final String CONFIG = "config/config.json";
  static final String ALICE = "config/iam/users/alice/identity.json";
  static final String HISTORY = "config/history/3d8a6e1c.kv";
  static final String TIER = "config/tier-config.bin";
  static final String TARGETS = InternalDataFormat.bucketTargetsName("photos");
  static final String USAGE = "buckets/photos/.usage-cache.bin";
  static final String BROKEN = "config/iam/policies/broken/policy.json";
  static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;
  private @Nullable FileObjectStore fs;
  private final Map<String, ObjectKey> oeks = new HashMap<>();

  @AfterEach
  void close() {
    if (fs != null) {
      fs.close();
    }
    oeks.values().forEach(ObjectKey::close);
  }

  InternalDataStore store() {
    if (fs == null) {
      fs = FileObjectStore.open(dir.resolve("store"));
    }
    return fs.internalData();
  }

  static byte[] plain(String name) {
    return ("{\"name\":\"" + name + "\",\"secretKey\":\"s3cr3t-" + name.length() + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] configBlob(Kms kms, String keyId, KmsContext ctx, byte[] plaintext) {
    try (DataKey k = kms.generateKey(new GenerateKeyRequest(keyId, ctx.asMap()))) {
      return ConfigBlob.encrypt(
          k.keyId(), k.ciphertext().toByteArray(), AeadCipher.AES_256_GCM, k.plaintext(), plaintext, RANDOM);
    }
  }

  static byte[] openConfig(Kms kms, byte[] blob, String name) {
    ConfigBlob b = ConfigBlob.parse(blob);
    try (SecretBytes dk =
        kms.decrypt(
            new DecryptRequest(
                b.keyId(), KmsCiphertext.copyOf(b.kmsCiphertext()), ConfigBlob.context(name).asMap()))) {
      return b.decrypt(dk);
    }
  }

  byte[] sealedMeta(Kms kms, String keyId, String name, String bucket, String object) {
    ObjectKey oek = ObjectKey.generate(SecretBytes.copyOf(new byte[32]), RANDOM);
    oeks.put(name, oek);
    byte[] iv = new byte[32];
    RANDOM.nextBytes(iv);
    KmsContext ctx = InternalDataFormat.context(name);
    try (DataKey k = kms.generateKey(new GenerateKeyRequest(keyId, ctx.asMap()))) {
      byte[] sealed = oek.seal(k.plaintext(), iv, SseType.SSE_S3, bucket, object, AeadCipher.AES_256_GCM, RANDOM);
      Map<String, String> m = new LinkedHashMap<>();
      m.put("X-Minio-Internal-replication-status", "kept as it is");
      m.putAll(SseMetadata.sseS3(iv, sealed, k.keyId(), k.ciphertext().toByteArray()).toMap());
      return InternalDataFormat.metadataToJson(m);
    }
  }

  /** Asserts the rotated metadata is under {@code keyId} and unseals to the original object key. */
  void assertSealedUnder(Kms kms, String keyId, String name, String bucket, String object) {
    Map<String, String> m = InternalDataFormat.metadataFromJson(read(name));
    assertEquals(keyId, m.get(SseMetadata.KMS_KEY_ID));
    assertEquals("kept as it is", m.get("X-Minio-Internal-replication-status"));
    SseMetadata s = SseMetadata.parse(m);
    try (SecretBytes ek =
            kms.decrypt(
                new DecryptRequest(
                    keyId,
                    KmsCiphertext.copyOf(Objects.requireNonNull(s.kmsCiphertext())),
                    InternalDataFormat.context(name).asMap()));
        ObjectKey back = s.unsealObjectKey(ek, bucket, object);
        SecretBytes a = back.secret();
        SecretBytes b = Objects.requireNonNull(oeks.get(name)).secret()) {
      assertEquals(b, a);
    }
  }

  byte[] read(String name) {
    return Objects.requireNonNull(store().read(name)).content();
  }

  void put(String name, byte[] content) {
    store().write(BlobWrite.create(name, content));
  }

  /** Every kind of internal data under {@code oldKey}, one unrelated blob and one tampered blob. */
  void populate(Kms kms, String oldKey) {
    put(CONFIG, configBlob(kms, oldKey, ConfigBlob.context(CONFIG), plain(CONFIG)));
    put(ALICE, configBlob(kms, oldKey, InternalDataFormat.legacyContext(ALICE), plain(ALICE)));
    put(HISTORY, plain(HISTORY));
    put(TIER, sealedMeta(kms, oldKey, TIER, ".minio.sys", TIER));
    put(TARGETS, sealedMeta(kms, oldKey, TARGETS, "photos", ""));
    put(USAGE, new byte[] {(byte) 0x93, 1, 2, 3});
    byte[] broken = configBlob(kms, oldKey, ConfigBlob.context(BROKEN), plain(BROKEN));
    broken[broken.length - 5] ^= 0x40;
    put(BROKEN, broken);
  }

  Map<String, String> snapshot() {
    Map<String, String> m = new TreeMap<>();
    BlobPage p = store().list(BlobListRequest.of(""));
    for (BlobInfo i : p.blobs()) {
      m.put(i.name(), i.version() + ":" + java.util.HexFormat.of().formatHex(read(i.name())));
    }
    return m;
  }

  static Components.Setup setup(Kms kms, String target) {
    KeyRotateJob job = KeyRotateJob.builder().bucket("photos").build();
    return new Components.Setup(job, target, new MemoryStore("photos"), kms, null, Ticker.SYSTEM);
  }

  static InternalDataReport run(Kms kms, InternalDataStore store, boolean dryRun) {
    return new InternalDataRotator(setup(kms, kms.defaultKeyId()), store).rotate(dryRun, () -> false);
  }

  void assertEverythingUnder(Kms kms, String keyId) {
    for (String n : new String[] {CONFIG, ALICE, HISTORY}) {
      byte[] b = read(n);
      assertEquals(keyId, ConfigBlob.parse(b).keyId(), n);
      assertArrayEquals(plain(n), openConfig(kms, b, n), n);
    }
    assertSealedUnder(kms, keyId, TIER, ".minio.sys", TIER);
    assertSealedUnder(kms, keyId, TARGETS, "photos", "");
  }

  // ------------------------------------------------------------------ whole runs

  @Test
  void rotate_nativeKeyring_reencryptsEveryKindAndReportsTheDamagedBlob() {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "old")) {
      populate(kms, "old");
      byte[] broken = read(BROKEN);
      byte[] usage = read(USAGE);
      kms.createKey("new");
      kms.setDefaultKey("new");

      InternalDataReport r = run(kms, store(), false);

      assertTrue(r.attempted());
      assertEquals(5, r.rotated());
      assertEquals(1, r.skipped());
      assertEquals(1, r.failed());
      assertEquals(1, r.failures().size());
      assertTrue(r.failures().get(0).startsWith(BROKEN + ": "), r.failures().get(0));
      assertFalse(String.join("\n", r.failures()).contains("s3cr3t"));
      assertArrayEquals(broken, read(BROKEN), "a failed blob is left as it was");
      assertArrayEquals(usage, read(USAGE));
      assertEverythingUnder(kms, "new");

      // Everything is current now: a second run verifies and skips, writing nothing.
      Map<String, String> before = snapshot();
      InternalDataReport again = run(kms, store(), false);
      assertEquals(0, again.rotated());
      assertEquals(6, again.skipped());
      assertEquals(1, again.failed());
      assertEquals(before, snapshot());
    }
  }

  @Test
  void rotate_minioSecretKey_rewritesEveryBlobInTheCurrentForm() {
    try (LocalKms kms = LocalKms.fromMinioSecretKey(MINIO_SECRET)) {
      populate(kms, "my-key");
      Map<String, String> before = snapshot();
      InternalDataReport r = run(kms, store(), false);
      assertEquals(5, r.rotated());
      assertEquals(1, r.skipped());
      assertEquals(1, r.failed());
      assertEverythingUnder(kms, "my-key");
      Map<String, String> after = snapshot();
      assertEquals(before.get(BROKEN), after.get(BROKEN));
      assertEquals(before.get(USAGE), after.get(USAGE));
      for (String n : new String[] {CONFIG, ALICE, HISTORY, TIER, TARGETS}) {
        assertFalse(before.get(n).equals(after.get(n)), n + " was rewritten");
      }
    }
  }

  @Test
  void rotate_dryRun_writesNothingAndCountsWhatWouldChange() {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "old")) {
      populate(kms, "old");
      kms.createKey("new");
      kms.setDefaultKey("new");
      Map<String, String> before = snapshot();
      AtomicInteger generated = new AtomicInteger();
      Kms counting =
          new ForwardingKms(kms) {
            @Override
            public DataKey generateKey(GenerateKeyRequest request) {
              generated.incrementAndGet();
              return kms.generateKey(request);
            }
          };
      InternalDataReport r = run(counting, store(), true);
      assertEquals(0, generated.get(), "a dry run creates no data keys");
      assertEquals(5, r.rotated());
      assertEquals(1, r.skipped());
      assertEquals(1, r.failed());
      assertEquals(before, snapshot());
    }
  }

  @Test
  void rotate_targetIsNotTheDefaultKey_touchesNothing() {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "old")) {
      populate(kms, "old");
      kms.createKey("new");
      Map<String, String> before = snapshot();
      InternalDataReport r =
          new InternalDataRotator(setup(kms, "new"), store()).rotate(false, () -> false);
      assertFalse(r.attempted());
      assertEquals(InternalDataReport.notAttempted(), r);
      assertEquals(before, snapshot());
    }
  }

  @Test
  void rotate_arnPrefixedTarget_isTheDefaultKey() {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "k")) {
      put(CONFIG, plain(CONFIG));
      InternalDataReport r =
          new InternalDataRotator(setup(kms, "arn:aws:kms:k"), store()).rotate(false, () -> false);
      assertEquals(1, r.rotated());
      assertEquals("k", ConfigBlob.parse(read(CONFIG)).keyId());
    }
  }

  @Test
  void rotate_stopRequested_stopsBetweenBlobs() {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "k")) {
      for (int i = 0; i < 5; i++) {
        put("config/iam/users/u" + i + "/identity.json", plain("u" + i));
      }
      AtomicInteger polls = new AtomicInteger();
      InternalDataReport r =
          new InternalDataRotator(setup(kms, "k"), store())
              .rotate(false, () -> polls.incrementAndGet() > 3);
      assertTrue(r.attempted());
      assertEquals(2, r.rotated(), "page poll + 2 blob polls, then stop");
      assertEquals(0, r.failed());
      assertEquals("k", ConfigBlob.parse(read("config/iam/users/u1/identity.json")).keyId());
      assertArrayEquals(plain("u2"), read("config/iam/users/u2/identity.json"));
    }
  }

  @Test
  void rotate_manyBlobs_pagesThroughTheWholeStore() {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "k")) {
      int n = 11;
      for (int i = 0; i < n; i++) {
        put(String.format("config/iam/policies/p%04d/policy.json", i), plain("p" + i));
      }
      AtomicInteger lists = new AtomicInteger();
      InternalDataStore counting =
          new RacingStore(store(), name -> null) {
            @Override
            public BlobPage list(BlobListRequest request) {
              lists.incrementAndGet();
              assertEquals(3, request.maxResults());
              return super.list(request);
            }
          };
      InternalDataReport r =
          new InternalDataRotator(setup(kms, "k"), counting, 3).rotate(false, () -> false);
      assertEquals(n, r.rotated());
      assertEquals(4, lists.get());
      assertEquals(n, run(kms, store(), false).skipped());
    }
  }

  // ------------------------------------------------------------------ races and failures

  /** A store whose server writes new content of a blob right before some of our writes. */
  static class RacingStore implements InternalDataStore {
    final InternalDataStore delegate;
    final Function<String, byte @Nullable []> serverWrite;
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger conflicts = new AtomicInteger();

    RacingStore(InternalDataStore delegate, Function<String, byte @Nullable []> serverWrite) {
      this.delegate = delegate;
      this.serverWrite = serverWrite;
    }

    @Override
    public BlobPage list(BlobListRequest request) {
      return delegate.list(request);
    }

    @Override
    public @Nullable Blob read(String name) {
      return delegate.read(name);
    }

    @Override
    public String write(BlobWrite request) {
      writes.incrementAndGet();
      byte[] server = serverWrite.apply(request.name());
      if (server != null) {
        Blob cur = Objects.requireNonNull(delegate.read(request.name()));
        delegate.write(BlobWrite.replace(request.name(), server, cur.version()));
        conflicts.incrementAndGet();
      }
      return delegate.write(request);
    }
  }

  @Test
  void rotate_serverSavesTheBlobMeanwhile_reencryptsTheNewContentNotTheOld() {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "old")) {
      put(ALICE, configBlob(kms, "old", ConfigBlob.context(ALICE), plain(ALICE)));
      kms.createKey("new");
      kms.setDefaultKey("new");
      byte[] updated = "{\"name\":\"alice\",\"status\":\"disabled\"}".getBytes(StandardCharsets.UTF_8);
      byte[] serverBlob = configBlob(kms, "old", ConfigBlob.context(ALICE), updated);
      AtomicInteger once = new AtomicInteger();
      RacingStore racing =
          new RacingStore(store(), name -> once.getAndIncrement() == 0 ? serverBlob : null);
      InternalDataReport r = run(kms, racing, false);
      assertEquals(1, r.rotated());
      assertEquals(0, r.failed());
      assertEquals(1, racing.conflicts.get());
      assertEquals(2, racing.writes.get());
      byte[] now = read(ALICE);
      assertEquals("new", ConfigBlob.parse(now).keyId());
      assertArrayEquals(updated, openConfig(kms, now, ALICE), "the server's save is not lost");
    }
  }

  @Test
  void rotate_serverKeepsSaving_failsTheBlobWithoutOverwriting() {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "k")) {
      put(CONFIG, plain(CONFIG));
      AtomicInteger n = new AtomicInteger();
      RacingStore racing =
          new RacingStore(
              store(),
              name -> ("{\"save\":" + n.incrementAndGet() + "}").getBytes(StandardCharsets.UTF_8));
      InternalDataReport r = run(kms, racing, false);
      assertEquals(0, r.rotated());
      assertEquals(1, r.failed());
      assertTrue(r.failures().get(0).contains("changed concurrently"), r.failures().get(0));
      assertEquals(InternalDataRotator.MAX_CAS_ATTEMPTS, racing.conflicts.get());
      assertEquals(
          "{\"save\":" + InternalDataRotator.MAX_CAS_ATTEMPTS + "}",
          new String(read(CONFIG), StandardCharsets.UTF_8));
    }
  }

  @Test
  void rotate_blobDeletedAfterListing_isSkipped() {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "k")) {
      put(CONFIG, plain(CONFIG));
      InternalDataStore s = store();
      InternalDataStore vanishing =
          new RacingStore(s, name -> null) {
            @Override
            public @Nullable Blob read(String name) {
              return null;
            }
          };
      InternalDataReport r = run(kms, vanishing, false);
      assertEquals(0, r.rotated());
      assertEquals(1, r.skipped());
      assertEquals(0, r.failed());
    }
  }

  /** Forwards to a real KMS; tests override one method. */
  static class ForwardingKms implements Kms {
    final Kms kms;

    ForwardingKms(Kms kms) {
      this.kms = kms;
    }

    @Override
    public String defaultKeyId() {
      return kms.defaultKeyId();
    }

    @Override
    public DataKey generateKey(GenerateKeyRequest request) {
      return kms.generateKey(request);
    }

    @Override
    public SecretBytes decrypt(DecryptRequest request) {
      return kms.decrypt(request);
    }
  }

  /** A KMS whose generate calls fail first, retryably or not. */
  static Kms flaky(Kms kms, int failures, boolean retryable) {
    AtomicInteger left = new AtomicInteger(failures);
    return new ForwardingKms(kms) {
      @Override
      public DataKey generateKey(GenerateKeyRequest request) {
        if (left.getAndDecrement() > 0) {
          throw new KmsException("KMS unavailable (test)", null, retryable);
        }
        return kms.generateKey(request);
      }
    };
  }

  @Test
  void rotate_transientKmsFailure_isRetried() {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "k")) {
      put(CONFIG, plain(CONFIG));
      InternalDataReport r = run(flaky(kms, 2, true), store(), false);
      assertEquals(1, r.rotated());
      assertEquals(0, r.failed());
    }
  }

  @Test
  void rotate_persistentOrFatalKmsFailure_failsTheBlobWithTheReason() {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "k")) {
      put(CONFIG, plain(CONFIG));
      put(HISTORY, plain(HISTORY));
      InternalDataReport retried = run(flaky(kms, 3, true), store(), false);
      assertEquals(1, retried.failed(), "3 attempts fail, the next blob succeeds");
      assertEquals(1, retried.rotated());
      assertEquals(CONFIG + ": KMS unavailable (test)", retried.failures().get(0));

      put("config/history/other.kv", plain("other"));
      InternalDataReport fatal = run(flaky(kms, 1, false), store(), false);
      assertEquals(1, fatal.failed());
      assertEquals(2, fatal.rotated());
      assertArrayEquals(plain(CONFIG), read(CONFIG), "nothing written for a failed blob");
    }
  }

  @Test
  void rotate_tamperedBlobs_failWithAReasonAndStayByteIdentical() {
    try (LocalKms kms = LocalKms.fromMinioSecretKey(MINIO_SECRET)) {
      byte[] good = configBlob(kms, "my-key", ConfigBlob.context(CONFIG), plain(CONFIG));
      byte[] meta = sealedMeta(kms, "my-key", TIER, ".minio.sys", TIER);
      Map<String, String> m = InternalDataFormat.metadataFromJson(meta);
      byte[] sealed = java.util.Base64.getDecoder().decode(m.get(SseMetadata.S3_SEALED_KEY));
      sealed[40] ^= 1;
      m.put(SseMetadata.S3_SEALED_KEY, java.util.Base64.getEncoder().encodeToString(sealed));
      byte[] tamperedMeta = InternalDataFormat.metadataToJson(m);
      for (int bit : new int[] {0, 7, 8 * (good.length - 1), 8 * (good.length / 2) + 3}) {
        byte[] t = good.clone();
        t[bit / 8] ^= (byte) (1 << (bit % 8));
        put("config/history/t" + bit + ".kv", t);
      }
      put(TIER, tamperedMeta);
      Map<String, String> before = snapshot();
      InternalDataReport r = run(kms, store(), false);
      assertEquals(5, r.failed(), String.join("\n", r.failures()));
      assertEquals(0, r.rotated());
      assertEquals(before, snapshot());
      assertTrue(
          r.failures().stream().anyMatch(f -> f.startsWith(TIER + ": ")), String.join("\n", r.failures()));
      assertFalse(String.join("\n", r.failures()).contains("s3cr3t"));
    }
  }

  @Test
  void rotate_integrityFailure_isNeverRetried() {
    try (LocalKms kms = LocalKms.create(dir.resolve("ring"), "k")) {
      byte[] b = configBlob(kms, "k", ConfigBlob.context(CONFIG), plain(CONFIG));
      b[b.length - 1] ^= 1;
      put(CONFIG, b);
      AtomicInteger decrypts = new AtomicInteger();
      Kms counting =
          new ForwardingKms(kms) {
            @Override
            public SecretBytes decrypt(DecryptRequest request) {
              decrypts.incrementAndGet();
              return kms.decrypt(request);
            }
          };
      InternalDataReport r = run(counting, store(), false);
      assertEquals(1, r.failed());
      assertEquals(1, decrypts.get(), "the stream failed once; no retry");
      assertThrows(IntegrityException.class, () -> openConfig(kms, b, CONFIG));
      assertNotNull(r.failures().get(0));
    }
  }
}
