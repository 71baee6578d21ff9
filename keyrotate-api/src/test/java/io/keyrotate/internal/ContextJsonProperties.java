package io.keyrotate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ContextJsonProperties {

  @Property(tries = 1000)
  void parse_ofWrite_isIdentity(@ForAll("contexts") Map<String, String> m) {
    assertEquals(m, ContextJson.parse(ContextJson.write(m)));
  }

  @Property(tries = 500)
  void parseBase64_ofEncodedWrite_isIdentity(@ForAll("contexts") Map<String, String> m) {
    String b64 =
        Base64.getEncoder().encodeToString(ContextJson.write(m).getBytes(StandardCharsets.UTF_8));
    assertEquals(m, ContextJson.parseBase64(b64, 1 << 20));
  }

  @Property(tries = 2000)
  void parse_anyText_throwsOnlyIllegalArgumentException(@ForAll("jsonish") String text) {
    try {
      ContextJson.parse(text);
    } catch (IllegalArgumentException expected) {
      // the only failure the parser may report
    }
  }

  @Property(tries = 1000)
  void parseBase64_anyText_throwsOnlyIllegalArgumentException(@ForAll("jsonish") String text) {
    String b64 = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));
    try {
      ContextJson.parseBase64(b64, 64);
    } catch (IllegalArgumentException expected) {
      // the only failure the parser may report
    }
    try {
      ContextJson.parseBase64(text, 64);
    } catch (IllegalArgumentException expected) {
      // the only failure the parser may report
    }
  }

  @Provide
  Arbitrary<Map<String, String>> contexts() {
    Arbitrary<String> s = Arbitraries.strings().all().ofMaxLength(12).filter(Texts::isWellFormed);
    return Arbitraries.maps(s, s).ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> jsonish() {
    Arbitrary<String> tokens =
        Arbitraries.of("{", "}", "\"", ":", ",", "\\", "\\u", "00", "a", " ", "\n", "[", "1", "null")
            .list()
            .ofMaxSize(20)
            .map(l -> String.join("", l));
    Arbitrary<String> mutated =
        contexts()
            .map(ContextJson::write)
            .flatMap(
                j ->
                    Arbitraries.integers()
                        .between(0, j.length())
                        .flatMap(
                            i ->
                                Arbitraries.chars()
                                    .map(c -> j.substring(0, i) + c + j.substring(Math.min(j.length(), i + 1)))));
    return Arbitraries.oneOf(tokens, mutated, Arbitraries.strings().all().ofMaxLength(30));
  }
}
