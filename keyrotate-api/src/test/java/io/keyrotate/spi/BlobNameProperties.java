package io.keyrotate.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BlobNameProperties {

  /** An independent model of the name rule, written from the Javadoc. */
  private static boolean valid(String name) {
    if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > 1024) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c) && (c < 0x80 || c > 0x9f)) {
        return false;
      }
      if (Character.isSurrogate(c)) {
        boolean pair =
            Character.isHighSurrogate(c) && i + 1 < name.length()
                && Character.isLowSurrogate(name.charAt(i + 1));
        if (!pair) {
          return false;
        }
        i++;
      }
    }
    for (String seg : name.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        return false;
      }
    }
    return true;
  }

  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> segment =
        Arbitraries.oneOf(
            Arbitraries.of("", ".", "..", "a", "é", "\ud83d\ude00", "x.json", "\u0001", "\ud800"),
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(6));
    return segment.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("/", l));
  }

  @Property(tries = 500)
  void blobName_acceptedExactlyWhenModelSaysValid(@ForAll("names") String name) {
    boolean accepted;
    try {
      Checks.blobName(name);
      accepted = true;
    } catch (IllegalArgumentException e) {
      accepted = false;
    }
    assertEquals(valid(name), accepted, () -> "name: " + name);
  }
}
