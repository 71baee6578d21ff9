package io.keyrotate.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.KeyRotateException;
import io.keyrotate.KmsException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.SecretBytes;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.runner.ObjectOutcome;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.spi.ReplaceEncryptionRequest;
import io.keyrotate.sse.AeadCipher;
import io.keyrotate.sse.DecryptObjectRequest;
import io.keyrotate.sse.EncryptObjectRequest;
import io.keyrotate.sse.EncryptedObject;
import io.keyrotate.sse.KmsContext;
import io.keyrotate.sse.MinioBuiltinKms;
import io.keyrotate.sse.ObjectKey;
import io.keyrotate.sse.RewrapRequest;
import io.keyrotate.sse.SseMetadata;
import io.keyrotate.sse.SseSpec;
import io.keyrotate.sse.SseToolkit;
import io.keyrotate.sse.SseType;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.GetRequest;
import io.keyrotate.store.fs.GetResult;
import io.keyrotate.store.fs.PutRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets hygiene without a job (issue 8, item 5): no {@code toString} or exception message of the KMS,
 * key, SSE and store types contains key material in any common encoding; keyring files are owner-only
 * from creation through every update; {@code close()} wipes what it promises to; hostile tag, metadata
 * and key strings keep audit lines single-line JSON.
 */
class SecretsHygieneTest {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  @TempDir Path dir;

  /** The master keys in a keyring file (format in KeyringCodec), parsed independently of the codec. */
  static List<byte[]> masterKeys(Path keyring) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(keyring));
    b.position(9);
    int defaultName = b.get() & 0xff;
    b.position(b.position() + defaultName);
    int entries = b.getInt();
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < entries; i++) {
      int name = b.get() & 0xff;
      b.position(b.position() + name + 2 + 8 + 4);
      byte[] k = new byte[32];
      b.get(k);
      keys.add(k);
    }
    return keys;
  }

  private static <T extends Throwable> T thrown(Class<T> type, Executable e) {
    return assertThrows(type, e);
  }

  @Test
  void localKms_toStringsAndErrors_neverContainMasterOrDataKeys(TestReporter reporter) throws Exception {
    Path file = dir.resolve("keyring");
    SecretScanner scan = new SecretScanner();
    List<Object> values = new ArrayList<>();
    List<Throwable> errors = new ArrayList<>();
    Map<String, String> ctx = Map.of("bucket", "bucket/object");
    try (LocalKms kms = LocalKms.create(file, "main")) {
      kms.createKey("other");
      kms.rotateKey("main");
      List<byte[]> masters = masterKeys(file);
      assertEquals(3, masters.size());
      for (int i = 0; i < masters.size(); i++) {
        scan.secret("master key " + i, masters.get(i));
      }
      try (DataKey dk = kms.generateKey(new GenerateKeyRequest("main", ctx))) {
        scan.secret("data key", dk.plaintext().toByteArray());
        values.addAll(List.of(kms, dk, dk.plaintext(), dk.ciphertext(), kms.listKeys(),
            new DecryptRequest("main", dk.ciphertext(), ctx), new GenerateKeyRequest("main", ctx)));
        byte[] ct = dk.ciphertext().toByteArray();
        ct[ct.length - 1] ^= 1;
        errors.add(thrown(KeyRotateException.class,
            () -> kms.decrypt(new DecryptRequest("main", KmsCiphertext.copyOf(ct), ctx))));
        errors.add(thrown(KeyRotateException.class,
            () -> kms.decrypt(new DecryptRequest("main", dk.ciphertext(), Map.of("bucket", "x")))));
        errors.add(thrown(KeyRotateException.class,
            () -> kms.decrypt(new DecryptRequest("other", dk.ciphertext(), ctx))));
        errors.add(thrown(KeyRotateException.class,
            () -> kms.decrypt(new DecryptRequest("absent", dk.ciphertext(), ctx))));
        errors.add(thrown(KeyRotateException.class,
            () -> kms.generateKey(new GenerateKeyRequest("absent", ctx))));
      }
    }
    errors.add(thrown(KmsException.class, () -> LocalKms.create(file, "main")));
    byte[] pristine = Files.readAllBytes(file);
    // A corrupt keyring: a flipped key bit, and one behind a recomputed digest (so the parser reports).
    byte[] flipped = pristine.clone();
    flipped[flipped.length - 40] ^= 1;
    Files.write(file, flipped);
    errors.add(thrown(KmsException.class, () -> LocalKms.open(file)));
    byte[] body = java.util.Arrays.copyOf(pristine, pristine.length - 32);
    body[body.length - 32 - 4 - 8 - 1] ^= 1; // low byte of the last entry's version number
    Files.write(file, HostileFilesTest.withKeyringDigest(body));
    errors.add(thrown(KmsException.class, () -> LocalKms.open(file)));
    Files.write(file, java.util.Arrays.copyOf(pristine, pristine.length - 5));
    errors.add(thrown(KmsException.class, () -> LocalKms.open(file)));
    Files.write(file, pristine);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    errors.add(thrown(KmsException.class, () -> LocalKms.open(file)));
    for (Object v : values) {
      scan.assertClean(v.getClass().getSimpleName() + ".toString", String.valueOf(v));
    }
    for (Throwable t : errors) {
      scan.assertClean("error", t);
    }
    reporter.publishEntry("local-kms texts checked", Integer.toString(scan.checked()));
  }

  @Test
  void minioSecretKey_toStringsAndErrors_neverContainTheKey() throws Exception {
    byte[] master = HostileCryptoInputTest.fill(32, 77);
    SecretScanner scan = new SecretScanner().secret("MinIO master key", master);
    String b64 = Base64.getEncoder().encodeToString(master);
    scan.secret("MinIO master key, 31-byte prefix", java.util.Arrays.copyOf(master, 31));
    List<Throwable> errors = new ArrayList<>();
    for (String bad : List.of("main" + b64, "bad name!:" + b64, "main:" + b64 + "!",
        "main:" + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(master, 31)),
        "main:" + b64.substring(0, b64.length() - 1))) {
      errors.add(thrown(KmsException.class, () -> LocalKms.fromMinioSecretKey(bad)));
    }
    try (LocalKms kms = LocalKms.fromMinioSecretKey("main:" + b64);
        MinioBuiltinKms builtin = MinioBuiltinKms.of("main", SecretBytes.copyOf(master));
        MinioBuiltinKms.DataKey dk = builtin.generateKey("main", KmsContext.empty(), new SecureRandom())) {
      scan.secret("builtin data key", dk.plaintext().toByteArray());
      scan.assertClean("LocalKms", kms.toString());
      scan.assertClean("MinioBuiltinKms", builtin.toString());
      scan.assertClean("MinioBuiltinKms.DataKey", dk.toString());
      byte[] ct = dk.ciphertext();
      ct[0] ^= 1;
      errors.add(thrown(KeyRotateException.class, () -> builtin.decrypt("main", ct, KmsContext.empty())));
      errors.add(thrown(KeyRotateException.class,
          () -> kms.decrypt(new DecryptRequest("main", KmsCiphertext.copyOf(ct), Map.of()))));
    }
    for (Throwable t : errors) {
      scan.assertClean("error", t);
    }
  }

  @Test
  void sseToolkitAndStore_toStringsAndErrors_neverContainObjectDataOrCustomerKeys() throws Exception {
    byte[] customer = HostileCryptoInputTest.fill(32, 55);
    SecretScanner scan = new SecretScanner().secret("customer key", customer);
    List<Object> values = new ArrayList<>();
    List<Throwable> errors = new ArrayList<>();
    try (LocalKms kms = LocalKms.create(dir.resolve("keyring"), "main");
        FileObjectStore store = FileObjectStore.builder(dir.resolve("store")).kms(kms).open();
        SecretBytes customerKey = SecretBytes.copyOf(customer);
        SecretBytes wrongKey = SecretBytes.copyOf(HostileCryptoInputTest.fill(32, 56))) {
      SseToolkit sse = SseToolkit.of(kms);
      byte[] plain = HostileCryptoInputTest.fill(1000, 9);
      EncryptObjectRequest req =
          EncryptObjectRequest.of("b", "o", new ByteArrayInputStream(plain), SseSpec.kms("main", Map.of("a", "b")));
      Map<String, String> meta;
      try (EncryptedObject e = sse.encrypt(req)) {
        values.addAll(List.of(req, e, sse));
        meta = e.internalMetadata();
      }
      SseMetadata md = SseMetadata.parse(meta);
      try (SecretBytes ek = kms.decrypt(new DecryptRequest(md.kmsKeyId(),
              KmsCiphertext.copyOf(md.kmsCiphertext()), md.kmsAssociatedData("b", "o").asMap()));
          ObjectKey oek = md.unsealObjectKey(ek, "b", "o")) {
        scan.secret("data key", ek.toByteArray()).secret("object key", oek.secret().toByteArray());
        values.addAll(List.of(oek, md, meta, SseSpec.customer(customerKey)));
        values.add(RewrapRequest.builder().metadata(meta).object("b", "o").oldDataKey(ek)
            .newDataKey(ek, "main", md.kmsCiphertext()).newContext(md.context()).target(SseType.SSE_KMS).build());
        values.add(new DecryptObjectRequest("b", "o", meta, List.of(), 0, (off, len) -> InputStreamOf.empty(),
            0, -1, customerKey));
      }
      store.createBucket("demo", false);
      store.put(PutRequest.builder("demo", "c").data(plain).encryption(SseSpec.customer(customerKey)).build());
      store.put(PutRequest.builder("demo", "k").data(plain).encryption(SseSpec.kms("main", Map.of())).build());
      values.add(new GetRequest("demo", "c", null, 0, -1, customerKey));
      values.add(PutRequest.builder("demo", "c").data(plain).encryption(SseSpec.customer(customerKey)).build());
      values.add(store);
      errors.add(thrown(KeyRotateException.class, () -> readAll(store, new GetRequest("demo", "c", null, 0, -1, wrongKey))));
      ObjectVersion k = store.stat("demo", "k", null);
      Map<String, String> tampered = new HashMap<>(k.internalMetadata());
      tampered.put(SseMetadata.KMS_SEALED_KEY, Base64.getEncoder().encodeToString(new byte[64]));
      store.replaceEncryption(new ReplaceEncryptionRequest(k, tampered));
      errors.add(thrown(KeyRotateException.class, () -> readAll(store, GetRequest.of("demo", "k"))));
      values.add(store.stat("demo", "k", null));
    }
    for (Object v : values) {
      scan.assertClean(v.getClass().getSimpleName() + ".toString", String.valueOf(v));
    }
    for (Throwable t : errors) {
      scan.assertClean("error", t);
    }
  }

  private static byte[] readAll(FileObjectStore store, GetRequest r) throws Exception {
    try (GetResult g = store.get(r)) {
      return g.stream().readAllBytes();
    }
  }

  /** A stored-bytes source for requests that are only printed. */
  private static final class InputStreamOf {
    static java.io.InputStream empty() {
      return java.io.InputStream.nullInputStream();
    }
  }

  // ---------------------------------------------------------------- keyring permissions

  private static void assertOwnerOnly(Path f) throws Exception {
    assertEquals(OWNER_ONLY, Files.getPosixFilePermissions(f), f + " " + PosixFilePermissions.toString(
        Files.getPosixFilePermissions(f)));
  }

  @Test
  void keyringFile_createdAndEveryUpdate_isOwnerReadWriteOnly() throws Exception {
    Path file = dir.resolve("keyring");
    try (LocalKms kms = LocalKms.create(file, "main")) {
      assertOwnerOnly(file);
      kms.createKey("second");
      assertOwnerOnly(file);
      kms.rotateKey("main");
      assertOwnerOnly(file);
      kms.setDefaultKey("second");
      assertOwnerOnly(file);
    }
    try (LocalKms kms = LocalKms.open(file)) {
      kms.rotateKey("second");
      assertOwnerOnly(file);
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        assertOwnerOnly(p); // the lock file too; no temporary file left behind
        assertTrue(p.equals(file) || p.getFileName().toString().equals("keyring.lock"), p.toString());
      }
    }
  }

  @Test
  void keyringFile_readableByGroup_isRefusedWithTheFix() throws Exception {
    Path file = dir.resolve("keyring");
    LocalKms.create(file, "main").close();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    KmsException e = assertThrows(KmsException.class, () -> LocalKms.open(file));
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  // ---------------------------------------------------------------- wiping

  @Test
  void close_keyHoldingTypes_wipeEveryKeyTheyHold() throws Exception {
    LocalKms kms = LocalKms.create(dir.resolve("keyring"), "main");
    kms.createKey("other");
    kms.rotateKey("main");
    DataKey dk = kms.generateKey(new GenerateKeyRequest("main", Map.of()));
    byte[] owned = HostileCryptoInputTest.fill(32, 1);
    SecretBytes wrapped = SecretBytes.wrapOwned(owned);
    MinioBuiltinKms builtin = MinioBuiltinKms.of("main", SecretBytes.copyOf(HostileCryptoInputTest.fill(32, 2)));
    ObjectKey oek = ObjectKey.of(SecretBytes.copyOf(HostileCryptoInputTest.fill(32, 3)));
    LocalKms minioMode =
        LocalKms.fromMinioSecretKey("main:" + Base64.getEncoder().encodeToString(HostileCryptoInputTest.fill(32, 4)));
    List<AutoCloseable> all = List.of(kms, dk, wrapped, builtin, oek, minioMode);
    int found = 0;
    for (AutoCloseable c : all) {
      c.close();
      Wiped w = Wiped.check(c);
      assertTrue(w.unwiped().isEmpty(), c.getClass().getSimpleName() + " left key material: " + w.unwiped());
      found += w.secretsFound();
    }
    assertArrayEquals(new byte[32], owned, "wrapOwned arrays are wiped in place");
    assertTrue(found >= 8, "the walk found the keys it checks (" + found + ")");
    assertThrows(KmsException.class, () -> kms.generateKey(new GenerateKeyRequest("main", Map.of())));
  }

  @Test
  void close_beforeClose_theWalkSeesUnwipedKeys() throws Exception {
    // The check above can fail: before close, the same walk reports the live keys.
    try (LocalKms kms = LocalKms.create(dir.resolve("keyring"), "main");
        ObjectKey oek = ObjectKey.of(SecretBytes.copyOf(HostileCryptoInputTest.fill(32, 3)))) {
      assertFalse(Wiped.check(kms).unwiped().isEmpty());
      assertFalse(Wiped.check(oek).unwiped().isEmpty());
    }
  }

  // ---------------------------------------------------------------- hostile strings in audit lines

  @Test
  void auditLine_controlCharactersAndHugeValues_stayOneLineOfEscapedJson() throws Exception {
    StringBuilder controls = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      controls.append(c);
    }
    controls.append('\u007f').append('\u2028').append('\u2029').append("\u001b[31mred");
    String key = "dir/" + controls + "\nFAKE 2026-01-01 INFO forged line";
    String detail = "x".repeat(1 << 20) + controls;
    ObjectOutcome o =
        new ObjectOutcome("demo", key, "v\r\n1", ObjectOutcome.Action.FAIL, "INTEGRITY", ObjectOutcome.Result.FAILED,
            detail, 7, 1);
    String json = o.toJson();
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      assertFalse(c < 0x20 || c == 0x2028 || c == 0x2029, "raw control character U+" + Integer.toHexString(c));
    }
    assertTrue(json.contains("\\nFAKE"), "newline escaped");
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      new io.keyrotate.runner.Slf4jJobListener().objectFinished(o);
    } finally {
      System.setErr(saved);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    if (!log.isEmpty()) { // slf4j-simple writes to System.err unless configured otherwise
      assertEquals(1, log.lines().count(), "one log line per outcome");
      assertFalse(log.contains("\nFAKE"));
    }
  }

  @Test
  void putRequest_controlCharactersInMetadata_areRefusedWithEscapedNames() {
    String evil = "k\n\u001b[31mFAKE";
    for (Executable e : List.<Executable>of(
        () -> PutRequest.builder("demo", "o").userMetadata(Map.of(evil, "v")).build(),
        () -> PutRequest.builder("demo", "o").userMetadata(Map.of("k", "v\nFAKE")).build())) {
      IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
      for (char c : x.getMessage().toCharArray()) {
        assertFalse(c < 0x20, "raw control character in: " + x.getMessage());
      }
    }
  }
}
