package io.keyrotate.sse.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Go's StdEncoding rules: padding required, CR/LF skipped, everything else strict. */
class GoBase64Properties {

  @Provide
  Arbitrary<byte[]> data() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
  }

  @Property(tries = 500)
  void decode_ofEncode_isIdentityEvenWithLineBreaks(
      @ForAll("data") byte[] b, @ForAll @IntRange(max = 80) int at) {
    String text = GoBase64.encode(b);
    assertArrayEquals(b, GoBase64.decode(text));
    int cut = Math.min(at, text.length());
    assertArrayEquals(
        b, GoBase64.decode("\n" + text.substring(0, cut) + "\r\n" + text.substring(cut)));
  }

  @Property(tries = 500)
  void decode_unpaddedOrSpacedOrUrlSafe_isRejected(@ForAll("data") byte[] b) {
    String text = GoBase64.encode(b);
    if (text.endsWith("=")) {
      String unpadded = text.replace("=", "");
      assertThrows(IllegalArgumentException.class, () -> GoBase64.decode(unpadded));
    }
    if (!text.isEmpty()) {
      assertThrows(IllegalArgumentException.class, () -> GoBase64.decode(" " + text));
      assertThrows(IllegalArgumentException.class, () -> GoBase64.decode(text + "AA"));
      String urlSafe = Base64.getUrlEncoder().encodeToString(b);
      if (!urlSafe.equals(text)) {
        assertThrows(IllegalArgumentException.class, () -> GoBase64.decode(urlSafe));
      }
    }
  }

  @Property(tries = 500)
  void decode_anyText_agreesWithJavaOnCanonicalPaddedInput(@ForAll("base64ish") String s) {
    byte[] ours;
    try {
      ours = GoBase64.decode(s);
    } catch (IllegalArgumentException rejected) {
      return;
    }
    // Whatever we accept re-encodes to the input up to line breaks and unused padding bits.
    String canonical = s.replace("\r", "").replace("\n", "");
    assertArrayEquals(ours, Base64.getDecoder().decode(canonical));
  }

  @Provide
  Arbitrary<String> base64ish() {
    return Arbitraries.strings().withChars("AQgw+/=\n\r -_").ofMaxLength(12);
  }
}
