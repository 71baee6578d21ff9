package io.keyrotate.kms.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.IntegrityException;
import io.keyrotate.KeyRotateException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import io.keyrotate.spi.KmsCiphertext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AuthProvider;
import java.security.Key;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pkcs11Kms against SoftHSM2 tokens: keys, rotation, configuration files and token failures. */
class Pkcs11KmsTest {
  private static final Map<String, String> CTX = Map.of("bucket", "bucket/object");
  @TempDir Path dir;

  private static DataKey generate(Pkcs11Kms kms, String key) {
    return kms.generateKey(new GenerateKeyRequest(key, CTX));
  }

  private static SecretBytes decrypt(Pkcs11Kms kms, DataKey k) {
    return kms.decrypt(new DecryptRequest(k.keyId(), k.ciphertext(), CTX));
  }

  private static void logOut(Pkcs11Kms kms) throws LoginException {
    ((AuthProvider) kms.provider()).logout();
  }

  private Path pinFile(String pin) throws IOException {
    Path f = dir.resolve("hsm.pin");
    Files.writeString(f, pin + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  private Path configFile(SoftHsm hsm, String defaultKey, String extra) throws IOException {
    pinFile(SoftHsm.PIN);
    Path f = dir.resolve("pkcs11.properties");
    Files.writeString(
        f,
        "# test token\nlibrary = " + hsm.library + "\nslot = " + hsm.mainSlot + "\npin.file = hsm.pin\n"
            + "defaultKey = " + defaultKey + "\n" + extra,
        StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void createKey_masterKey_isATokenObjectThatCannotBeExtracted() {
    SoftHsm hsm = SoftHsm.get();
    String name = SoftHsm.uniqueName("hidden");
    try (Pkcs11Kms kms = Pkcs11Kms.create(hsm.config(name).build())) {
      Key k = kms.masterKey(name, 1);
      assertNotNull(k);
      assertEquals("AES", k.getAlgorithm());
      assertNull(k.getEncoded(), "a sensitive, non-extractable key has no encoding outside the token");
      String s = k.toString();
      assertTrue(s.contains("token object") && s.contains("sensitive") && s.contains("unextractable"), s);
    }
  }

  @Test
  void ciphertext_namesKeyAndVersionAndHidesTheDataKey() {
    SoftHsm hsm = SoftHsm.get();
    String name = SoftHsm.uniqueName("format");
    try (Pkcs11Kms kms = Pkcs11Kms.create(hsm.config(name).build());
        DataKey k = generate(kms, name)) {
      byte[] ct = k.ciphertext().toByteArray();
      Pkcs11Ciphertext.Header h = Pkcs11Ciphertext.header(ct);
      assertNotNull(h);
      assertEquals(name, h.name());
      assertEquals(1, h.version());
      assertEquals('K', ct[0]);
      assertEquals('P', ct[1]);
      assertEquals(1, ct[2], "format version");
      assertEquals(Pkcs11Ciphertext.AES_GCM, ct[3]);
      assertEquals(Pkcs11Ciphertext.headerLength(name.length()) + 48, ct.length);
    }
  }

  @Test
  void rotateKey_oldCiphertextsAreOutdatedButDecrypt_newOnesUseTheNewVersion() {
    SoftHsm hsm = SoftHsm.get();
    String name = SoftHsm.uniqueName("rotating");
    try (Pkcs11Kms kms = Pkcs11Kms.create(hsm.config(name).build());
        DataKey v1 = generate(kms, name)) {
      Pkcs11KeyInfo info = kms.rotateKey(name);
      assertEquals(2, info.currentVersion());
      assertEquals(List.of(1, 2), info.versions());
      assertTrue(info.isDefault());
      kms.rotateKey(name);
      try (DataKey v3 = generate(kms, name);
          SecretBytes p1 = decrypt(kms, v1);
          SecretBytes p3 = decrypt(kms, v3)) {
        assertEquals(v1.plaintext(), p1);
        assertEquals(v3.plaintext(), p3);
        assertEquals(3, Pkcs11Ciphertext.header(v3.ciphertext().toByteArray()).version());
        assertEquals(KeyVersionState.OUTDATED, kms.isCurrent(new IsCurrentRequest(name, v1.ciphertext())));
        assertEquals(KeyVersionState.CURRENT, kms.isCurrent(new IsCurrentRequest(name, v3.ciphertext())));
      }
      assertNotNull(kms.masterKey(name, 3), "version 3 is the token object labelled " + name + "#3");
      assertEquals(
          KeyVersionState.UNKNOWN,
          kms.isCurrent(new IsCurrentRequest(name, KmsCiphertext.copyOf(new byte[] {1, 2, 3}))));
    }
  }

  @Test
  void rotateKey_inAnotherInstance_isSeenOnDecryptAndOnRefresh() {
    SoftHsm hsm = SoftHsm.get();
    String name = SoftHsm.uniqueName("shared");
    try (Pkcs11Kms a = Pkcs11Kms.create(hsm.config(name).build());
        Pkcs11Kms b = Pkcs11Kms.open(hsm.config(name).build())) {
      b.rotateKey(name);
      try (DataKey fromB = generate(b, name);
          SecretBytes p = decrypt(a, fromB)) {
        assertEquals(fromB.plaintext(), p, "a finds version 2 when a ciphertext names it");
        a.refresh();
        assertEquals(KeyVersionState.CURRENT, a.isCurrent(new IsCurrentRequest(name, fromB.ciphertext())));
      }
    }
  }

  @Test
  void generateKey_keyCreatedByAnotherInstance_isFound() {
    SoftHsm hsm = SoftHsm.get();
    String name = SoftHsm.uniqueName("late");
    String later = SoftHsm.uniqueName("late-other");
    try (Pkcs11Kms a = Pkcs11Kms.create(hsm.config(name).build());
        Pkcs11Kms b = Pkcs11Kms.open(hsm.config(name).build())) {
      b.createKey(later);
      try (DataKey k = generate(a, later);
          SecretBytes p = decrypt(b, k)) {
        assertEquals(k.plaintext(), p);
      }
    }
  }

  @Test
  void decrypt_versionNotOnTheToken_isAnIntegrityFailure() {
    SoftHsm hsm = SoftHsm.get();
    String name = SoftHsm.uniqueName("versions");
    try (Pkcs11Kms kms = Pkcs11Kms.create(hsm.config(name).build());
        DataKey k = generate(kms, name)) {
      byte[] ct = k.ciphertext().toByteArray();
      Pkcs11Ciphertext.Header h = Pkcs11Ciphertext.header(ct);
      ct[h.length() - Pkcs11Ciphertext.NONCE - 1] = 7; // version 7
      IntegrityException e =
          assertThrows(
              IntegrityException.class,
              () -> kms.decrypt(new DecryptRequest(name, KmsCiphertext.copyOf(ct), CTX)));
      assertTrue(e.getMessage().contains("no version 7"), e.getMessage());
    }
  }

  @Test
  void keys_configuredSubset_servesOnlyThoseKeys() {
    SoftHsm hsm = SoftHsm.get();
    String a = SoftHsm.uniqueName("subset-a");
    String b = SoftHsm.uniqueName("subset-b");
    Pkcs11Kms.create(hsm.config(b).build()).close();
    try (Pkcs11Kms kms = Pkcs11Kms.create(hsm.config(a).key(a).build())) {
      assertEquals(List.of(a), kms.keys().stream().map(Pkcs11KeyInfo::name).toList());
      KmsException e = assertThrows(KmsException.class, () -> generate(kms, b));
      assertFalse(e.isRetryable());
      assertTrue(e.getMessage().contains(b), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> kms.createKey(b + "x"));
    }
  }

  @Test
  void createKey_existingOrInvalidName_isRejected() {
    SoftHsm hsm = SoftHsm.get();
    String name = SoftHsm.uniqueName("exists");
    try (Pkcs11Kms kms = Pkcs11Kms.create(hsm.config(name).build())) {
      assertThrows(IllegalArgumentException.class, () -> kms.createKey(name));
      assertThrows(IllegalArgumentException.class, () -> kms.createKey("looks-like-a-version#2"));
      assertThrows(IllegalArgumentException.class, () -> kms.rotateKey(name + "-missing"));
    }
  }

  @Test
  void open_configFile_usesThePinFileAndKeys() throws IOException {
    SoftHsm hsm = SoftHsm.get();
    String name = SoftHsm.uniqueName("fromfile");
    Pkcs11Kms.create(hsm.config(name).build()).close();
    try (Pkcs11Kms kms = Pkcs11Kms.open(configFile(hsm, name, "keys = " + name + "\n"));
        DataKey k = generate(kms, name);
        SecretBytes p = decrypt(kms, k)) {
      assertEquals(name, kms.defaultKeyId());
      assertEquals(k.plaintext(), p);
      assertFalse(kms.toString().contains(SoftHsm.PIN), kms.toString());
    }
  }

  @Test
  void open_missingDefaultKey_namesIt() throws IOException {
    SoftHsm hsm = SoftHsm.get();
    KmsException e =
        assertThrows(KmsException.class, () -> Pkcs11Kms.open(configFile(hsm, "never-created", "")));
    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains("never-created"), e.getMessage());
  }

  @Test
  void open_wrongPin_isNotRetriedAndDoesNotShowThePin() throws LoginException {
    SoftHsm hsm = SoftHsm.get();
    String name = SoftHsm.uniqueName("wrongpin");
    try (Pkcs11Kms kms = Pkcs11Kms.create(hsm.config(name).build())) {
      logOut(kms); // while the process is logged in, the token never sees a PIN
    }
    String wrongPin = "Wrong-Pin-wQxTzV"; // letters no slot number contains
    char[] pin = wrongPin.toCharArray();
    KmsException e =
        assertThrows(
            KmsException.class,
            () -> Pkcs11Kms.open(hsm.config("whatever").pin(pin).build()));
    assertFalse(e.isRetryable(), "failed logins count towards locking the token");
    assertTrue(e.getMessage().contains("CKR_PIN_INCORRECT"), e.getMessage());
    assertFalse(e.getMessage().contains(wrongPin), e.getMessage());
    assertEquals(0, new String(pin).replace("\0", "").length(), "the PIN array is wiped on failure");
  }

  @Test
  void open_missingSlot_isNotRetryableAndNamesTheSlot() {
    SoftHsm hsm = SoftHsm.get();
    long slot = hsm.mainSlot ^ 0x5a5a5a5L;
    KmsException e =
        assertThrows(
            KmsException.class,
            () -> Pkcs11Kms.open(
                Pkcs11Config.builder().library(hsm.library).slot(slot).pin("x".toCharArray())
                    .defaultKey("k").build()));
    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains("slot " + slot) && e.getMessage().contains("CKR_SLOT_ID_INVALID"),
        e.getMessage());
  }

  @Test
  void open_missingLibrary_namesThePath() {
    Path lib = dir.resolve("libnothere.so");
    KmsException e =
        assertThrows(
            KmsException.class,
            () -> Pkcs11Kms.open(
                Pkcs11Config.builder().library(lib).slotListIndex(0).pinFromEnvironment("NOPE")
                    .defaultKey("k").build()));
    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains(lib.toString()), e.getMessage());
  }

  @Test
  void open_pinFileReadableByOthers_isRefused() throws IOException {
    SoftHsm hsm = SoftHsm.get();
    Path f = configFile(hsm, "any", "");
    Files.setPosixFilePermissions(dir.resolve("hsm.pin"), PosixFilePermissions.fromString("rw-r--r--"));
    KmsException e = assertThrows(KmsException.class, () -> Pkcs11Kms.open(f));
    assertTrue(e.getMessage().contains("readable by others"), e.getMessage());
  }

  @Test
  void decrypt_afterLoginLost_logsInAgainAndSucceeds() throws LoginException {
    SoftHsm hsm = SoftHsm.get();
    String name = SoftHsm.uniqueName("relogin");
    try (Pkcs11Kms kms = Pkcs11Kms.create(hsm.config(name).build());
        Pkcs11Kms other = Pkcs11Kms.open(hsm.config(name).build());
        DataKey k = generate(kms, name)) {
      logOut(other); // a PKCS#11 login is per process: this logs out every instance
      try (SecretBytes p = decrypt(kms, k)) {
        assertEquals(k.plaintext(), p);
      }
      assertEquals(1, kms.recoveries(), "the first attempt failed and the KMS logged in again");
      logOut(kms);
      try (DataKey again = generate(kms, name);
          SecretBytes p = decrypt(other, again)) {
        assertEquals(again.plaintext(), p);
      }
      assertEquals(2, kms.recoveries());
      assertEquals(1, other.recoveries());
    }
  }

  @Test
  void decrypt_loginLostUnderConcurrentUse_allThreadsSucceedAfterOneLogin() throws Exception {
    SoftHsm hsm = SoftHsm.get();
    String name = SoftHsm.uniqueName("herd");
    try (Pkcs11Kms kms = Pkcs11Kms.create(hsm.config(name).build());
        DataKey k = generate(kms, name)) {
      logOut(kms);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
      try {
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    try (SecretBytes p = decrypt(kms, k)) {
                      return p.equals(k.plaintext());
                    }
                  }));
        }
        start.countDown();
        for (java.util.concurrent.Future<Boolean> f : results) {
          assertTrue(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(1, kms.recoveries(), "threads that failed together share one login");
    }
  }

  @Test
  void decrypt_afterLoginLostAndPinChanged_failsWithoutRetry() throws IOException, LoginException {
    SoftHsm hsm = SoftHsm.get();
    String name = SoftHsm.uniqueName("pinchange");
    Pkcs11Kms.create(hsm.config(name).build()).close();
    try (Pkcs11Kms kms = Pkcs11Kms.open(configFile(hsm, name, ""));
        DataKey k = generate(kms, name)) {
      String wrongPin = "Wrong-Pin-qZxJvK"; // letters no temp directory name or slot number contains
      pinFile(wrongPin);
      logOut(kms);
      KmsException e = assertThrows(KmsException.class, () -> decrypt(kms, k));
      assertFalse(e.isRetryable(), e.getMessage());
      assertTrue(e.getMessage().contains("refused the PIN"), e.getMessage());
      assertFalse(e.getMessage().contains(wrongPin), e.getMessage());
    } finally {
      // Later tests log in with the right PIN again.
      try (Pkcs11Kms ok = Pkcs11Kms.open(hsm.config(name).build())) {
        assertEquals(name, ok.defaultKeyId());
      }
    }
  }

  @Test
  void generateAndDecrypt_tokenRemoved_failRetryably() throws IOException {
    SoftHsm hsm = SoftHsm.get();
    String name = "doomed";
    Pkcs11Config config =
        Pkcs11Config.builder().library(hsm.library).slot(hsm.doomedSlot).pin(SoftHsm.PIN.toCharArray())
            .defaultKey(name).build();
    try (Pkcs11Kms kms = Pkcs11Kms.create(config);
        DataKey k = generate(kms, name)) {
      try (SecretBytes p = decrypt(kms, k)) {
        assertEquals(k.plaintext(), p);
      }
      SoftHsm.deleteTree(hsm.doomedTokenDir); // the token disappears under the running KMS
      for (Runnable op :
          List.<Runnable>of(() -> decrypt(kms, k).close(), () -> generate(kms, name).close())) {
        KmsException e = assertThrows(KmsException.class, op::run);
        assertTrue(e.isRetryable(), "a vanished token may come back: " + e.getMessage());
        assertTrue(e.getMessage().contains("any more after a token error"), e.getMessage());
        assertTrue(e.getMessage().contains("CKR_"), e.getMessage());
        assertFalse(e.getMessage().contains(SoftHsm.PIN), e.getMessage());
      }
    }
  }

  @Test
  void operations_afterAnotherKeyWasDeletedAndLoginLost_recoverForTheRestAndFailForTheDeleted()
      throws Exception {
    SoftHsm hsm = SoftHsm.get();
    String keep = SoftHsm.uniqueName("keep");
    String gone = SoftHsm.uniqueName("gone");
    try (Pkcs11Kms kms = Pkcs11Kms.create(hsm.config(keep).build());
        Pkcs11Kms admin = Pkcs11Kms.open(hsm.config(keep).build())) {
      kms.createKey(gone);
      try (DataKey kept = generate(kms, keep);
          DataKey lost = generate(kms, gone)) {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS11", admin.provider());
        ks.load(null, SoftHsm.PIN.toCharArray());
        ks.deleteEntry(gone); // an administrator removes the key object from the token
        logOut(admin);
        try (SecretBytes p = decrypt(kms, kept)) {
          assertEquals(kept.plaintext(), p, "the remaining key works after logging in again");
        }
        KmsException e = assertThrows(KmsException.class, () -> decrypt(kms, lost));
        assertFalse(e.isRetryable(), e.getMessage());
        assertTrue(e.getMessage().contains(gone), e.getMessage());
      }
    }
  }

  @Test
  void close_wipesTheCharArrayPinAndRefusesUse() {
    SoftHsm hsm = SoftHsm.get();
    String name = SoftHsm.uniqueName("closing");
    char[] pin = SoftHsm.PIN.toCharArray();
    Pkcs11Kms kms = Pkcs11Kms.create(hsm.config(name).pin(pin).build());
    DataKey k = generate(kms, name);
    kms.close();
    assertArrayEquals(new char[pin.length], pin);
    assertThrows(KmsException.class, () -> decrypt(kms, k));
    assertThrows(KeyRotateException.class, kms::defaultKeyId);
    k.close();
  }
}
