package io.keyrotate.internal.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keyrotate.FormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

class LineFormatProperties {

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40),
        Arbitraries.of("-", "", " ", "%", "%41", "\u0000", "a b", "\ud83d\ude00", "\r\n", "crc 00000000"));
  }

  @Property(tries = 1000)
  void encode_thenDecode_givesTheValueBack(@ForAll("values") String value) {
    Assume.that(wellFormed(value));
    String token = LineFormat.encode(value);
    assertEquals(value, LineFormat.decode(token));
    for (char c : token.toCharArray()) {
      // tokens never contain the separators of the format
      assertEquals(true, c > ' ' && c < 0x7f, token);
    }
  }

  @Property(tries = 1000)
  void decode_acceptsOnlyCanonicalTokens(@ForAll("tokens") String token) {
    String value;
    try {
      value = LineFormat.decode(token);
    } catch (IllegalArgumentException e) {
      return;
    }
    assertEquals(token, LineFormat.encode(value));
  }

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.strings()
        .withChars("aZ09-_.%4142fF7E25C3A9 ~/:@+=,!")
        .ofMaxLength(12);
  }

  @Example
  void encode_unpairedSurrogate_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> LineFormat.encode("a\ud800b"));
  }

  @Example
  void absent_isADistinctToken() {
    assertEquals("-", LineFormat.encode(null));
    assertEquals("%2D", LineFormat.encode("-"));
    assertEquals(null, LineFormat.decode("-"));
  }

  private static byte[] document(List<@Nullable String> values) {
    LineFormat.Writer w = LineFormat.writer("test-doc", 3);
    for (String v : values) {
      w.line("v", v);
    }
    return w.finish();
  }

  @Provide
  Arbitrary<List<@Nullable String>> valueLists() {
    return values().filter(LineFormatProperties::wellFormed).injectNull(0.1).list().ofMaxSize(5);
  }

  @Property(tries = 200)
  void document_roundTrips(@ForAll("valueLists") List<@Nullable String> values) {
    LineFormat.Reader r = LineFormat.reader(document(values), "test-doc", 3, "doc");
    for (String v : values) {
      assertEquals(v, r.expect("v", 1)[0]);
    }
    r.end();
  }

  @Property(tries = 60)
  void document_anyTruncationOrAppendedByte_isRejected(@ForAll("valueLists") List<@Nullable String> values) {
    byte[] doc = document(values);
    for (int len = 0; len < doc.length; len++) {
      byte[] cut = Arrays.copyOf(doc, len);
      assertThrows(FormatException.class, () -> LineFormat.reader(cut, "test-doc", 3, "doc"), "len " + len);
    }
    for (byte extra : new byte[] {'\n', 'x', 0}) {
      byte[] longer = Arrays.copyOf(doc, doc.length + 1);
      longer[doc.length] = extra;
      assertThrows(FormatException.class, () -> LineFormat.reader(longer, "test-doc", 3, "doc"));
    }
  }

  @Property(tries = 60)
  void document_anySingleBitFlip_isRejected(@ForAll("valueLists") List<@Nullable String> values) {
    byte[] doc = document(values);
    for (int bit = 0; bit < doc.length * 8; bit++) {
      byte[] bad = doc.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      int b = bit;
      assertThrows(
          FormatException.class, () -> LineFormat.reader(bad, "test-doc", 3, "doc"), "bit " + b);
    }
  }

  @Example
  void reader_otherFormatOrVersion_isRejectedWithAClearMessage() {
    byte[] doc = LineFormat.writer("other", 1).finish();
    FormatException e =
        assertThrows(FormatException.class, () -> LineFormat.reader(doc, "test-doc", 3, "my file"));
    assertEquals("my file: not a test-doc document", e.getMessage());
    byte[] v2 = LineFormat.writer("test-doc", 4).finish();
    e = assertThrows(FormatException.class, () -> LineFormat.reader(v2, "test-doc", 3, "my file"));
    assertEquals("my file: unsupported test-doc version 4 (this code reads 3)", e.getMessage());
    assertArrayEquals(
        "test-doc 3\ncrc ".getBytes(StandardCharsets.US_ASCII),
        Arrays.copyOf(LineFormat.writer("test-doc", 3).finish(), 15));
  }
}
