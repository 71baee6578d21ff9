package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.CipherSuite;
import io.keyrotate.crypto.Dare;
import io.keyrotate.crypto.DareDecryptOptions;
import io.keyrotate.crypto.DareEncryptOptions;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.sse.Vectors.V;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SseToolkitTest {
  private static final String SECRET = "my-key:eEm+JI9/q4JhH8QwKvf3LKo4DEBl6QbfvAl1CAbMIv8=";
  private static final String BUCKET = "mybucket";
  private static final String OBJECT = "photos/2024/cat.png";

  private final LocalKms kms = LocalKms.fromMinioSecretKey(SECRET);
  private final SseToolkit toolkit = SseToolkit.of(kms);
  private final SecretBytes customer = SecretBytes.copyOf(filled(32, 7));

  @AfterEach
  void close() {
    kms.close();
    customer.close();
  }

  private static byte[] filled(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  /** An encrypted object held in memory. */
  record Stored(byte[] bytes, List<Long> parts, Map<String, String> meta) {}

  private Stored encrypt(byte[] plain, SseSpec spec, List<Long> parts) throws IOException {
    try (EncryptedObject e =
        toolkit.encrypt(new EncryptObjectRequest(BUCKET, OBJECT, new ByteArrayInputStream(plain), spec, parts))) {
      byte[] bytes = e.stored().readAllBytes();
      if (!parts.isEmpty()) {
        assertEquals(bytes.length, e.storedPartSizes().stream().mapToLong(Long::longValue).sum());
      }
      return new Stored(bytes, e.storedPartSizes(), e.internalMetadata());
    }
  }

  private static StoredBytes source(byte[] bytes) {
    return (off, len) -> new ByteArrayInputStream(bytes, Math.toIntExact(off), Math.toIntExact(len));
  }

  private byte[] decrypt(Stored s, long offset, long length) throws IOException {
    return decrypt(s, BUCKET, OBJECT, offset, length, customer);
  }

  private byte[] decrypt(Stored s, String bucket, String object, long offset, long length, SecretBytes key)
      throws IOException {
    try (InputStream in =
        toolkit.decrypt(
            new DecryptObjectRequest(
                bucket, object, s.meta(), s.parts(), s.bytes().length, source(s.bytes()), offset, length, key))) {
      return in.readAllBytes();
    }
  }

  private List<SseSpec> specs() {
    return List.of(SseSpec.s3(), SseSpec.kms(null, Map.of("project", "alpha")), SseSpec.customer(customer));
  }

  @Test
  void encryptThenDecrypt_everyTypeAndLayout_roundTrips() throws IOException {
    List<List<Long>> layouts =
        List.of(List.of(), List.of(5L, 65_539L, 1L), List.of(65_536L), List.of(1L, 1L));
    for (SseSpec spec : specs()) {
      for (int size : new int[] {0, 1, 65_536, 70_000}) {
        Stored s = encrypt(filled(size, size), spec, List.of());
        assertEquals(Dare.encryptedSize(size), s.bytes().length);
        assertArrayEquals(filled(size, size), decrypt(s, 0, -1), spec + " " + size);
      }
      for (List<Long> parts : layouts.subList(1, layouts.size())) {
        int size = (int) parts.stream().mapToLong(Long::longValue).sum();
        Stored s = encrypt(filled(size, 3), spec, parts);
        assertEquals("", s.meta().get(SseMetadata.MULTIPART));
        assertEquals(Long.toString(size), s.meta().get(SseMetadata.ACTUAL_SIZE));
        assertArrayEquals(filled(size, 3), decrypt(s, 0, -1), spec + " " + parts);
      }
    }
  }

  @Test
  void decrypt_rangesAroundPackageAndPartBoundaries_matchThePlaintext() throws IOException {
    byte[] plain = filled(200_000, 1);
    List<Long> parts = List.of(70_000L, 65_536L, 64_464L);
    for (Stored s : List.of(encrypt(plain, SseSpec.s3(), List.of()), encrypt(plain, SseSpec.s3(), parts))) {
      long[] points = {0, 1, 65_535, 65_536, 65_537, 69_999, 70_000, 70_001, 131_072, 135_536, 199_999, 200_000};
      for (long a : points) {
        for (long b : points) {
          if (b >= a) {
            assertArrayEquals(
                Arrays.copyOfRange(plain, (int) a, (int) b), decrypt(s, a, b - a), a + ".." + b);
          }
        }
      }
    }
  }

  @Test
  void decrypt_rangeOutsideThePlaintext_isRejected() throws IOException {
    Stored s = encrypt(filled(100, 0), SseSpec.s3(), List.of());
    assertThrows(IllegalArgumentException.class, () -> decrypt(s, 101, -1));
    assertThrows(IllegalArgumentException.class, () -> decrypt(s, 50, 51));
    assertArrayEquals(new byte[0], decrypt(s, 100, -1));
  }

  @Test
  void decrypt_rangeRead_touchesOnlyThePackagesItNeeds() throws IOException {
    byte[] plain = filled(10 * 65_536, 2);
    Stored s = encrypt(plain, SseSpec.s3(), List.of());
    // Corrupt package 0 and package 9: a read inside packages 4..5 must still succeed.
    byte[] bytes = s.bytes().clone();
    bytes[40] ^= 1;
    bytes[bytes.length - 20] ^= 1;
    Stored damaged = new Stored(bytes, s.parts(), s.meta());
    assertArrayEquals(
        Arrays.copyOfRange(plain, 4 * 65_536 + 10, 5 * 65_536 + 10), decrypt(damaged, 4 * 65_536 + 10, 65_536));
    assertThrows(IntegrityException.class, () -> decrypt(damaged, 0, 10));
    assertThrows(IntegrityException.class, () -> decrypt(damaged, 9 * 65_536, 10));
  }

  @Test
  void decrypt_tamperedOrMisnamed_failsAuthentication() throws IOException {
    for (SseSpec spec : specs()) {
      Stored s = encrypt(filled(1000, 5), spec, List.of());
      byte[] bytes = s.bytes().clone();
      bytes[500] ^= 0x10;
      Stored flipped = new Stored(bytes, s.parts(), s.meta());
      assertThrows(IntegrityException.class, () -> decrypt(flipped, 0, -1), spec.toString());
      assertThrows(IntegrityException.class, () -> decrypt(s, BUCKET, "photos/2024/dog.png", 0, -1, customer));
      assertThrows(IntegrityException.class, () -> decrypt(s, "otherbucket", OBJECT, 0, -1, customer));
    }
  }

  @Test
  void decrypt_sseC_needsTheRightKey() throws IOException {
    Stored s = encrypt(filled(10, 5), SseSpec.customer(customer), List.of());
    try (SecretBytes wrong = SecretBytes.copyOf(filled(32, 8))) {
      assertThrows(IntegrityException.class, () -> decrypt(s, BUCKET, OBJECT, 0, -1, wrong));
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> toolkit.decrypt(new DecryptObjectRequest(BUCKET, OBJECT, s.meta(), List.of(),
                s.bytes().length, source(s.bytes()), 0, -1, null)));
    assertTrue(e.getMessage().contains("customer key"), e.getMessage());
  }

  @Test
  void decrypt_layoutDisagreesWithMetadata_isAFormatError() throws IOException {
    Stored multi = encrypt(filled(20, 5), SseSpec.s3(), List.of(10L, 10L));
    assertThrows(
        FormatException.class,
        () -> toolkit.decrypt(new DecryptObjectRequest(BUCKET, OBJECT, multi.meta(), List.of(),
            multi.bytes().length, source(multi.bytes()), 0, -1, null)));
    Stored single = encrypt(filled(20, 5), SseSpec.s3(), List.of());
    assertThrows(
        FormatException.class,
        () -> toolkit.decrypt(new DecryptObjectRequest(BUCKET, OBJECT, single.meta(), List.of(26L, 26L),
            52, source(single.bytes()), 0, -1, null)));
    assertThrows(
        FormatException.class,
        () -> toolkit.decrypt(new DecryptObjectRequest(BUCKET, OBJECT, Map.of(SseMetadata.IV, "x",
            SseMetadata.S3_SEALED_KEY, "y"), List.of(), 10, source(new byte[10]), 0, -1, null)));
  }

  @Test
  void encrypt_plaintextNotMatchingParts_failsWhileReading() {
    IOException shorter =
        assertThrows(IOException.class, () -> encrypt(filled(15, 0), SseSpec.s3(), List.of(10L, 10L)));
    assertTrue(shorter instanceof EOFException, shorter.toString());
    IOException longer =
        assertThrows(IOException.class, () -> encrypt(filled(25, 0), SseSpec.s3(), List.of(10L, 10L)));
    assertTrue(longer.getMessage().contains("longer than its 2 parts"), longer.getMessage());
  }

  @Test
  void withoutKms_onlySseCWorks() throws IOException {
    SseToolkit noKms = SseToolkit.builder().build();
    KmsException e =
        assertThrows(
            KmsException.class,
            () -> noKms.encrypt(EncryptObjectRequest.of(BUCKET, OBJECT, new ByteArrayInputStream(new byte[1]),
                SseSpec.s3())));
    assertTrue(e.getMessage().contains("no KMS"), e.getMessage());
    try (EncryptedObject o =
        noKms.encrypt(EncryptObjectRequest.of(BUCKET, OBJECT, new ByteArrayInputStream(new byte[1]),
            SseSpec.customer(customer)))) {
      assertEquals(SseType.SSE_C, SseMetadata.detectType(o.internalMetadata()));
    }
  }

  @Test
  void encrypt_kmsKeyIdAndContext_areStoredAsMinioDoes() throws IOException {
    Stored s = encrypt(filled(5, 0), SseSpec.kms("my-key", Map.of("project", "alpha")), List.of());
    Map<String, String> m = s.meta();
    assertEquals("my-key", m.get(SseMetadata.KMS_KEY_ID));
    assertEquals("eyJwcm9qZWN0IjoiYWxwaGEifQ==", m.get(SseMetadata.CONTEXT), "client context only");
    assertEquals(76, Base64.getDecoder().decode(m.get(SseMetadata.KMS_DATA_KEY)).length);
    assertTrue(m.get(SseMetadata.KMS_SEALED_KEY).startsWith("IAAf"), "AES-sealed key");
    assertThrows(
        KmsException.class, () -> encrypt(filled(5, 0), SseSpec.kms("other-key", Map.of()), List.of()));
  }

  @Test
  void chacha_sealsAndEncryptsWithChaCha() throws IOException {
    SseToolkit chacha = SseToolkit.builder().kms(kms).cipher(AeadCipher.CHACHA20_POLY1305).build();
    try (EncryptedObject e =
        chacha.encrypt(EncryptObjectRequest.of(BUCKET, OBJECT, new ByteArrayInputStream(filled(70_000, 0)),
            SseSpec.s3()))) {
      byte[] bytes = e.stored().readAllBytes();
      assertEquals(1, bytes[1], "DARE header names ChaCha20-Poly1305");
      assertTrue(e.internalMetadata().get(SseMetadata.S3_SEALED_KEY).startsWith("IAEf"));
      Stored s = new Stored(bytes, List.of(), e.internalMetadata());
      assertArrayEquals(filled(70_000, 0), decrypt(s, 0, -1));
    }
  }

  /**
   * Objects this toolkit writes are read by MinIO's rules, applied here with the independently
   * vector-tested pieces: parse the metadata, decrypt the data key with the builtin KMS, unseal the
   * object key, DARE-decrypt each part under the OEK or its part key.
   */
  @Test
  void toolkitObjects_decryptUnderMinioRules() throws Exception {
    byte[] plain = filled(140_000, 9);
    for (SseSpec spec : specs()) {
      for (List<Long> parts : List.of(List.<Long>of(), List.of(70_000L, 70_000L))) {
        Stored s = encrypt(plain, spec, parts);
        SseMetadata m = SseMetadata.parse(s.meta());
        ObjectKey oek;
        if (m.type() == SseType.SSE_C) {
          oek = m.unsealObjectKey(customer, BUCKET, OBJECT);
        } else {
          try (MinioBuiltinKms minio = MinioBuiltinKms.parse(SECRET);
              SecretBytes ek =
                  minio.decrypt(m.kmsKeyId(), m.kmsCiphertext(), m.kmsAssociatedData(BUCKET, OBJECT))) {
            oek = m.unsealObjectKey(ek, BUCKET, OBJECT);
          }
        }
        try (oek) {
          byte[] out;
          if (parts.isEmpty()) {
            try (SecretBytes k = oek.secret()) {
              out = Dare.decrypt(s.bytes(), k, DareDecryptOptions.defaults());
            }
          } else {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            int at = 0;
            for (int i = 0; i < parts.size(); i++) {
              int n = (int) (long) s.parts().get(i);
              try (SecretBytes k = oek.partKey(i + 1)) {
                all.write(Dare.decrypt(Arrays.copyOfRange(s.bytes(), at, at + n), k, DareDecryptOptions.defaults()));
              }
              at += n;
            }
            out = all.toByteArray();
          }
          assertArrayEquals(plain, out, spec + " " + parts);
        }
      }
    }
  }

  /** MinIO's own uploads (data.json objectVectors) read back through the toolkit. */
  @TestFactory
  Stream<DynamicTest> minioObjects_decryptThroughTheToolkit() {
    return Vectors.tests("data.json", "objectVectors", this::readMinioObject);
  }

  /** A MinIO upload from data.json: its plaintext, stored bytes, stored part sizes and metadata. */
  record MinioObject(
      String bucket, String object, byte[] plain, byte[] stored, List<Long> parts, Map<String, String> meta) {}

  static MinioObject minioObject(V v) throws Exception {
    List<Long> parts = new ArrayList<>();
    java.io.ByteArrayOutputStream stored = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
    if (v.has("parts")) {
      CipherSuite suite = CipherSuite.fromId(v.cipher("serverCipher").dareId());
      for (V part : v.list("parts")) {
        byte[] p = Vectors.plaintext(part);
        plain.write(p);
        byte[] s;
        if (part.has("storedData")) {
          s = part.hex("storedData");
        } else {
          // Too large to publish: rebuild with MinIO's part key and nonce, then check the digest.
          try (SecretBytes k = part.secret("partKey")) {
            s = Dare.encrypt(p, k, DareEncryptOptions.builder().cipher(suite).nonce(part.hex("dareNonce")).build());
          }
          assertEquals(part.str("storedDataSha256"), Vectors.hex(MessageDigest.getInstance("SHA-256").digest(s)));
        }
        parts.add((long) s.length);
        stored.write(s);
      }
    } else {
      plain.write(Vectors.plaintext(v));
      stored.write(v.hex("storedData"));
    }
    return new MinioObject(
        v.goStr("bucket"), v.goStr("object"), plain.toByteArray(), stored.toByteArray(), parts,
        v.stringMap("metadata"));
  }

  private void readMinioObject(V v) throws Exception {
    MinioObject o = minioObject(v);
    SecretBytes key = v.has("ssecKey") ? v.secret("ssecKey") : null;
    try (InputStream in =
        toolkit.decrypt(
            new DecryptObjectRequest(
                o.bucket(), o.object(), o.meta(), o.parts(), o.stored().length, source(o.stored()), 0, -1,
                key))) {
      assertArrayEquals(o.plain(), in.readAllBytes());
    } finally {
      if (key != null) {
        key.close();
      }
    }
    assertFalse(o.meta().isEmpty());
  }
}
