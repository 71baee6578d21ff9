package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.sse.internal.GoStrings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Canonical context JSON: parser round trip, UTF-8 key order and the escaping invariants. */
class KmsContextProperties {

  /** Valid Unicode strings biased towards the characters the escaping rules care about. */
  @Provide
  Arbitrary<String> text() {
    Arbitrary<Integer> special =
        Arbitraries.of(
            0x00, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, 0x22, 0x26, 0x2F, 0x3C, 0x3E, 0x5C, 0x7F,
            0xE9, 0x2028, 0x2029, 0xFFFD, 0xFF21, 0xE000, 0x1F600, 0x10FFFF);
    Arbitrary<Integer> any =
        Arbitraries.integers().between(0, 0x10FFFF).filter(cp -> cp < 0xD800 || cp > 0xDFFF);
    Arbitrary<Integer> ascii = Arbitraries.integers().between(0x20, 0x7E);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, special),
            net.jqwik.api.Tuple.of(1, any),
            net.jqwik.api.Tuple.of(4, ascii))
        .list()
        .ofMaxSize(8)
        .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
  }

  @Provide
  Arbitrary<Map<String, String>> contexts() {
    return Arbitraries.maps(text(), text()).ofMaxSize(6);
  }

  @Property(tries = 400)
  void toJson_thenParseJson_returnsTheSameContext(@ForAll("contexts") Map<String, String> m) {
    KmsContext ctx = KmsContext.of(m);
    assertEquals(ctx, KmsContext.parseJson(ctx.toJson()));
    assertEquals(m, ctx.asMap());
  }

  @Property(tries = 400)
  void toJson_keys_appearInUnsignedUtf8ByteOrder(@ForAll("contexts") Map<String, String> m) {
    List<byte[]> keys = new ArrayList<>();
    for (String k : KmsContext.of(m).asMap().keySet()) {
      keys.add(GoStrings.toBytes(k));
    }
    for (int i = 1; i < keys.size(); i++) {
      assertTrue(Arrays.compareUnsigned(keys.get(i - 1), keys.get(i)) < 0);
    }
    // and the serialised text lists them in that order
    KmsContext ctx = KmsContext.of(m);
    int at = 0;
    byte[] json = ctx.toJson();
    for (String k : ctx.asMap().keySet()) {
      byte[] one = KmsContext.of(k, "").toJson(); // {"<escaped k>":""}
      byte[] quotedKey = Arrays.copyOfRange(one, 1, one.length - 4);
      int found = indexOf(json, quotedKey, at);
      assertTrue(found >= at, "key out of order");
      at = found + quotedKey.length;
    }
  }

  @Property(tries = 400)
  void toJson_anyContext_hasNoRawControlOrHtmlCharacters(
      @ForAll("contexts") Map<String, String> m) {
    byte[] json = KmsContext.of(m).toJson();
    for (byte b : json) {
      int c = b & 0xFF;
      assertTrue(c >= 0x20 && c != '<' && c != '>' && c != '&', "raw byte " + c);
    }
    String s = GoStrings.fromBytes(json);
    assertTrue(s.indexOf('\u2028') < 0 && s.indexOf('\u2029') < 0);
  }

  @Property(tries = 200)
  void toJson_invalidUtf8Bytes_becomeReplacementEscapes(
      @ForAll("text") String prefix, @ForAll("text") String suffix) {
    String withRawByte = prefix + '\uDCFF' + suffix; // raw byte 0xFF, never valid UTF-8
    String json =
        new String(
            KmsContext.of("k", withRawByte).toJson(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(json.contains("\\ufffd"), json);
    assertEquals(
        KmsContext.of("k", prefix + '\uFFFD' + suffix),
        KmsContext.parseJson(KmsContext.of("k", withRawByte).toJson()));
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
