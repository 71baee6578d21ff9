package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The metadata codec: create → map → parse is the identity; applyTo keeps everything else. */
class SseMetadataProperties {

  @Provide
  Arbitrary<SseMetadata> metadata() {
    Arbitrary<byte[]> iv = Arbitraries.bytes().array(byte[].class).ofSize(32);
    Arbitrary<byte[]> sealed = Arbitraries.bytes().array(byte[].class).ofSize(64);
    Arbitrary<byte[]> ct = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(120);
    Arbitrary<String> keyId = Arbitraries.strings().ofMaxLength(20);
    Arbitrary<KmsContext> ctx =
        Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), Arbitraries.strings().ofMaxLength(6))
            .ofMaxSize(3)
            .map(KmsContext::of);
    Arbitrary<SseType> type = Arbitraries.of(SseType.class);
    return Combinators.combine(type, iv, sealed, ct, keyId, ctx, Arbitraries.of(true, false))
        .as(
            (t, i, s, c, k, x, legacy) -> {
              switch (t) {
                case SSE_S3:
                  return legacy
                      ? SseMetadata.sseS3(i, s, null, null)
                      : SseMetadata.sseS3(i, s, k, c);
                case SSE_KMS:
                  return SseMetadata.sseKms(i, s, k, c, x);
                default:
                  return SseMetadata.sseC(i, s);
              }
            });
  }

  @Provide
  Arbitrary<Map<String, String>> others() {
    return Arbitraries.maps(
            Arbitraries.of(
                "X-Amz-Meta-Owner",
                "content-type",
                SseMetadata.MULTIPART,
                SseMetadata.ACTUAL_SIZE,
                "etag"),
            Arbitraries.strings().ofMaxLength(8))
        .ofMaxSize(4);
  }

  @Property(tries = 300)
  void parse_ofToMap_returnsTheSameFields(@ForAll("metadata") SseMetadata m) {
    SseMetadata back = SseMetadata.parse(m.toMap());
    assertEquals(m.type(), back.type());
    assertEquals(m.sealAlgorithm(), back.sealAlgorithm());
    assertArrayEquals(m.iv(), back.iv());
    assertArrayEquals(m.sealedKey(), back.sealedKey());
    assertEquals(m.kmsKeyId(), back.kmsKeyId());
    assertArrayEquals(m.kmsCiphertext(), back.kmsCiphertext());
    assertEquals(m.context(), back.context());
    assertEquals(m.toMap(), back.toMap());
  }

  @Property(tries = 300)
  void applyTo_anyMetadata_replacesSealingEntriesOnlyAndIsIdempotent(
      @ForAll("metadata") SseMetadata first,
      @ForAll("metadata") SseMetadata second,
      @ForAll("others") Map<String, String> others) {
    Map<String, String> once = first.applyTo(others);
    Map<String, String> twice = second.applyTo(once);
    Map<String, String> expected = new HashMap<>(others);
    expected.putAll(second.toMap());
    assertEquals(expected, twice);
    assertEquals(twice, second.applyTo(twice));
    assertEquals(second.type(), SseMetadata.detectType(twice));
  }

  @Property(tries = 300)
  void parse_base64WithLineBreaks_readsTheSameBytes(
      @ForAll("metadata") SseMetadata m, @ForAll("positions") int at) {
    Map<String, String> map = new HashMap<>(m.toMap());
    String iv = map.get(SseMetadata.IV);
    int cut = Math.floorMod(at, iv.length() + 1);
    map.put(SseMetadata.IV, iv.substring(0, cut) + "\r\n" + iv.substring(cut) + "\n");
    assertArrayEquals(m.iv(), SseMetadata.parse(map).iv());
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 100);
  }
}
