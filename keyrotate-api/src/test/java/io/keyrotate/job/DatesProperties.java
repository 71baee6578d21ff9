package io.keyrotate.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyrotate.JobDefinitionException;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DatesProperties {
  private static final String F = "keyrotate.flags.filter.createdBefore";

  @Property(tries = 1000)
  void parse_ofFormat_isIdentity(@ForAll("instants") Instant t) {
    assertEquals(t, Dates.parse(F, Dates.format(t)));
  }

  @Property(tries = 1000)
  void parse_anyText_throwsOnlyJobDefinitionException(@ForAll("noise") String text) {
    try {
      Dates.parse(F, text);
    } catch (JobDefinitionException e) {
      assertEquals(F, e.field());
    }
  }

  @Provide
  Arbitrary<Instant> instants() {
    long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    Arbitrary<Long> seconds =
        Arbitraries.oneOf(
            Arbitraries.longs().between(min, max),
            Arbitraries.longs().between(min / 86400, max / 86400).map(d -> d * 86400));
    Arbitrary<Integer> nanos =
        Arbitraries.oneOf(
            Arbitraries.just(0),
            Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
            Arbitraries.integers().between(0, 999_999_999));
    return seconds.flatMap(s -> nanos.map(n -> Instant.ofEpochSecond(s, n)));
  }

  @Provide
  Arbitrary<String> noise() {
    Arbitrary<String> shaped =
        Arbitraries.strings().withChars("0123456789-:T.Z+tz ").ofMinLength(8).ofMaxLength(40);
    return Arbitraries.oneOf(shaped, Arbitraries.strings().all().ofMaxLength(40));
  }
}
