package io.keyrotate.store.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyrotate.ObjectLock;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.spi.ObjectRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CodecProperties {

  private static Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12),
        Arbitraries.strings().withCharRange('\u00a0', '\u2fff').ofMaxLength(6),
        Arbitraries.of("-", "\ud83d\ude00", "a b", "%", "\t"));
  }

  private static Arbitrary<Instant> instants() {
    return Arbitraries.longs()
        .between(-10_000_000_000L, 10_000_000_000L)
        .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
  }

  @Provide
  Arbitrary<VersionRecord> records() {
    Arbitrary<Long> size = Arbitraries.longs().between(0, 1L << 40);
    Arbitrary<ObjectLock> locks =
        Combinators.combine(
                Arbitraries.of(ObjectLock.RetentionMode.values()).injectNull(0.5), instants(),
                Arbitraries.of(true, false))
            .as((m, t, h) -> new ObjectLock(m, m == null ? null : t, h));
    Arbitrary<Map<String, String>> maps = Arbitraries.maps(text().filter(s -> !s.isEmpty()), text()).ofMaxSize(4);
    return Combinators.combine(
            text().filter(s -> !s.isEmpty()).injectNull(0.3),
            Arbitraries.longs().between(1, Long.MAX_VALUE),
            instants(),
            size,
            Arbitraries.longs().between(1, 1000).list().ofMaxSize(4),
            maps,
            maps,
            locks)
        .as(
            (id, seq, mod, sz, parts, meta, tags, lock) -> {
              long total = parts.isEmpty() ? sz : parts.stream().mapToLong(Long::longValue).sum();
              return new VersionRecord(
                  id, seq, "0123456789abcdef", mod, false, total, total == 0 ? null : "61@d01-ab", parts,
                  meta, tags, lock, Map.of("X-Minio-Internal-Server-Side-Encryption-Iv", id == null ? "" : id));
            });
  }

  @Property(tries = 300)
  void versionRecord_encodeDecode_roundTrips(@ForAll("records") VersionRecord r) {
    assertEquals(r, VersionRecord.decode(r.encode(), "test"));
  }

  @Provide
  Arbitrary<JobCheckpoint> checkpoints() {
    Arbitrary<ObjectRef> refs =
        Combinators.combine(
                Arbitraries.of("bucket", "b-2"), text().filter(s -> !s.isEmpty()),
                text().filter(s -> !s.isEmpty()).injectNull(0.4))
            .as(ObjectRef::new);
    return Combinators.combine(
            text().filter(s -> !s.isEmpty() && s.chars().noneMatch(c -> c < 0x20)),
            refs.injectNull(0.3),
            Arbitraries.maps(
                    text().filter(s -> !s.isEmpty() && s.chars().noneMatch(c -> c < 0x20)),
                    Arbitraries.longs().between(0, Long.MAX_VALUE))
                .ofMaxSize(5),
            Arbitraries.of(JobCheckpoint.Status.values()),
            instants(),
            Arbitraries.longs().between(0, 1_000_000))
        .as(
            (id, done, counters, status, start, secs) ->
                new JobCheckpoint(id, "abc", done, counters, status, start, start.plusSeconds(secs)));
  }

  @Property(tries = 300)
  void checkpoint_encodeDecode_roundTrips(@ForAll("checkpoints") JobCheckpoint c) {
    assertEquals(c, CheckpointCodec.decode(CheckpointCodec.encode(c), "test"));
  }

  @Property(tries = 1)
  void versionRecord_deleteMarkerAndAbsentFields_roundTrip() {
    VersionRecord dm =
        new VersionRecord(
            "v", 7, "ff", Instant.EPOCH, true, 0, null, List.of(), Map.of(), Map.of(), ObjectLock.none(),
            Map.of());
    assertEquals(dm, VersionRecord.decode(dm.encode(), "dm"));
  }
}
