package io.keyrotate.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.keyrotate.crypto.DareReaderAt;
import io.keyrotate.crypto.DareVersion;
import io.keyrotate.sse.AeadCipher;
import io.keyrotate.sse.ConfigBlob;
import io.keyrotate.sse.KmsContext;
import io.keyrotate.sse.MinioBuiltinKms;
import io.keyrotate.sse.ObjectKey;
import io.keyrotate.sse.SioStream;
import io.keyrotate.sse.SseMetadata;
import io.keyrotate.sse.SseType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Fuzz campaigns over every binary and text format the crypto layer reads: DARE 1.0/2.0 (buffers,
 * streams, range reads), sio-go streams, sealed object keys, SSE metadata maps, KMS context JSON,
 * MinIO builtin-KMS ciphertexts and config blobs. Each input is a seeded mutation of a valid encoding
 * (or random bytes); only the exceptions each API documents may escape, nothing may hang or allocate
 * far beyond the input's size, and a mutated input that is accepted must yield the original plaintext.
 */
class HostileCryptoInputTest {
  private static final SecretBytes KEY = SecretBytes.copyOf(fill(32, 7));
  private static final DareDecryptOptions BOTH =
      DareDecryptOptions.builder().versions(DareVersion.V1_0, DareVersion.V2_0).build();

  static byte[] fill(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  private static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A DARE corpus entry: the stream and the plaintext it holds. */
  private record Sample(byte[] stream, byte[] plain, boolean v1) {}

  private static List<Sample> dareSamples() {
    List<Sample> out = new ArrayList<>();
    int[] sizes = {0, 1, 100, 65_536, 65_537, 140_000};
    for (CipherSuite suite : CipherSuite.values()) {
      for (int size : sizes) {
        byte[] plain = fill(size, size);
        byte[] ct =
            Dare.encrypt(plain, KEY, DareEncryptOptions.builder().cipher(suite).nonce(fill(12, size)).build());
        out.add(new Sample(ct, plain, false));
      }
    }
    for (String name : List.of("v1-aes-size-17", "v1-chacha-size-65537", "v1-aes-payload-size-1000")) {
      Resources.Vector v = Resources.dareVector("v1.json.gz", name);
      try (SecretBytes k = SecretBytes.copyOf(v.key())) {
        out.add(new Sample(v.ciphertext(), Dare.decrypt(v.ciphertext(), k, BOTH), true));
      }
    }
    return out;
  }

  @Test
  void dareDecrypt_mutatedAndRandomStreams_failOnlyWithIntegrityOrFormatException(TestReporter reporter) {
    List<Sample> samples = dareSamples();
    byte[][] corpus = samples.stream().map(Sample::stream).toArray(byte[][]::new);
    Mutator m = new Mutator(new SplittableRandom(0x8_0401L));
    try (Campaign c = new Campaign("dare", "0x80401", IntegrityException.class, FormatException.class)) {
      for (int i = 0; i < 1200; i++) {
        Sample s = samples.get(m.random().nextInt(samples.size()));
        byte[] input = i % 10 == 0 ? Mutator.concat(new byte[] {(byte) (i % 20 == 0 ? 0x20 : 0x10)},
            m.randomBytes(300)) : m.mutate(s.stream(), corpus);
        long offset = m.random().nextInt(Math.max(1, s.plain().length + 10));
        // A splice can reproduce another valid corpus stream exactly; then its plaintext is expected.
        Sample expected = samples.stream().filter(x -> Arrays.equals(x.stream(), input)).findFirst().orElse(s);
        c.runBytes(input, in -> decryptThreeWays(in, expected, offset));
      }
      c.finish(reporter);
    }
  }

  /** Buffer, stream and range read of one input; whatever succeeds must be the sample's plaintext. */
  private static void decryptThreeWays(byte[] in, Sample s, long offset) throws IOException {
    RuntimeException first = null;
    try {
      checkPlain(Dare.decrypt(in, KEY, BOTH), s);
    } catch (IntegrityException | FormatException e) {
      first = e;
    }
    try (InputStream d = Dare.newDecryptingInputStream(new ByteArrayInputStream(in), KEY, BOTH)) {
      checkPlain(d.readAllBytes(), s);
    } catch (IntegrityException | FormatException e) {
      first = first == null ? e : first;
    }
    try (DareReaderAt r = DareReaderAt.open(DareReaderAt.Source.of(in), KEY, BOTH)) {
      byte[] dst = new byte[1000];
      int n = r.readAt(offset, dst, 0, dst.length);
      if (n > 0) {
        assertTrue(offset + n <= s.plain().length, "read past the plaintext");
        assertArrayEquals(
            Arrays.copyOfRange(s.plain(), (int) offset, (int) offset + n), Arrays.copyOf(dst, n));
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** A DARE 1.0 stream has no final flag: cutting it at a package boundary yields a prefix. */
  private static void checkPlain(byte[] got, Sample s) {
    if (s.v1() && got.length < s.plain().length) {
      assertArrayEquals(Arrays.copyOf(s.plain(), got.length), got, "DARE 1.0 prefix");
    } else {
      assertArrayEquals(s.plain(), got, "an accepted stream must decrypt to the original plaintext");
    }
  }

  @Test
  void sioStreamDecrypt_mutatedStreams_failOnlyWithIntegrityException(TestReporter reporter) {
    byte[] nonce = fill(8, 3);
    List<byte[]> plains = List.of(new byte[0], fill(10, 1), fill(16_384, 2), fill(40_000, 3));
    List<byte[]> streams = new ArrayList<>();
    List<AeadCipher> ciphers = new ArrayList<>();
    for (AeadCipher a : AeadCipher.values()) {
      for (byte[] p : plains) {
        streams.add(SioStream.encrypt(a, KEY, nonce, new byte[0], p));
        ciphers.add(a);
      }
    }
    byte[][] corpus = streams.toArray(byte[][]::new);
    Mutator m = new Mutator(new SplittableRandom(0x8_0402L));
    try (Campaign c = new Campaign("sio-go", "0x80402", IntegrityException.class)) {
      for (int i = 0; i < 1500; i++) {
        int k = m.random().nextInt(streams.size());
        byte[] expected = plains.get(k % plains.size());
        AeadCipher a = ciphers.get(k);
        byte[] input = m.mutate(streams.get(k), corpus);
        c.runBytes(input, in -> {
          RuntimeException first = null;
          try {
            assertArrayEquals(expected, SioStream.decrypt(a, KEY, nonce, new byte[0], in));
          } catch (IntegrityException e) {
            first = e;
          }
          try (InputStream d =
              SioStream.decryptingStream(new ByteArrayInputStream(in), a, KEY, nonce, new byte[0])) {
            assertArrayEquals(expected, d.readAllBytes());
          } catch (IntegrityException e) {
            first = first == null ? e : first;
          }
          if (first != null) {
            throw first;
          }
        });
      }
      c.finish(reporter);
    }
  }

  @Test
  void objectKeyUnseal_mutatedSealedKeysAndIvs_failOnlyWithIntegrityOrFormatException(TestReporter reporter) {
    byte[] oek = fill(32, 11);
    byte[] iv = fill(32, 12);
    List<byte[]> sealed = new ArrayList<>();
    List<SseType> types = new ArrayList<>();
    try (ObjectKey k = ObjectKey.of(SecretBytes.copyOf(oek))) {
      for (SseType t : SseType.values()) {
        for (AeadCipher a : AeadCipher.values()) {
          sealed.add(k.seal(KEY, iv, t, "bucket", "dir/object", a, fill(12, t.ordinal())));
          types.add(t);
        }
      }
    }
    byte[][] corpus = sealed.toArray(byte[][]::new);
    Mutator m = new Mutator(new SplittableRandom(0x8_0403L));
    try (Campaign c = new Campaign("sealed-key", "0x80403", IntegrityException.class, FormatException.class)) {
      for (int i = 0; i < 4000; i++) {
        int k = m.random().nextInt(sealed.size());
        SseType type = types.get(k);
        byte[] s = m.mutate(sealed.get(k), corpus);
        byte[] v = iv.clone();
        if (m.random().nextInt(4) == 0) {
          v[m.random().nextInt(32)] ^= (byte) (1 << m.random().nextInt(8));
        }
        String alg =
            type == SseType.SSE_C && m.random().nextInt(4) == 0
                ? ObjectKey.LEGACY_SEAL_ALGORITHM
                : m.random().nextInt(50) == 0 ? "DAREv3-HMAC-SHA256" : ObjectKey.SEAL_ALGORITHM;
        c.runBytes(s, in -> {
          try (ObjectKey got = ObjectKey.unseal(in, KEY, v, alg, type, "bucket", "dir/object")) {
            assertArrayEquals(oek, got.secret().toByteArray(), "accepted sealed key must be the original");
          }
        });
      }
      c.finish(reporter);
    }
  }

  @Test
  void sseMetadataParse_mutatedMaps_failOnlyWithFormatExceptionAndNeverUnsealAnotherKey(
      TestReporter reporter) {
    byte[] oek = fill(32, 21);
    byte[] iv = fill(32, 22);
    byte[] kmsCt = fill(76, 23);
    KmsContext ctx = KmsContext.of(Map.of("app", "demo", "tenant", "a\"b\\c\n"));
    List<Map<String, String>> maps = new ArrayList<>();
    try (ObjectKey k = ObjectKey.of(SecretBytes.copyOf(oek))) {
      maps.add(SseMetadata.sseS3(iv, k.seal(KEY, iv, SseType.SSE_S3, "b", "o", AeadCipher.AES_256_GCM,
          fill(12, 1)), "main", kmsCt).toMap());
      maps.add(SseMetadata.sseKms(iv, k.seal(KEY, iv, SseType.SSE_KMS, "b", "o", AeadCipher.CHACHA20_POLY1305,
          fill(12, 2)), "main", kmsCt, ctx).toMap());
      maps.add(SseMetadata.sseC(iv, k.seal(KEY, iv, SseType.SSE_C, "b", "o", AeadCipher.AES_256_GCM,
          fill(12, 3))).toMap());
    }
    List<String> names =
        List.of(SseMetadata.SEAL_ALGORITHM, SseMetadata.IV, SseMetadata.S3_SEALED_KEY, SseMetadata.KMS_SEALED_KEY,
            SseMetadata.SSEC_SEALED_KEY, SseMetadata.KMS_KEY_ID, SseMetadata.KMS_DATA_KEY, SseMetadata.CONTEXT,
            SseMetadata.MULTIPART, SseMetadata.ACTUAL_SIZE);
    Mutator m = new Mutator(new SplittableRandom(0x8_0404L));
    try (Campaign c = new Campaign("sse-metadata", "0x80404", FormatException.class, IntegrityException.class)) {
      for (int i = 0; i < 4000; i++) {
        Map<String, String> map = new LinkedHashMap<>(maps.get(m.random().nextInt(maps.size())));
        int edits = 1 + m.random().nextInt(3);
        for (int e = 0; e < edits; e++) {
          String name = names.get(m.random().nextInt(names.size()));
          switch (m.random().nextInt(5)) {
            case 0 -> map.remove(name);
            case 1 -> map.put(name, m.hostileToken());
            case 2 -> map.put(
                m.random().nextBoolean() ? name.toLowerCase(java.util.Locale.ROOT) : name, "x");
            default -> {
              String old = map.getOrDefault(name, "");
              map.put(name, new String(m.mutate(Mutator.ascii(old)), StandardCharsets.ISO_8859_1));
            }
          }
        }
        long size = map.values().stream().mapToLong(String::length).sum();
        c.run(map, size, map::toString, in -> {
          SseMetadata.detectType(in);
          SseMetadata.isEncrypted(in);
          SseMetadata.isMultipart(in);
          SseMetadata md = SseMetadata.parse(in);
          assertEquals(md.toMap(), SseMetadata.parse(md.toMap()).toMap(), "round trip");
          try (ObjectKey got = md.unsealObjectKey(KEY, "b", "o")) {
            assertArrayEquals(oek, got.secret().toByteArray(), "tampered metadata unsealed another key");
          }
        });
      }
      c.finish(reporter);
    }
  }

  @Test
  void kmsContextParseJson_hostileJson_failsOnlyWithFormatException(TestReporter reporter) {
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(KmsContext.of(Map.of("bucket", "bucket/object", "a\u2028", "<&>\u0001")).toJson());
    seeds.add(Mutator.ascii("{\"k\":\"\\ud83d\\ude00\\u0000\\\"\",\"x\":\"\\/\"}"));
    seeds.add("{\"é\":\"😀\"}".getBytes(StandardCharsets.UTF_8));
    seeds.add(Mutator.ascii("{}"));
    byte[][] corpus = seeds.toArray(byte[][]::new);
    Mutator m = new Mutator(new SplittableRandom(0x8_0405L));
    try (Campaign c = new Campaign("kms-context", "0x80405", FormatException.class)) {
      for (int i = 0; i < 5000; i++) {
        byte[] input;
        switch (i % 50) {
          case 0 -> input = Mutator.ascii("[".repeat(200_000));
          case 1 -> input = Mutator.ascii("{\"a\":".repeat(100_000) + "\"x\"" + "}".repeat(100_000));
          case 2 -> input = Mutator.ascii("{\"a\":\"" + "\\u0000".repeat(200_000) + "\"}");
          case 3 -> input = Mutator.ascii("{\"a\":\"" + "\\ud800".repeat(100_000) + "\"}");
          case 4 -> input = m.randomBytes(200);
          default -> input = m.mutate(seeds.get(m.random().nextInt(seeds.size())), corpus);
        }
        c.runBytes(input, in -> {
          // As in Go, an invalid UTF-8 byte is written as the escape \ufffd, which reads back as U+FFFD
          // and is then written raw: from the second round on the canonical form is a fixed point.
          byte[] once = KmsContext.parseJson(in).toJson();
          byte[] twice = KmsContext.parseJson(once).toJson();
          assertArrayEquals(twice, KmsContext.parseJson(twice).toJson(), "canonical form is stable");
        });
      }
      c.finish(reporter);
    }
  }

  /** A legacy JSON ciphertext of MinIO's builtin KMS, built with the JDK as MinIO's Go code does. */
  private static byte[] legacyJsonCiphertext(byte[] master, byte[] plain, KmsContext ctx) throws Exception {
    byte[] iv = fill(16, 5);
    byte[] nonce = fill(12, 6);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(master, "HmacSHA256"));
    byte[] sealing = mac.doFinal(iv);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sealing, "AES"), new GCMParameterSpec(128, nonce));
    gcm.updateAAD(ctx.toJson());
    byte[] ct = gcm.doFinal(plain);
    Base64.Encoder b = Base64.getEncoder();
    return Mutator.ascii("{\"aead\":\"AES-256-GCM-HMAC-SHA-256\",\"iv\":\"" + b.encodeToString(iv)
        + "\",\"nonce\":\"" + b.encodeToString(nonce) + "\",\"bytes\":\"" + b.encodeToString(ct) + "\"}");
  }

  @Test
  void builtinKmsDecrypt_mutatedCiphertexts_failOnlyWithDocumentedExceptions(TestReporter reporter)
      throws Exception {
    byte[] master = fill(32, 31);
    KmsContext ctx = KmsContext.of("bucket", "bucket/object");
    try (MinioBuiltinKms kms = MinioBuiltinKms.of("main", SecretBytes.copyOf(master));
        MinioBuiltinKms.DataKey dk = kms.generateKey("main", ctx, seeded(1))) {
      byte[] plain = dk.plaintext().toByteArray();
      List<byte[]> seeds = List.of(dk.ciphertext(), legacyJsonCiphertext(master, plain, ctx));
      try (SecretBytes check = kms.decrypt("main", seeds.get(1), ctx)) {
        assertArrayEquals(plain, check.toByteArray(), "the legacy seed is valid");
      }
      byte[][] corpus = seeds.toArray(byte[][]::new);
      Mutator m = new Mutator(new SplittableRandom(0x8_0406L));
      try (Campaign c = new Campaign("builtin-kms", "0x80406",
          FormatException.class, IntegrityException.class, KmsException.class)) {
        for (int i = 0; i < 4000; i++) {
          byte[] input =
              i % 25 == 0 ? m.randomBytes(120) : m.mutate(seeds.get(i % 2), corpus);
          c.runBytes(input, in -> {
            try (SecretBytes got = kms.decrypt("main", in, ctx)) {
              assertArrayEquals(plain, got.toByteArray(), "accepted ciphertext must be the original key");
            }
          });
        }
        c.finish(reporter);
      }
    }
  }

  @Test
  void configBlob_mutatedBlobs_failOnlyWithFormatOrIntegrityException(TestReporter reporter) {
    byte[] kmsCt = fill(76, 41);
    List<byte[]> plains = List.of(Mutator.ascii("{\"version\":\"1\"}"), fill(40_000, 42));
    List<byte[]> blobs = new ArrayList<>();
    for (AeadCipher a : AeadCipher.values()) {
      for (byte[] p : plains) {
        blobs.add(ConfigBlob.encrypt("main", kmsCt, a, fill(8, a.ordinal()), KEY, p));
      }
    }
    byte[][] corpus = blobs.toArray(byte[][]::new);
    Mutator m = new Mutator(new SplittableRandom(0x8_0407L));
    try (Campaign c = new Campaign("config-blob", "0x80407", FormatException.class, IntegrityException.class)) {
      for (int i = 0; i < 3000; i++) {
        int k = m.random().nextInt(blobs.size());
        byte[] expected = plains.get(k % plains.size());
        c.runBytes(m.mutate(blobs.get(k), corpus), in -> {
          ConfigBlob b = ConfigBlob.parse(in);
          assertArrayEquals(expected, b.decrypt(KEY), "accepted blob must decrypt to the original");
        });
      }
      c.finish(reporter);
    }
  }

  @Test
  void configBlobParse_headerLengthOf2To31_failsFastWithoutAllocating(TestReporter reporter) {
    try (Campaign c = new Campaign("config-blob-huge-lengths", "fixed", 2_000, 0, FormatException.class)) {
      for (long len : new long[] {0x7fffffffL, 0x80000000L, 0xffffffffL, (1 << 20) + 1, 1 << 20}) {
        byte[] blob = {1, (byte) len, (byte) (len >>> 8), (byte) (len >>> 16), (byte) (len >>> 24), '{', '}'};
        c.runBytes(blob, in -> assertThrows(FormatException.class, () -> ConfigBlob.parse(in)));
      }
      c.finish(reporter);
    }
  }
}
