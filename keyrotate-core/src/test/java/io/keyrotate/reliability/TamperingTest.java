package io.keyrotate.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.KeyRotateException;
import io.keyrotate.KmsException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.SecretBytes;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.spi.ReadRequest;
import io.keyrotate.spi.ReadResult;
import io.keyrotate.spi.ReplaceEncryptionRequest;
import io.keyrotate.spi.RewriteDataRequest;
import io.keyrotate.sse.Rewrap;
import io.keyrotate.sse.RewrapRequest;
import io.keyrotate.sse.SseMetadata;
import io.keyrotate.sse.SseSpec;
import io.keyrotate.sse.SseType;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.GetRequest;
import io.keyrotate.store.fs.GetResult;
import io.keyrotate.store.fs.PutRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attacker who can edit a {@link FileObjectStore}'s stored bytes and encryption metadata (real
 * files, real {@link LocalKms}): every edit that matters makes the object fail authentication on read
 * and makes a rewrap fail, so a tampered object is never read as other bytes and never "rotated" into
 * a valid state. Edits go through the store's own compare-and-set writes, which is what editing the
 * files with a valid checksum amounts to.
 */
class TamperingTest {
  private static final String SEALED_KMS = SseMetadata.KMS_SEALED_KEY;
  private static final Map<String, String> CONTEXT = Map.of("app", "demo");

  @TempDir Path dir;
  private LocalKms kms;
  private FileObjectStore store;
  private final byte[] dataA = HostileCryptoInputTest.fill(150_000, 1);
  private final byte[] dataB = HostileCryptoInputTest.fill(150_000, 2);

  @BeforeEach
  void open() {
    kms = LocalKms.create(dir.resolve("keyring"), "main");
    kms.createKey("other");
    store = FileObjectStore.builder(dir.resolve("store")).kms(kms).open();
    store.createBucket("demo", false);
    put("a", dataA, SseSpec.kms("main", CONTEXT));
    put("b", dataB, SseSpec.kms("main", CONTEXT));
    put("s3", dataA, SseSpec.s3());
  }

  @AfterEach
  void close() {
    store.close();
    kms.close();
  }

  private void put(String key, byte[] data, SseSpec spec) {
    store.put(PutRequest.builder("demo", key).data(data).encryption(spec).build());
  }

  private ObjectVersion stat(String key) {
    ObjectVersion v = store.stat("demo", key, null);
    if (v == null) {
      throw new AssertionError("no object " + key);
    }
    return v;
  }

  private byte[] get(String key) throws IOException {
    try (GetResult r = store.get(GetRequest.of("demo", key))) {
      return r.stream().readAllBytes();
    }
  }

  private byte[] stored(String key) throws IOException {
    try (ReadResult r = store.open(ReadRequest.of(stat(key)))) {
      return r.stream().readAllBytes();
    }
  }

  private void setMetadata(String key, Map<String, String> internal) {
    store.replaceEncryption(new ReplaceEncryptionRequest(stat(key), internal));
  }

  private void editMetadata(String key, UnaryOperator<Map<String, String>> edit) {
    setMetadata(key, edit.apply(new HashMap<>(stat(key).internalMetadata())));
  }

  private static String flipBase64(String b64, int bit) {
    byte[] b = Base64.getDecoder().decode(b64);
    b[bit / 8 % b.length] ^= (byte) (1 << (bit % 8));
    return Base64.getEncoder().encodeToString(b);
  }

  /**
   * Reading must be refused, never return bytes: an authentication failure, a framing error (a flipped
   * header bit names no valid version or suite; also never retryable) or a missing KMS key.
   */
  private KeyRotateException assertUnreadable(String key) {
    KeyRotateException e = assertThrows(KeyRotateException.class, () -> get(key), "tampered " + key + " was read");
    assertTrue(
        e instanceof IntegrityException || e instanceof FormatException || e instanceof KmsException,
        "expected an authentication failure, got " + e);
    assertTrue(e instanceof KmsException || !e.isRetryable(), "a tampered object is never retried: " + e);
    return e;
  }

  /** Rewraps an object's key as a rotation job would: old data key from the KMS, a fresh one, CAS. */
  private void rotate(String key) {
    ObjectVersion v = stat(key);
    SseMetadata md = SseMetadata.parse(v.internalMetadata());
    String keyId = md.kmsKeyId();
    byte[] ct = md.kmsCiphertext();
    if (keyId == null || ct == null) {
      throw new AssertionError("not a KMS-sealed object");
    }
    Map<String, String> aad = md.kmsAssociatedData("demo", key).asMap();
    try (SecretBytes old = kms.decrypt(new DecryptRequest(keyId, KmsCiphertext.copyOf(ct), aad));
        DataKey fresh = kms.generateKey(new GenerateKeyRequest("main", aad))) {
      Map<String, String> updated =
          Rewrap.rewrap(
              RewrapRequest.builder()
                  .metadata(v.internalMetadata())
                  .object("demo", key)
                  .oldDataKey(old)
                  .newDataKey(fresh.plaintext(), fresh.keyId(), fresh.ciphertext().toByteArray())
                  .newContext(md.type() == SseType.SSE_KMS ? md.context() : io.keyrotate.sse.KmsContext.empty())
                  .target(md.type())
                  .build());
      store.replaceEncryption(new ReplaceEncryptionRequest(v, updated));
    }
  }

  /** The rewrap of a tampered object fails and leaves it exactly as it was (still unreadable). */
  private void assertRotationRefused(String key) {
    ObjectVersion before = stat(key);
    KeyRotateException e = assertThrows(KeyRotateException.class, () -> rotate(key), "tampered " + key + " rotated");
    assertTrue(
        e instanceof IntegrityException || e instanceof FormatException || e instanceof KmsException, e.toString());
    assertEquals(before.internalMetadata(), stat(key).internalMetadata(), "nothing written");
    assertUnreadable(key);
  }

  @Test
  void untampered_readAndRotate_roundTrip() throws IOException {
    assertArrayEquals(dataA, get("a"));
    rotate("a");
    rotate("s3");
    assertArrayEquals(dataA, get("a"));
    assertArrayEquals(dataA, get("s3"));
  }

  @Test
  void sealedKeys_swappedBetweenObjects_failAuthentication() {
    String sa = stat("a").internalMetadata().get(SEALED_KMS);
    String sb = stat("b").internalMetadata().get(SEALED_KMS);
    editMetadata("a", m -> { m.put(SEALED_KMS, sb); return m; });
    editMetadata("b", m -> { m.put(SEALED_KMS, sa); return m; });
    assertUnreadable("a");
    assertUnreadable("b");
    assertRotationRefused("a");
  }

  @Test
  void allEncryptionMetadata_swappedBetweenObjects_failsAuthentication() {
    Map<String, String> ma = stat("a").internalMetadata();
    Map<String, String> mb = stat("b").internalMetadata();
    setMetadata("a", mb);
    setMetadata("b", ma);
    assertUnreadable("a");
    assertUnreadable("b");
    assertRotationRefused("b");
  }

  @Test
  void renamedObject_dataAndMetadataCopiedToAnotherKey_failsAuthentication() throws IOException {
    ObjectVersion a = stat("a");
    byte[] bytes = stored("a");
    store.rewriteData(
        new RewriteDataRequest(stat("b"), new ByteArrayInputStream(bytes), bytes.length, List.of(),
            a.internalMetadata()));
    assertUnreadable("b");
    assertRotationRefused("b");
    assertArrayEquals(dataA, get("a"), "the original is untouched");
  }

  @Test
  void oldSealedKey_replayedAfterRewrap_failsAuthentication() throws IOException {
    Map<String, String> before = stat("a").internalMetadata();
    rotate("a");
    Map<String, String> after = stat("a").internalMetadata();
    assertNotEquals(before.get(SEALED_KMS), after.get(SEALED_KMS));
    for (String entry : List.of(SEALED_KMS, SseMetadata.IV, SseMetadata.KMS_DATA_KEY)) {
      setMetadata("a", after);
      editMetadata("a", m -> { m.put(entry, before.get(entry)); return m; });
      assertUnreadable("a");
      assertRotationRefused("a");
    }
    // Replaying the whole old entry set is a rollback to a state that was valid: it still reads as the
    // same bytes (the object key never changes on a rewrap), never as other data.
    setMetadata("a", before);
    assertArrayEquals(dataA, get("a"));
  }

  @Test
  void storedData_bitFlips_failAuthenticationOnRead() throws IOException {
    byte[] original = stored("a");
    // Header bits (package 0 and package 1) and payload/tag bits.
    for (int bit : new int[] {0, 7, 8 * 4, 8 * 16, 8 * 100, 8 * 65_568 + 3, 8 * (original.length - 1)}) {
      byte[] tampered = original.clone();
      tampered[bit / 8] ^= (byte) (1 << (bit % 8));
      store.rewriteData(
          new RewriteDataRequest(stat("a"), new ByteArrayInputStream(tampered), tampered.length, List.of(),
              stat("a").internalMetadata()));
      KeyRotateException e = assertUnreadable("a");
      if (bit / 8 % 65_568 >= 16) {
        assertTrue(e instanceof IntegrityException, "payload or tag bit " + bit + ": " + e);
      }
    }
  }

  @Test
  void sealedKeyIvAndKmsCiphertext_bitFlips_failAuthentication() {
    Map<String, String> original = stat("a").internalMetadata();
    for (String entry : List.of(SEALED_KMS, SseMetadata.IV, SseMetadata.KMS_DATA_KEY)) {
      for (int bit : new int[] {0, 9, 100, 255}) {
        setMetadata("a", original);
        editMetadata("a", m -> { m.put(entry, flipBase64(m.get(entry), bit)); return m; });
        assertUnreadable("a");
        assertRotationRefused("a");
      }
    }
  }

  @Test
  void keyIdAndContext_changed_failAuthentication() {
    Map<String, String> original = stat("a").internalMetadata();
    List<UnaryOperator<Map<String, String>>> edits =
        List.of(
            m -> { m.put(SseMetadata.KMS_KEY_ID, "other"); return m; },
            m -> { m.put(SseMetadata.KMS_KEY_ID, "absent"); return m; },
            m -> { m.put(SseMetadata.CONTEXT, Base64.getEncoder().encodeToString("{\"app\":\"evil\"}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8))); return m; },
            m -> { m.remove(SseMetadata.CONTEXT); return m; },
            m -> { m.put(SseMetadata.CONTEXT, Base64.getEncoder().encodeToString("{\"demo\":\"demo/b\",\"app\":\"demo\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))); return m; });
    for (UnaryOperator<Map<String, String>> edit : edits) {
      setMetadata("a", original);
      editMetadata("a", edit);
      assertUnreadable("a");
      assertRotationRefused("a");
    }
  }

  @Test
  void sseS3SealedKey_movedIntoSseKmsSlot_failsAuthentication() {
    Map<String, String> s3 = stat("s3").internalMetadata();
    editMetadata("s3", m -> {
      m.put(SEALED_KMS, m.remove(SseMetadata.S3_SEALED_KEY));
      return m;
    });
    assertUnreadable("s3");
    setMetadata("s3", s3);
    try {
      get("s3");
    } catch (IOException e) {
      fail(e);
    }
  }
}
