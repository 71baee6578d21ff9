package io.keyrotate.spi.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.keyrotate.IntegrityException;
import io.keyrotate.KeyRotateException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.spi.RewrapRequest;
import io.keyrotate.spi.RewrapResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conformance tests for {@link Kms}. Extend it and implement {@link #newKms()}; override the optional
 * hooks when the KMS has more than one key or key versions.
 */
public abstract class KmsConformanceTest {
  private static final Map<String, String> CTX =
      Map.of("mybucket", "mybucket/photos/cat.png", "project", "alpha");

  /**
   * Creates a KMS with at least a default key.
   *
   * @return the KMS
   * @throws Exception when it cannot be created
   */
  protected abstract Kms newKms() throws Exception;

  /**
   * Makes a new version of {@code keyId} current. Override for KMSs with key versions.
   *
   * @param kms the KMS under test
   * @param keyId the key
   * @return {@code true} when the KMS rotated the key, {@code false} when it has no key versions
   * @throws Exception when rotation fails
   */
  protected boolean rotate(Kms kms, String keyId) throws Exception {
    return false;
  }

  /**
   * A second existing key, for KMSs with several keys.
   *
   * @param kms the KMS under test
   * @return another key id, or {@code null} when the KMS has one key
   * @throws Exception when it cannot be created
   */
  protected @Nullable String otherKey(Kms kms) throws Exception {
    return null;
  }

  /**
   * A key id the KMS does not know.
   *
   * @return the id
   */
  protected String unknownKeyId() {
    return "keyrotate-conformance-no-such-key";
  }

  /** Releases the KMS; override when it holds resources. */
  protected void close(Kms kms) throws Exception {}

  private @Nullable Kms kms;

  /** The KMS of the running test. */
  protected final Kms kms() {
    if (kms == null) {
      throw new IllegalStateException("no KMS");
    }
    return kms;
  }

  @BeforeEach
  void createKms() throws Exception {
    kms = newKms();
  }

  @AfterEach
  void closeKms() throws Exception {
    if (kms != null) {
      close(kms);
    }
  }

  private DataKey generate(Map<String, String> ctx) {
    return kms().generateKey(new GenerateKeyRequest(kms().defaultKeyId(), ctx));
  }

  private SecretBytes decrypt(String keyId, KmsCiphertext ct, Map<String, String> ctx) {
    return kms().decrypt(new DecryptRequest(keyId, ct, ctx));
  }

  private static void assertRejected(Runnable r, String what) {
    try {
      r.run();
      fail(what + ": must not decrypt");
    } catch (IntegrityException | KmsException e) {
      assertFalse(e.isRetryable(), what + ": a bad ciphertext is not retryable: " + e);
    }
  }

  @Test
  void defaultKeyId_isStableAndValid() {
    String id = kms().defaultKeyId();
    assertFalse(id.isEmpty());
    assertEquals(id, kms().defaultKeyId());
  }

  @Test
  void generateKey_returnsFresh32ByteKeysNamedByTheirKey() {
    try (DataKey a = generate(CTX);
        DataKey b = generate(CTX)) {
      assertEquals(32, a.plaintext().length());
      assertNotEquals(a.plaintext(), b.plaintext(), "data keys must be random");
      assertNotEquals(a.ciphertext(), b.ciphertext());
      assertEquals(kms().defaultKeyId(), a.keyId());
      assertFalse(Arrays.equals(a.plaintext().toByteArray(), a.ciphertext().toByteArray()));
    }
  }

  @Test
  void decrypt_sameContextInAnyOrder_returnsThePlaintext() {
    LinkedHashMap<String, String> reversed = new LinkedHashMap<>();
    reversed.put("project", "alpha");
    reversed.put("mybucket", "mybucket/photos/cat.png");
    try (DataKey k = generate(CTX);
        SecretBytes p = decrypt(k.keyId(), k.ciphertext(), reversed)) {
      assertEquals(k.plaintext(), p);
    }
  }

  @Test
  void decrypt_emptyContext_roundTrips() {
    try (DataKey k = generate(Map.of());
        SecretBytes p = decrypt(k.keyId(), k.ciphertext(), Map.of())) {
      assertEquals(k.plaintext(), p);
    }
  }

  @Test
  void decrypt_otherContext_isRejected() {
    try (DataKey k = generate(CTX)) {
      List<Map<String, String>> others =
          List.of(
              Map.of(),
              Map.of("mybucket", "mybucket/photos/cat.png"),
              Map.of("mybucket", "mybucket/photos/cat.png", "project", "beta"),
              Map.of("mybucket", "mybucket/photos/cat.png", "project", "alpha", "x", ""),
              Map.of("mybucket", "mybucket/photos/cat.PNG", "project", "alpha"),
              Map.of("Mybucket", "mybucket/photos/cat.png", "project", "alpha"));
      for (Map<String, String> o : others) {
        assertRejected(() -> decrypt(k.keyId(), k.ciphertext(), o), "context " + o);
      }
    }
  }

  @Test
  void decrypt_everyBitFlipped_isRejected() {
    try (DataKey k = generate(CTX)) {
      byte[] ct = k.ciphertext().toByteArray();
      for (int i = 0; i < ct.length * 8; i++) {
        byte[] bad = ct.clone();
        bad[i / 8] ^= (byte) (1 << (i % 8));
        int bit = i;
        assertRejected(
            () -> decrypt(k.keyId(), KmsCiphertext.copyOf(bad), CTX).close(), "bit " + bit + " flipped");
      }
    }
  }

  @Test
  void decrypt_truncatedOrExtended_isRejected() {
    try (DataKey k = generate(CTX)) {
      byte[] ct = k.ciphertext().toByteArray();
      for (int len = 1; len < ct.length; len++) {
        byte[] cut = Arrays.copyOf(ct, len);
        int l = len;
        assertRejected(() -> decrypt(k.keyId(), KmsCiphertext.copyOf(cut), CTX).close(), "cut to " + l);
      }
      for (byte extra : new byte[] {0, 1, (byte) 0xff, '}'}) {
        byte[] longer = Arrays.copyOf(ct, ct.length + 1);
        longer[ct.length] = extra;
        assertRejected(
            () -> decrypt(k.keyId(), KmsCiphertext.copyOf(longer), CTX).close(), "one byte appended");
      }
    }
  }

  @Test
  void decrypt_unknownKeyId_isRejected() {
    try (DataKey k = generate(CTX)) {
      assertRejected(() -> decrypt(unknownKeyId(), k.ciphertext(), CTX).close(), "unknown key");
    }
  }

  @Test
  void decrypt_underAnotherExistingKey_isRejected() throws Exception {
    String other = otherKey(kms());
    if (other == null) {
      return;
    }
    try (DataKey k = generate(CTX)) {
      assertRejected(() -> decrypt(other, k.ciphertext(), CTX).close(), "other key");
    }
    try (DataKey k = kms().generateKey(new GenerateKeyRequest(other, CTX));
        SecretBytes p = decrypt(other, k.ciphertext(), CTX)) {
      assertEquals(other, k.keyId());
      assertEquals(k.plaintext(), p);
    }
  }

  @Test
  void generateKey_unknownKeyId_throwsNonRetryableKmsException() {
    KmsException e =
        assertThrows(
            KmsException.class, () -> kms().generateKey(new GenerateKeyRequest(unknownKeyId(), CTX)));
    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains(unknownKeyId()), "the message names the key: " + e.getMessage());
  }

  @Test
  void isCurrent_freshCiphertext_isCurrentOrUnknown() {
    try (DataKey k = generate(CTX)) {
      KeyVersionState s = kms().isCurrent(new IsCurrentRequest(k.keyId(), k.ciphertext()));
      assertNotEquals(KeyVersionState.OUTDATED, s);
    }
  }

  @Test
  void isCurrent_afterRotation_isOutdatedAndStillDecrypts() throws Exception {
    try (DataKey k = generate(CTX)) {
      if (!rotate(kms(), k.keyId())) {
        return;
      }
      assertEquals(
          KeyVersionState.OUTDATED, kms().isCurrent(new IsCurrentRequest(k.keyId(), k.ciphertext())));
      try (SecretBytes p = decrypt(k.keyId(), k.ciphertext(), CTX)) {
        assertEquals(k.plaintext(), p);
      }
      try (DataKey fresh = generate(CTX)) {
        assertEquals(
            KeyVersionState.CURRENT,
            kms().isCurrent(new IsCurrentRequest(fresh.keyId(), fresh.ciphertext())));
      }
    }
  }

  @Test
  void isCurrent_ciphertextOfAnotherKey_isNotCurrent() throws Exception {
    String other = otherKey(kms());
    if (other == null) {
      return;
    }
    try (DataKey k = generate(CTX)) {
      assertNotEquals(KeyVersionState.CURRENT, kms().isCurrent(new IsCurrentRequest(other, k.ciphertext())));
    }
  }

  @Test
  void rewrap_returnsTheOldKeyAndAFreshOne() {
    Map<String, String> newCtx = Map.of("mybucket", "mybucket/photos/cat.png");
    try (DataKey k = generate(CTX);
        RewrapResult r =
            kms().rewrap(new RewrapRequest(k.keyId(), k.ciphertext(), CTX, kms().defaultKeyId(), newCtx))) {
      assertEquals(k.plaintext(), r.oldKey());
      assertNotEquals(k.plaintext(), r.newKey().plaintext());
      try (SecretBytes p = decrypt(r.newKey().keyId(), r.newKey().ciphertext(), newCtx)) {
        assertEquals(r.newKey().plaintext(), p);
      }
      assertRejected(() -> decrypt(r.newKey().keyId(), r.newKey().ciphertext(), CTX).close(), "old ctx");
    }
  }

  @Test
  void rewrap_badOldCiphertext_isRejected() {
    try (DataKey k = generate(CTX)) {
      assertRejected(
          () ->
              kms().rewrap(
                      new RewrapRequest(
                          k.keyId(), k.ciphertext(), Map.of("wrong", "ctx"), k.keyId(), CTX))
                  .close(),
          "rewrap with wrong context");
    }
  }

  @Test
  void dataKey_toString_showsNoKeyMaterial() {
    try (DataKey k = generate(CTX)) {
      String s = k.toString();
      byte[] p = k.plaintext().toByteArray();
      byte[] c = k.ciphertext().toByteArray();
      for (byte[] secret : List.of(p, c)) {
        assertFalse(s.contains(HexFormat.of().formatHex(secret, 0, 8)), s);
        assertFalse(s.contains(Base64.getEncoder().encodeToString(secret).substring(0, 12)), s);
      }
      Arrays.fill(p, (byte) 0);
    }
  }

  @Test
  void concurrentUse_generateAndDecryptFromManyThreads_allRoundTrip() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int id = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    Map<String, String> ctx = Map.of("b", "b/" + id + "/" + i);
                    try (DataKey k = generate(ctx);
                        SecretBytes p = decrypt(k.keyId(), k.ciphertext(), ctx)) {
                      if (!k.plaintext().equals(p)) {
                        return false;
                      }
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> f : results) {
        assertTrue(f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void decrypt_closedResult_wipesOnlyTheCallersCopy() {
    try (DataKey k = generate(CTX)) {
      byte[] expected = k.plaintext().toByteArray();
      SecretBytes first = decrypt(k.keyId(), k.ciphertext(), CTX);
      first.close();
      try (SecretBytes second = decrypt(k.keyId(), k.ciphertext(), CTX)) {
        assertArrayEquals(expected, second.toByteArray());
      }
      Arrays.fill(expected, (byte) 0);
    } catch (KeyRotateException e) {
      throw new AssertionError(e);
    }
  }
}
