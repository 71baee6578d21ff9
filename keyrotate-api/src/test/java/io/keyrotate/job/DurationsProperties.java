package io.keyrotate.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyrotate.JobDefinitionException;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class DurationsProperties {
  private static final String F = "keyrotate.flags.retry.delay";

  @Property(tries = 1000)
  void parse_ofFormat_isIdentity(@ForAll @LongRange(min = 1) long ms) {
    Duration d = Duration.ofMillis(ms);
    assertEquals(d, Durations.parse(F, Durations.format(d)));
  }

  @Property(tries = 1000)
  void format_ofParse_isCanonical(@ForAll("terms") String text) {
    Duration d;
    try {
      d = Durations.parse(F, text);
    } catch (JobDefinitionException e) {
      return; // zero or overflow: covered by the error examples
    }
    String canonical = Durations.format(d);
    assertEquals(d, Durations.parse(F, canonical));
    assertEquals(canonical, Durations.format(Durations.parse(F, canonical)));
  }

  @Property(tries = 1000)
  void parse_anyText_throwsOnlyJobDefinitionException(@ForAll("noise") String text) {
    try {
      Duration d = Durations.parse(F, text);
      assertEquals(d, Durations.check(F, d));
    } catch (JobDefinitionException e) {
      assertEquals(F, e.field());
    }
  }

  @Provide
  Arbitrary<String> terms() {
    Arbitrary<String> term =
        Arbitraries.longs()
            .between(0, 100_000)
            .flatMap(n -> Arbitraries.of("w", "d", "h", "m", "s", "ms").map(u -> n + u));
    return term.list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789wdhmsx -+.µ").ofMaxLength(30),
        Arbitraries.strings().all().ofMaxLength(30),
        terms());
  }
}
