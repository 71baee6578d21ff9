package io.keyrotate.sse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link InternalNames}: MinIO's plaintext test and the bucket-targets name parser. */
class InternalNamesProperties {
  @Provide
  Arbitrary<byte[]> utf8ish() {
    Arbitrary<byte[]> text =
        Arbitraries.strings().all().ofMaxLength(20).map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(12);
    Arbitrary<byte[]> tricky =
        Arbitraries.of(
            new byte[] {(byte) 0xC0, (byte) 0x80}, // overlong NUL
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // surrogate U+D800
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBE}, // U+FFFE: valid
            new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}); // truncated 4-byte form
    return Arbitraries.oneOf(text, raw, tricky);
  }

  /** Valid UTF-8 is exactly what survives a decode/encode round trip unchanged (Go's utf8.Valid). */
  @Property(tries = 500)
  void isUtf8_matchesALosslessRoundTrip(@ForAll("utf8ish") byte[] b) {
    byte[] back = new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    assertEquals(Arrays.equals(b, back), InternalNames.isUtf8(b));
  }

  @Example
  void isUtf8_goEdgeCases_asGoDecides() {
    assertTrue(InternalNames.isUtf8(new byte[0]));
    assertTrue(InternalNames.isUtf8(new byte[] {1}));
    assertTrue(InternalNames.isUtf8(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBE}));
    assertFalse(InternalNames.isUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    assertFalse(InternalNames.isUtf8(new byte[] {(byte) 0xC0, (byte) 0x80}));
    assertFalse(InternalNames.isUtf8(new byte[] {(byte) 0xB7}));
  }

  @Property(tries = 200)
  void targetsBucket_ofTheBuiltName_isTheBucket(
      @ForAll("segments") String bucket, @ForAll("segments") String other) {
    String name = InternalNames.BUCKETS_PREFIX + bucket + InternalNames.BUCKET_TARGETS_SUFFIX;
    assertEquals(bucket, InternalNames.targetsBucket(name));
    assertNull(
        InternalNames.targetsBucket(
            InternalNames.BUCKETS_PREFIX + bucket + "/" + other + InternalNames.BUCKET_TARGETS_SUFFIX));
    assertNull(InternalNames.targetsBucket(name + "x"));
    assertNull(InternalNames.targetsBucket("x" + name));
  }

  @Provide
  Arbitrary<String> segments() {
    return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(10).filter(s -> s.indexOf('/') < 0);
  }
}
