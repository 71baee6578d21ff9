package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.keyrotate.SecretBytes;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.sse.InternalDataFormat.Kind;
import io.keyrotate.sse.InternalDataFormat.Outcome;
import io.keyrotate.sse.InternalDataFormat.Result;
import io.keyrotate.sse.internal.Crypto;
import io.keyrotate.sse.internal.GoStrings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Round trips of every internal-data format through {@link InternalDataFormat}. */
class InternalDataFormatProperties {
  private static final String SECRET = InternalDataFormatTest.minioSecretKey();

  @Provide
  Arbitrary<String> configNames() {
    Arbitrary<String> segment = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-_. @<>&")
        .ofMinLength(1).ofMaxLength(12).filter(s -> !s.equals(".") && !s.equals(".."));
    return Arbitraries.oneOf(
        Arbitraries.just("config/config.json"),
        segment.map(s -> "config/history/" + s + ".kv"),
        segment.list().ofMinSize(1).ofMaxSize(4).map(l -> "config/iam/" + String.join("/", l)));
  }

  @Provide
  Arbitrary<byte[]> plaintexts() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
        Arbitraries.bytes().array(byte[].class).ofMinSize(16380).ofMaxSize(16390));
  }

  /** Encrypted by MinIO's writer under the canonical or the legacy context, any plaintext reads back. */
  @Property(tries = 40)
  void rotate_configBlob_roundTripsAnyPlaintext(
      @ForAll("configNames") String name,
      @ForAll("plaintexts") byte[] plaintext,
      @ForAll boolean legacy,
      @ForAll AeadCipher cipher) {
    try (LocalKms kms = LocalKms.fromMinioSecretKey(SECRET)) {
      KmsContext ctx =
          legacy ? InternalDataFormat.legacyContext(name) : InternalDataFormat.context(name);
      byte[] blob = InternalDataFormatTest.configBlob(kms, "my-key", ctx, plaintext);
      InternalDataFormat f =
          InternalDataFormat.builder().kms(kms).targetKeyId("my-key").cipher(cipher).build();
      Result r = f.rotate(name, blob);
      assertEquals(Outcome.REWRITTEN, r.outcome());
      assertEquals(cipher, ConfigBlob.parse(r.content()).cipher());
      assertArrayEquals(
          plaintext, InternalDataFormatTest.open(kms, r.content(), ConfigBlob.context(name)));
      assertArrayEquals(plaintext, f.readConfig(name, r.content()));
    }
  }

  /** Plaintext config (any text not starting with U+0001) is encrypted and reads back byte for byte. */
  @Property(tries = 40)
  void rotate_plaintextConfig_encryptsAndReadsBack(
      @ForAll("configNames") String name, @ForAll @Size(max = 200) String text) {
    String t = text.replace('\u0001', 'x');
    byte[] bytes = t.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0 && bytes[0] == 1 || !t.equals(new String(bytes, StandardCharsets.UTF_8))) {
      return; // lone surrogates are not text
    }
    try (LocalKms kms = LocalKms.fromMinioSecretKey(SECRET)) {
      InternalDataFormat f = InternalDataFormatTest.format(kms);
      Result r = f.rotate(name, bytes);
      assertEquals("plaintext encrypted", r.note());
      assertArrayEquals(bytes, f.readConfig(name, r.content()));
    }
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings()
        .all()
        .ofMaxLength(12)
        .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)));
  }

  /** The metadata map codec: parse(write(m)) = m, and the output is in byte order of the keys. */
  @Property(tries = 200)
  void metadataJson_anyMap_roundTripsSorted(
      @ForAll("metadataMaps") Map<String, String> map) {
    byte[] json = InternalDataFormat.metadataToJson(map);
    Map<String, String> back = InternalDataFormat.metadataFromJson(json);
    assertEquals(map, back);
    List<String> keys = new ArrayList<>(back.keySet());
    for (int i = 1; i < keys.size(); i++) {
      assertEquals(-1, Integer.signum(GoStrings.compare(keys.get(i - 1), keys.get(i))));
    }
    assertArrayEquals(json, InternalDataFormat.metadataToJson(back));
  }

  @Provide
  Arbitrary<Map<String, String>> metadataMaps() {
    return Arbitraries.maps(texts(), texts()).ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> buckets() {
    return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-.")
        .ofMinLength(3).ofMaxLength(20).filter(s -> !s.equals("..") && !s.equals("."));
  }

  /**
   * Tier config and bucket targets: after a rotation the object key unseals under the new data key, the
   * non-sealing entries are unchanged, and the sealing values are new.
   */
  @Property(tries = 40)
  void rotate_sealedMetadata_keepsTheObjectKeyAndOtherEntries(
      @ForAll boolean tier,
      @ForAll("buckets") String bucket,
      @ForAll("extras") Map<String, String> extra) {
    String name = tier ? "config/tier-config.bin" : InternalDataFormat.bucketTargetsName(bucket);
    String b = tier ? ".minio.sys" : bucket;
    String o = tier ? "config/tier-config.bin" : "";
    KmsContext ctx = InternalDataFormat.context(name);
    try (LocalKms kms = LocalKms.fromMinioSecretKey(SECRET);
        ObjectKey oek = ObjectKey.generate(SecretBytes.copyOf(new byte[32]), Crypto.random())) {
      byte[] meta = InternalDataFormatTest.sealedMetadata(kms, "my-key", b, o, ctx, oek, extra);
      Result r = InternalDataFormatTest.format(kms).rotate(name, meta);
      assertEquals(tier ? Kind.TIER_CONFIG : Kind.BUCKET_TARGETS, r.kind());
      Map<String, String> before = InternalDataFormat.metadataFromJson(meta);
      Map<String, String> after = InternalDataFormat.metadataFromJson(r.content());
      for (Map.Entry<String, String> e : extra.entrySet()) {
        assertEquals(e.getValue(), after.get(e.getKey()));
      }
      assertEquals(before.keySet(), after.keySet());
      assertNotEquals(before.get(SseMetadata.S3_SEALED_KEY), after.get(SseMetadata.S3_SEALED_KEY));
      try (ObjectKey back = InternalDataFormatTest.unseal(kms, r.content(), b, o, ctx);
          SecretBytes x = back.secret();
          SecretBytes y = oek.secret()) {
        assertEquals(y, x);
      }
    }
  }

  @Provide
  Arbitrary<Map<String, String>> extras() {
    Arbitrary<String> keys =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)
            .map(s -> "X-Minio-Internal-" + s);
    return Arbitraries.maps(keys, texts()).ofMaxSize(3);
  }

  /** Names: every generated config name classifies as a config blob, nothing else does. */
  @Property(tries = 200)
  void classify_generatedNames_areConfigBlobs(@ForAll("configNames") String name) {
    assertEquals(true, InternalDataFormat.classify(name).isConfigBlob());
    assertEquals(Kind.OTHER, InternalDataFormat.classify("x" + name));
  }
}
