package io.keyrotate.yaml;

import io.keyrotate.JobDefinitionException;
import io.keyrotate.internal.Texts;
import io.keyrotate.job.Encryption;
import io.keyrotate.job.Filter;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.Notify;
import io.keyrotate.job.Retry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of valid jobs, with strings chosen to stress YAML quoting. */
final class Jobs {
  private Jobs() {}

  /** Strings that YAML reads as something else, or that need escaping, plus arbitrary Unicode. */
  static Arbitrary<String> text() {
    Arbitrary<String> tricky =
        Arbitraries.of(
            "", " ", "true", "False", "null", "~", "123", "-1", "1.5", ".inf", "0x1F", "0o7", "1e3",
            "- a", "a: b", "a #b", "#x", "*a", "&a", "!t", "%x", "@x", "`x", "'q'", "\"q\"", "{a}",
            "[a]", "? x", "---", "...", "|", ">", " lead", "trail ", "line\nbreak", "a \n b\n",
            "\n", "\r\n", "\t", "nul\u0000", "\u0085", "\u2028", "\ufeff", "\uffff", "é😀",
            "<placeholder>", "<kms-key-id>", "2024-01-01", "7d", "yes", "on");
    Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(24).filter(Texts::isWellFormed);
    Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(24);
    return Arbitraries.oneOf(tricky, any, ascii, Combinators.combine(tricky, ascii).as(String::concat));
  }

  static Arbitrary<String> nonBlank() {
    return text().filter(s -> !s.isBlank());
  }

  static Arbitrary<String> bucket() {
    Arbitrary<String> middle =
        Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1).ofMaxLength(20);
    Arbitrary<Character> alnum = Arbitraries.chars().with("abcdefghijklmnopqrstuvwxyz0123456789".toCharArray());
    return Combinators.combine(alnum, middle, alnum).as((a, m, z) -> a + m + z);
  }

  static Arbitrary<Duration> duration() {
    return Arbitraries.oneOf(
            Arbitraries.longs().between(1, 10_000),
            Arbitraries.longs().between(1, 1_000).map(d -> d * 86_400_000L),
            Arbitraries.longs().between(1, Long.MAX_VALUE))
        .map(Duration::ofMillis);
  }

  static Arbitrary<Instant> instant() {
    long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    return Arbitraries.oneOf(
        Arbitraries.longs().between(min, max).map(Instant::ofEpochSecond),
        Arbitraries.longs().between(min / 86_400, max / 86_400).map(d -> Instant.ofEpochSecond(d * 86_400)),
        Arbitraries.longs().between(0, 4_000_000_000L).flatMap(
            s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n))));
  }

  static Arbitrary<Encryption> encryption() {
    Arbitrary<String> key =
        nonBlank().filter(k -> k.strip().equals(k) && k.chars().noneMatch(Character::isISOControl));
    Arbitrary<Map<String, String>> context = Arbitraries.maps(text(), text()).ofMaxSize(3);
    return Combinators.combine(key.injectNull(0.4), context)
        .as((k, c) -> attempt(() -> Encryption.of(k, c)))
        .filter(Optional::isPresent)
        .map(Optional::get);
  }

  static Arbitrary<Filter> filter() {
    Arbitrary<List<Map.Entry<String, String>>> entries =
        Combinators.combine(text().filter(s -> !s.isEmpty()), text())
            .as(Map::entry)
            .list()
            .ofMaxSize(3);
    return Combinators.combine(
            duration().injectNull(0.6),
            duration().injectNull(0.6),
            instant().injectNull(0.6),
            instant().injectNull(0.6),
            entries,
            entries,
            nonBlank().injectNull(0.6),
            Arbitraries.of(0, 1, 2, 3))
        .as(
            (newer, older, after, before, tags, metadata, kms, flags) ->
                attempt(
                    () -> {
                      Filter.Builder b =
                          Filter.builder()
                              .newerThan(newer)
                              .olderThan(older)
                              .createdAfter(after)
                              .createdBefore(before)
                              .kmsKey(kms)
                              .plaintextOnly((flags & 1) != 0)
                              .forceEncryptLocked((flags & 2) != 0);
                      tags.forEach(e -> b.tag(e.getKey(), e.getValue()));
                      metadata.forEach(e -> b.metadata(e.getKey(), e.getValue()));
                      return b.build();
                    }))
        .filter(Optional::isPresent)
        .map(Optional::get);
  }

  static Arbitrary<Notify> notification() {
    Arbitrary<String> endpoint =
        Arbitraries.of(
            "https://notify.example.com/keyrotate",
            "http://10.0.0.1:8080/hook?job=1&x=%20",
            "https://h.example/a%2Fb#frag",
            "HTTPS://Upper.Example/Path",
            "http://[::1]:9000/");
    Arbitrary<String> token =
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .withCharRange('\u0080', '\u00ff')
            .ofMaxLength(40)
            .map(s -> s.replace('\u007f', 'x'));
    return Combinators.combine(endpoint, token.injectNull(0.3)).as(Notify::of);
  }

  static Arbitrary<Retry> retry() {
    return Combinators.combine(
            Arbitraries.integers().between(1, Integer.MAX_VALUE), duration())
        .as(Retry::new);
  }

  static Arbitrary<KeyRotateJob> jobs() {
    Arbitrary<List<String>> prefixes = text().list().uniqueElements().ofMaxSize(4);
    return Combinators.combine(
            bucket(),
            prefixes,
            encryption().injectNull(0.3),
            filter().injectNull(0.3),
            notification().injectNull(0.5),
            retry().injectNull(0.5))
        .as(
            (bucket, p, e, f, n, r) ->
                attempt(
                    () -> {
                      KeyRotateJob.Builder b = KeyRotateJob.builder().bucket(bucket).prefixes(p);
                      if (e != null) {
                        b.encryption(e);
                      }
                      if (f != null) {
                        b.filter(f);
                      }
                      if (r != null) {
                        b.retry(r);
                      }
                      return b.notification(n).build();
                    }))
        .filter(Optional::isPresent)
        .map(Optional::get);
  }

  private interface Build<T> {
    T get();
  }

  /** The value, or empty when the model refuses the combination (e.g. a window selecting nothing). */
  private static <T> Optional<T> attempt(Build<T> build) {
    try {
      return Optional.of(build.get());
    } catch (JobDefinitionException e) {
      return Optional.empty();
    }
  }
}
