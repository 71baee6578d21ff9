package io.keyrotate.store.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.EncryptionState;
import io.keyrotate.IntegrityException;
import io.keyrotate.KmsException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.Dare;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.spi.ReadRequest;
import io.keyrotate.spi.ReadResult;
import io.keyrotate.spi.ReplaceEncryptionRequest;
import io.keyrotate.spi.RewrapRequest;
import io.keyrotate.spi.RewrapResult;
import io.keyrotate.spi.RewriteDataRequest;
import io.keyrotate.sse.EncryptObjectRequest;
import io.keyrotate.sse.EncryptedObject;
import io.keyrotate.sse.KmsContext;
import io.keyrotate.sse.Rewrap;
import io.keyrotate.sse.SseMetadata;
import io.keyrotate.sse.SseSpec;
import io.keyrotate.sse.SseToolkit;
import io.keyrotate.sse.SseType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Puts and gets through the SSE toolkit: the store holds really encrypted, MinIO-format objects. */
class FileObjectStoreSseTest {
  @TempDir Path dir;
  private LocalKms kms;
  private FileObjectStore store;
  private final SecretBytes customer = SecretBytes.copyOf(filled(32, 99));

  @BeforeEach
  void open() {
    kms = LocalKms.create(dir.resolve("keyring"), "main");
    store = FileObjectStore.builder(dir.resolve("store")).kms(kms).open();
    store.createBucket("demo", true);
  }

  @AfterEach
  void close() {
    store.close();
    kms.close();
    customer.close();
  }

  private static byte[] filled(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ((i % 251) + seed);
    }
    return b;
  }

  private byte[] get(String key, long offset, long length, SecretBytes sseC) throws IOException {
    try (GetResult r = store.get(new GetRequest("demo", key, null, offset, length, sseC))) {
      return r.stream().readAllBytes();
    }
  }

  private byte[] dataFile(ObjectVersion v) throws IOException {
    try (ReadResult r = store.open(ReadRequest.of(v))) {
      return r.stream().readAllBytes();
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void put_eachSseType_storesCiphertextAndGetReturnsPlaintext() throws IOException {
    byte[] plain = filled(150_000, 1);
    List<SseSpec> specs = List.of(SseSpec.s3(), SseSpec.kms("main", Map.of("app", "demo")), SseSpec.customer(customer));
    List<Class<?>> states = List.of(EncryptionState.SseS3.class, EncryptionState.SseKms.class, EncryptionState.SseC.class);
    for (int i = 0; i < specs.size(); i++) {
      String key = "obj-" + i;
      ObjectVersion v =
          store.put(PutRequest.builder("demo", key).data(plain).encryption(specs.get(i)).build());
      assertTrue(states.get(i).isInstance(v.encryption()), v.encryption().toString());
      assertEquals(Dare.encryptedSize(plain.length), v.size());
      byte[] stored = dataFile(v);
      assertEquals(0x20, stored[0], "a DARE 2.0 package header");
      assertFalse(contains(stored, Arrays.copyOfRange(plain, 1000, 1032)), "no plaintext on disk");
      try (GetResult r = store.get(new GetRequest("demo", key, null, 0, -1, customer))) {
        assertEquals(plain.length, r.size());
        assertArrayEquals(plain, r.stream().readAllBytes());
      }
      assertArrayEquals(Arrays.copyOfRange(plain, 65_530, 131_080), get(key, 65_530, 131_080 - 65_530, customer));
    }
    assertEquals(new EncryptionState.SseS3("main"), store.stat("demo", "obj-0", null).encryption());
    assertEquals(
        new EncryptionState.SseKms("main", Map.of("app", "demo")), store.stat("demo", "obj-1", null).encryption());
  }

  @Test
  void put_multipartEncrypted_keepsPartsAndDecrypts() throws IOException {
    byte[] plain = filled(140_000, 3);
    ObjectVersion v =
        store.put(
            PutRequest.builder("demo", "mp")
                .data(plain)
                .parts(List.of(70_000L, 70_000L))
                .encryption(SseSpec.kms(null, Map.of()))
                .build());
    assertEquals(2, v.partCount());
    assertEquals("", v.internalMetadata().get(SseMetadata.MULTIPART));
    assertEquals("140000", v.internalMetadata().get(SseMetadata.ACTUAL_SIZE));
    assertEquals(2 * Dare.encryptedSize(70_000), v.size());
    assertArrayEquals(plain, get("mp", 0, -1, customer));
    assertArrayEquals(Arrays.copyOfRange(plain, 69_000, 71_000), get("mp", 69_000, 2_000, customer));
  }

  @Test
  void get_sseCWithoutOrWithWrongKey_fails() throws IOException {
    store.put(PutRequest.builder("demo", "c").data(filled(10, 0)).encryption(SseSpec.customer(customer)).build());
    assertThrows(IllegalArgumentException.class, () -> get("c", 0, -1, null));
    try (SecretBytes wrong = SecretBytes.copyOf(filled(32, 1))) {
      assertThrows(IntegrityException.class, () -> get("c", 0, -1, wrong));
    }
  }

  @Test
  void get_plaintextObjectAndErrors() throws IOException {
    store.put(PutRequest.builder("demo", "p").data(filled(100, 0)).build());
    assertArrayEquals(Arrays.copyOfRange(filled(100, 0), 10, 20), get("p", 10, 10, null));
    assertThrows(IllegalArgumentException.class, () -> get("p", 90, 11, null));
    store.delete("demo", "p", null);
    assertThrows(io.keyrotate.ObjectStoreException.class, () -> get("p", 0, -1, null));
    assertThrows(io.keyrotate.ObjectStoreException.class, () -> get("none", 0, -1, null));
  }

  @Test
  void put_encryptionWithGivenSseEntries_isRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PutRequest.builder("demo", "x")
                .internalMetadata(Map.of(SseMetadata.IV, "x"))
                .encryption(SseSpec.s3())
                .build());
    assertTrue(e.getMessage().contains(SseMetadata.IV), e.getMessage());
  }

  @Test
  void storeWithoutKms_refusesSseS3AndWritesNothing() throws IOException {
    store.close();
    try (FileObjectStore noKms = FileObjectStore.open(dir.resolve("store"))) {
      assertThrows(
          KmsException.class,
          () -> noKms.put(PutRequest.builder("demo", "x").data(new byte[5]).encryption(SseSpec.s3()).build()));
      assertEquals(List.of(), noKms.list(ListRequest.of("demo", "")).versions());
      try (Stream<Path> tmp = Files.list(dir.resolve("store/tmp"))) {
        assertEquals(0, tmp.count(), "no staged file left");
      }
    }
    store = FileObjectStore.builder(dir.resolve("store")).kms(kms).open();
  }

  /**
   * The two rotations a job performs, done by hand through the SPI: REWRAP an SSE-S3 object under a
   * rotated key (metadata only), and ENCRYPT a plaintext object (data rewritten in place). Reads work
   * before and after, and version id, time and data of the rewrapped object are unchanged.
   */
  @Test
  void rotations_throughTheSpi_keepObjectsReadable() throws IOException {
    byte[] plain = filled(100_000, 5);
    ObjectVersion sse = store.put(PutRequest.builder("demo", "sse").data(plain).encryption(SseSpec.s3()).build());
    ObjectVersion clear = store.put(PutRequest.builder("demo", "clear").data(plain).build());
    byte[] storedBefore = dataFile(sse);
    kms.rotateKey("main");

    SseMetadata m = SseMetadata.parse(sse.internalMetadata());
    Map<String, String> aad = m.kmsAssociatedData("demo", "sse").asMap();
    Map<String, String> rewrapped;
    try (RewrapResult keys =
        kms.rewrap(new RewrapRequest("main", KmsCiphertext.copyOf(m.kmsCiphertext()), aad, "main", aad))) {
      rewrapped =
          Rewrap.rewrap(
              io.keyrotate.sse.RewrapRequest.builder()
                  .metadata(sse.internalMetadata())
                  .object("demo", "sse")
                  .oldDataKey(keys.oldKey())
                  .newDataKey(keys.newKey().plaintext(), keys.newKey().keyId(), keys.newKey().ciphertext().toByteArray())
                  .target(SseType.SSE_S3)
                  .build());
    }
    ObjectVersion after = store.replaceEncryption(new ReplaceEncryptionRequest(sse, rewrapped));
    assertEquals(sse.versionId(), after.versionId());
    assertEquals(sse.modTime(), after.modTime());
    assertArrayEquals(storedBefore, dataFile(after), "REWRAP leaves the data untouched");
    assertArrayEquals(plain, get("sse", 0, -1, null));
    SseMetadata m2 = SseMetadata.parse(after.internalMetadata());
    assertEquals(
        io.keyrotate.spi.KeyVersionState.CURRENT,
        kms.isCurrent(new io.keyrotate.spi.IsCurrentRequest("main", KmsCiphertext.copyOf(m2.kmsCiphertext()))));

    try (EncryptedObject e =
        SseToolkit.of(kms).encrypt(EncryptObjectRequest.of("demo", "clear", new ByteArrayInputStream(plain),
            SseSpec.kms(null, Map.of())))) {
      byte[] cipher = e.stored().readAllBytes();
      ObjectVersion enc =
          store.rewriteData(new RewriteDataRequest(clear, new ByteArrayInputStream(cipher), cipher.length,
              List.of(), e.internalMetadata()));
      assertEquals(clear.versionId(), enc.versionId());
      assertTrue(enc.encryption() instanceof EncryptionState.SseKms);
    }
    assertArrayEquals(plain, get("clear", 0, -1, null));
    // And the old data key of the rewrapped object no longer matches its metadata.
    try (SecretBytes ek = kms.decrypt(new DecryptRequest("main", KmsCiphertext.copyOf(m2.kmsCiphertext()),
        KmsContext.of(aad).asMap()))) {
      assertEquals(32, ek.length());
    }
  }
}
