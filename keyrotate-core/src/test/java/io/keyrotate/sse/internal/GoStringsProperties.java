package io.keyrotate.sse.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Go strings in Java strings: lossless for any bytes, plain UTF-8 for valid text. */
class GoStringsProperties {

  @Provide
  Arbitrary<byte[]> anyBytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(24);
  }

  @Property(tries = 1000)
  void fromBytesThenToBytes_anyBytes_isIdentity(@ForAll("anyBytes") byte[] b) {
    String s = GoStrings.fromBytes(b);
    assertArrayEquals(b, GoStrings.toBytes(s));
    assertEquals(b.length, GoStrings.encodedLength(s));
  }

  @Property(tries = 500)
  void toBytes_validUnicode_isStandardUtf8(@ForAll("validText") String s) {
    assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), GoStrings.toBytes(s));
    assertEquals(s, GoStrings.fromBytes(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Property(tries = 500)
  void fromBytes_validUtf8_agreesWithTheJdkDecoderOtherwiseEscapes(@ForAll("anyBytes") byte[] b) {
    String s = GoStrings.fromBytes(b);
    boolean valid =
        java.util.Arrays.equals(
            b, new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    if (valid) {
      assertEquals(new String(b, StandardCharsets.UTF_8), s);
    }
  }

  @Provide
  Arbitrary<String> validText() {
    return Arbitraries.integers()
        .between(0, 0x10FFFF)
        .filter(cp -> cp < 0xD800 || cp > 0xDFFF)
        .list()
        .ofMaxSize(10)
        .map(l -> new String(l.stream().mapToInt(Integer::intValue).toArray(), 0, l.size()));
  }
}
