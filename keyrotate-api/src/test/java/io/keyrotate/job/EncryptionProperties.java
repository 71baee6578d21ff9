package io.keyrotate.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyrotate.JobDefinitionException;
import io.keyrotate.internal.Texts;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class EncryptionProperties {

  @Property(tries = 500)
  void decodeContext_ofEncodeContext_isIdentity(@ForAll("contexts") Map<String, String> ctx) {
    assertEquals(ctx, Encryption.decodeContext(Encryption.encodeContext(ctx)));
  }

  @Property(tries = 1000)
  void decodeContext_anyText_throwsOnlyJobDefinitionException(@ForAll("noise") String text) {
    try {
      Encryption.decodeContext(text);
    } catch (JobDefinitionException e) {
      assertEquals("keyrotate.encryption.context", e.field());
    }
  }

  @Provide
  Arbitrary<Map<String, String>> contexts() {
    Arbitrary<String> s = Arbitraries.strings().all().ofMaxLength(20).filter(Texts::isWellFormed);
    return Arbitraries.maps(s, s).ofMaxSize(5);
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.oneOf(
        Arbitraries.strings()
            .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
            .ofMaxLength(40),
        Arbitraries.strings().all().ofMaxLength(40),
        contexts().map(Encryption::encodeContext).map(b -> b.substring(0, b.length() / 2)));
  }
}
