package io.keyrotate.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.SecretBytes;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Properties of the command line's argument parsers and JSON output. */
class CliProperties {
  @Property(tries = 300)
  void hexKey_any32Bytes_roundTripsInEitherCase(@ForAll @Size(32) byte[] key, @ForAll boolean upper) {
    String hex = HexFormat.of().formatHex(key);
    try (SecretBytes k = Cli.hexKey("--k", upper ? hex.toUpperCase(java.util.Locale.ROOT) : hex)) {
      assertArrayEquals(key, k.toByteArray());
    }
  }

  @Property(tries = 300)
  void hexKey_malformed_isRefusedWithoutEchoingIt(@ForAll @StringLength(min = 8, max = 80) String s) {
    String input = s.length() == 64 ? "g" + s.substring(1) : s;
    CliInputException e = assertThrows(CliInputException.class, () -> Cli.hexKey("--k", input).close());
    assertTrue(e.getMessage().startsWith("--k: "));
    if (input.strip().length() >= 8) {
      assertFalse(e.getMessage().contains(input.strip()), e.getMessage());
    }
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.strings().ofMinLength(1).ofMaxLength(20).filter(k -> !k.contains("="));
  }

  @Property(tries = 300)
  void pairs_keyEqualsValue_splitsAtTheFirstEquals(
      @ForAll("keys") String k, @ForAll @StringLength(max = 20) String v) {
    assertEquals(Map.of(k, v), Cli.pairs("--tag", List.of(k + "=" + v)));
  }

  @Property(tries = 300)
  void address_bucketSlashKey_splitsAtTheFirstSlash(
      @ForAll("buckets") String bucket, @ForAll @StringLength(min = 1, max = 30) String key) {
    Cli.Address a = Cli.address(bucket + "/" + key, true);
    assertEquals(bucket, a.bucket());
    assertEquals(key, a.key());
  }

  @Provide
  Arbitrary<String> buckets() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(3).ofMaxLength(10);
  }

  @Property(tries = 300)
  void json_anyString_isOneQuotedLineWithoutControlCharacters(@ForAll String s) {
    String j = Cli.json(s);
    assertTrue(j.length() >= 2 && j.startsWith("\"") && j.endsWith("\""));
    assertTrue(j.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029), j);
    assertEquals(s, unquote(j));
  }

  @Property(tries = 200)
  void instant_rfc3339OrDate_parses(@ForAll("instants") Instant t) {
    assertEquals(t, Cli.instant("--mtime", t.toString()));
    Instant day = t.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    assertEquals(day, Cli.instant("--mtime", day.toString().substring(0, 10)));
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(0, 4_102_444_800L).map(Instant::ofEpochSecond);
  }

  /** A JSON string decoder for the escapes {@link Cli#json(String)} writes. */
  static String unquote(String j) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < j.length() - 1; i++) {
      char c = j.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = j.charAt(++i);
      switch (e) {
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          b.append((char) Integer.parseInt(j.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> b.append(e);
      }
    }
    return b.toString();
  }
}
