package io.keyrotate.policy;

import static io.keyrotate.policy.Fixtures.NOW;
import static io.keyrotate.policy.Fixtures.TARGET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.EncryptionState;
import io.keyrotate.JobDefinitionException;
import io.keyrotate.KmsException;
import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectVersion;
import io.keyrotate.job.Encryption;
import io.keyrotate.job.Filter;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.KeyValueFilter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * Laws of the policy over generated versions, filters, jobs and contexts: totality, the AND/OR laws of
 * selection, and the safety guarantees of the decision table.
 */
class RotationPolicyProperties {
  private static final Duration DAY = Duration.ofDays(1);

  // ---- generators ------------------------------------------------------------------------------

  /** One filter category with a value, applied to a builder. */
  record Part(FilterCategory category, Consumer<Filter.Builder> apply, String text) {
    @Override
    public String toString() {
      return category.field() + "=" + text;
    }
  }

  /** A job under test: filter parts, prefixes, context and forceEncryptLocked. */
  record JobSpec(List<Part> parts, List<String> prefixes, Map<String, String> context, boolean force) {
    @Nullable KeyRotateJob build() {
      Filter.Builder f = Filter.builder().forceEncryptLocked(force);
      try {
        parts.forEach(p -> p.apply.accept(f));
        return KeyRotateJob.builder()
            .bucket(Fixtures.BUCKET)
            .prefixes(prefixes)
            .encryption(Encryption.of(null, context))
            .filter(f.build())
            .build();
      } catch (JobDefinitionException e) {
        return null; // e.g. newerThan ≤ olderThan: not a job anyone can run
      }
    }

    JobSpec with(List<Part> newParts) {
      return new JobSpec(newParts, prefixes, context, force);
    }
  }

  private static Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.of("", "prod", "Prod", "pickle", "image/png", "alice", "😀", "é"),
        Arbitraries.strings().all().ofMaxLength(5));
  }

  private static Arbitrary<String> patterns() {
    return Arbitraries.oneOf(
        Arbitraries.of("*", "", "?", "prod", "p*", "?rod", "Prod", "pick*", "image/*", "alice", "?lice",
            "😀", "*e*"),
        Arbitraries.strings().all().ofMaxLength(4));
  }

  private static Arbitrary<Instant> instants() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(-40L * 86_400_000, 5L * 86_400_000).map(NOW::plusMillis),
        Arbitraries.of(NOW, NOW.minus(DAY), NOW.minus(Duration.ofDays(7)), NOW.plusNanos(1),
            NOW.minusNanos(1)));
  }

  private static Arbitrary<Map<String, String>> internalMetadata() {
    Arbitrary<Map<String, String>> known =
        Arbitraries.of(
            Map.of(),
            Fixtures.sseS3("k1"),
            Fixtures.sseS3(TARGET),
            Fixtures.sseS3(null),
            Fixtures.sseKms("k1", Map.of()),
            Fixtures.sseKms("arn:aws:kms:k1", Map.of()),
            Fixtures.sseKms(TARGET, Map.of()),
            Fixtures.sseKms(TARGET, Map.of("a", "1")),
            Fixtures.sseKms(null, Map.of()),
            Fixtures.sseC(),
            Fixtures.damaged(),
            Fixtures.unknownType());
    Arbitrary<String> entry =
        Arbitraries.of(
            EncryptionState.SEAL_ALGORITHM, EncryptionState.IV, EncryptionState.S3_SEALED_KEY,
            EncryptionState.KMS_SEALED_KEY, EncryptionState.SSEC_SEALED_KEY, EncryptionState.KMS_KEY_ID,
            EncryptionState.KMS_DATA_KEY, EncryptionState.CONTEXT, EncryptionState.ENCRYPTED_MULTIPART,
            "X-Minio-Internal-actual-size");
    Arbitrary<String> entryValue =
        Arbitraries.oneOf(
            Arbitraries.of(Fixtures.b64(32), Fixtures.b64(64), Fixtures.b64(76), "",
                EncryptionState.DARE_V2_HMAC_SHA256, EncryptionState.DARE_SHA256, "k1", TARGET,
                Base64.getEncoder().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
                Encryption.encodeContext(Map.of("a", "1"))),
            Arbitraries.strings().all().ofMaxLength(12));
    Arbitrary<Map<String, String>> junk = Arbitraries.maps(entry, entryValue).ofMaxSize(8);
    return Arbitraries.frequencyOf(Tuple.of(3, known), Tuple.of(1, junk));
  }

  private static Arbitrary<ObjectLock> locks() {
    Arbitrary<Instant> until =
        Arbitraries.oneOf(instants(), Arbitraries.of(NOW, NOW.plus(DAY), NOW.minus(DAY)));
    return Combinators.combine(
            Arbitraries.of(ObjectLock.RetentionMode.class).injectNull(0.3),
            until.injectNull(0.4),
            Arbitraries.frequency(Tuple.of(1, true), Tuple.of(4, false)))
        .as(ObjectLock::new);
  }

  @Provide
  Arbitrary<ObjectVersion> versions() {
    Arbitrary<String> bucket = Arbitraries.frequency(Tuple.of(9, Fixtures.BUCKET), Tuple.of(1, "other"));
    Arbitrary<String> key = Arbitraries.of("photos/a.png", "docs/b.txt", "", "😀/x", "Photos/a");
    Arbitrary<Boolean> deleteMarker = Arbitraries.frequency(Tuple.of(1, true), Tuple.of(12, false));
    Arbitrary<Map<String, String>> meta =
        Arbitraries.maps(
                Arbitraries.of("Content-Type", "x-amz-meta-owner", "X-Amz-Meta-Note", "owner",
                    "Content-Length", "x-amz-meta-content-type", "Cache-Control"),
                values())
            .ofMaxSize(3);
    Arbitrary<Map<String, String>> tags =
        Arbitraries.maps(Arbitraries.of("env", "Env", "team", "name", "état"), values()).ofMaxSize(3);
    return Combinators.combine(
            bucket, key, deleteMarker, instants(), meta, tags, locks(), internalMetadata())
        .as(
            (b, k, dm, t, m, tg, l, i) ->
                new ObjectVersion(b, k, "v1", true, dm, 100, t, m, tg, l, 0, i));
  }

  private static Arbitrary<List<KeyValueFilter>> entries(Arbitrary<String> keys) {
    return Combinators.combine(keys, patterns()).as(KeyValueFilter::new).list().ofMinSize(1).ofMaxSize(3);
  }

  private static Arbitrary<String> tagKeys() {
    return Arbitraries.of("env", "ENV", "team", "name", "ÉTAT");
  }

  private static Arbitrary<String> metadataKeys() {
    return Arbitraries.of("content-type", "owner", "x-amz-meta-owner", "X-AMZ-META-NOTE", "note",
        "cache-control", "content-length", "x-amz-meta-content-type");
  }

  private static Arbitrary<Part> part(FilterCategory c) {
    Arbitrary<Duration> durations =
        Arbitraries.of(Duration.ofMillis(1), Duration.ofHours(1), DAY, Duration.ofDays(7),
            Duration.ofDays(30));
    Arbitrary<Instant> dates = instants();
    switch (c) {
      case NEWER_THAN:
        return durations.map(d -> new Part(c, f -> f.newerThan(d), d.toString()));
      case OLDER_THAN:
        return durations.map(d -> new Part(c, f -> f.olderThan(d), d.toString()));
      case CREATED_AFTER:
        return dates.map(t -> new Part(c, f -> f.createdAfter(t), t.toString()));
      case CREATED_BEFORE:
        return dates.map(t -> new Part(c, f -> f.createdBefore(t), t.toString()));
      case TAGS:
        return entries(tagKeys()).map(l -> new Part(c, f -> l.forEach(e -> f.tag(e.key(), e.value())), l.toString()));
      case METADATA:
        return entries(metadataKeys())
            .map(l -> new Part(c, f -> l.forEach(e -> f.metadata(e.key(), e.value())), l.toString()));
      case KMS_KEY:
        return Arbitraries.of("k1", "arn:aws:kms:k1", TARGET, "K1", "other", "arn:aws:kms:", " x")
            .map(k -> new Part(c, f -> f.kmsKey(k), k));
      case PLAINTEXT_ONLY:
        return Arbitraries.just(new Part(c, f -> f.plaintextOnly(true), "true"));
      default:
        throw new IllegalArgumentException(c + " is not a filter category");
    }
  }

  private static final List<FilterCategory> FILTER_CATEGORIES =
      List.of(FilterCategory.NEWER_THAN, FilterCategory.OLDER_THAN, FilterCategory.CREATED_AFTER,
          FilterCategory.CREATED_BEFORE, FilterCategory.TAGS, FilterCategory.METADATA,
          FilterCategory.KMS_KEY, FilterCategory.PLAINTEXT_ONLY);

  @Provide
  Arbitrary<List<Part>> parts() {
    List<Arbitrary<@Nullable Part>> each = new ArrayList<>();
    for (FilterCategory c : FILTER_CATEGORIES) {
      each.add(part(c).injectNull(0.7));
    }
    return Combinators.combine(each)
        .as(
            l -> {
              List<Part> out = new ArrayList<>();
              for (Part p : l) {
                if (p != null) {
                  out.add(p);
                }
              }
              return out;
            });
  }

  @Provide
  Arbitrary<Part> anyPart() {
    return Arbitraries.of(FILTER_CATEGORIES).flatMap(RotationPolicyProperties::part);
  }

  @Provide
  Arbitrary<JobSpec> jobs() {
    return Combinators.combine(
            parts(),
            Arbitraries.of(List.<String>of(), List.of(""), List.of("photos/"), List.of("docs/", "photos/")),
            Arbitraries.of(Map.<String, String>of(), Map.of("a", "1")),
            Arbitraries.of(true, false))
        .as(JobSpec::new);
  }

  @Provide
  Arbitrary<PolicyContext> contexts() {
    Arbitrary<@Nullable CurrentVersionCheck> checks =
        Arbitraries.of(
            (CurrentVersionCheck) (k, c) -> true,
            (k, c) -> false,
            (k, c) -> c.length % 2 == 0,
            (k, c) -> {
              throw new KmsException("down", null, true);
            },
            (k, c) -> {
              throw new IllegalStateException("bug in the KMS adapter");
            })
            .injectNull(0.3);
    return Combinators.combine(
            Arbitraries.of(TARGET, "k1", "arn:aws:kms:k1", "arn:aws:kms:" + TARGET), checks)
        .as((t, c) -> new PolicyContext(NOW, t, c));
  }

  private static boolean selected(ObjectVersion v, KeyRotateJob job, PolicyContext ctx) {
    return !(RotationPolicy.decide(v, job, ctx) instanceof Decision.NotSelected);
  }

  // ---- totality and purity ------------------------------------------------------------------------

  @Property(tries = 2000)
  void decide_anyInput_returnsAConsistentDecisionAndNeverThrows(
      @ForAll("versions") ObjectVersion v, @ForAll("jobs") JobSpec spec,
      @ForAll("contexts") PolicyContext ctx) {
    KeyRotateJob job = spec.build();
    Assume.that(job != null);
    Decision d = RotationPolicy.decide(v, job, ctx);
    assertNotNull(d);
    assertEquals(d.action(), d.reason().action(), d::toString);
    assertFalse(d.detail().isBlank(), d::toString);
    assertEquals(d, RotationPolicy.decide(v, job, ctx), "the same inputs give the same decision");
    assertEquals(d, RotationPolicy.of(job).decide(v, ctx));
  }

  @Property(tries = 500)
  void decide_arbitraryStringsEverywhere_neverThrows(
      @ForAll String bucket, @ForAll String key, @ForAll String metaKey, @ForAll String metaValue,
      @ForAll String tagKey, @ForAll String tagValue, @ForAll String pattern, @ForAll String kmsKey,
      @ForAll("contexts") PolicyContext ctx) {
    Assume.that(!tagKey.isEmpty() && !metaKey.isEmpty() && !kmsKey.isBlank());
    ObjectVersion v =
        new ObjectVersion(bucket, key, null, false, false, 0, NOW, Map.of(metaKey, metaValue),
            Map.of(tagKey, tagValue), ObjectLock.none(), 0, Map.of(EncryptionState.KMS_SEALED_KEY, metaValue));
    KeyRotateJob job =
        Fixtures.job(
            Filter.builder().tag(tagKey, pattern).metadata(metaKey, pattern).kmsKey(kmsKey).build());
    assertNotNull(RotationPolicy.decide(v, job, ctx));
    assertNotNull(RotationPolicy.decide(v, Fixtures.job(Filter.none()), ctx));
  }

  // ---- AND / OR laws -------------------------------------------------------------------------------

  @Property(tries = 1500)
  void addingAFilterCategory_neverSelectsMore(
      @ForAll("versions") ObjectVersion v, @ForAll("jobs") JobSpec spec, @ForAll("anyPart") Part extra,
      @ForAll("contexts") PolicyContext ctx) {
    List<Part> base = new ArrayList<>(spec.parts());
    base.removeIf(p -> p.category() == extra.category());
    List<Part> more = new ArrayList<>(base);
    more.add(extra);
    KeyRotateJob without = spec.with(base).build();
    KeyRotateJob with = spec.with(more).build();
    Assume.that(without != null && with != null);
    if (selected(v, with, ctx)) {
      assertTrue(selected(v, without, ctx), () -> "adding " + extra + " to " + base + " selected more");
    }
  }

  @Property(tries = 1500)
  void addingATagsEntry_neverSelectsFewer(
      @ForAll("versions") ObjectVersion v, @ForAll("jobs") JobSpec spec,
      @ForAll("tagEntries") List<KeyValueFilter> tags, @ForAll("tagEntry") KeyValueFilter extra,
      @ForAll("contexts") PolicyContext ctx) {
    orLaw(v, spec, FilterCategory.TAGS, tags, extra, ctx, Filter.Builder::tag);
  }

  @Property(tries = 1500)
  void addingAMetadataEntry_neverSelectsFewer(
      @ForAll("versions") ObjectVersion v, @ForAll("jobs") JobSpec spec,
      @ForAll("metadataEntries") List<KeyValueFilter> entries,
      @ForAll("metadataEntry") KeyValueFilter extra, @ForAll("contexts") PolicyContext ctx) {
    orLaw(v, spec, FilterCategory.METADATA, entries, extra, ctx, Filter.Builder::metadata);
  }

  interface Adder {
    Filter.Builder add(Filter.Builder b, String key, String value);
  }

  private static void orLaw(
      ObjectVersion v, JobSpec spec, FilterCategory category, List<KeyValueFilter> entries,
      KeyValueFilter extra, PolicyContext ctx, Adder adder) {
    List<Part> base = new ArrayList<>(spec.parts());
    base.removeIf(p -> p.category() == category);
    List<Part> fewer = new ArrayList<>(base);
    fewer.add(new Part(category, f -> entries.forEach(e -> adder.add(f, e.key(), e.value())), ""));
    List<Part> more = new ArrayList<>(base);
    more.add(
        new Part(category, f -> {
          entries.forEach(e -> adder.add(f, e.key(), e.value()));
          adder.add(f, extra.key(), extra.value());
        }, ""));
    KeyRotateJob small = spec.with(fewer).build();
    KeyRotateJob large = spec.with(more).build();
    Assume.that(small != null && large != null);
    if (selected(v, small, ctx)) {
      assertTrue(selected(v, large, ctx), () -> "adding " + extra + " to " + entries + " selected fewer");
    }
    // And the OR itself: the larger list selects exactly when the smaller one or the entry alone does.
    List<Part> alone = new ArrayList<>(base);
    alone.add(new Part(category, f -> adder.add(f, extra.key(), extra.value()), ""));
    KeyRotateJob single = spec.with(alone).build();
    Assume.that(single != null);
    assertEquals(selected(v, small, ctx) || selected(v, single, ctx), selected(v, large, ctx));
  }

  @Provide
  Arbitrary<List<KeyValueFilter>> tagEntries() {
    return entries(tagKeys());
  }

  @Provide
  Arbitrary<KeyValueFilter> tagEntry() {
    return Combinators.combine(tagKeys(), patterns()).as(KeyValueFilter::new);
  }

  @Provide
  Arbitrary<List<KeyValueFilter>> metadataEntries() {
    return entries(metadataKeys());
  }

  @Provide
  Arbitrary<KeyValueFilter> metadataEntry() {
    return Combinators.combine(metadataKeys(), patterns()).as(KeyValueFilter::new);
  }

  @Property(tries = 1500)
  void notSelected_reportsTheFirstCategoryThatRejectsOnItsOwn(
      @ForAll("versions") ObjectVersion v, @ForAll("jobs") JobSpec spec,
      @ForAll("contexts") PolicyContext ctx) {
    KeyRotateJob job = spec.build();
    Assume.that(job != null);
    Assume.that(v.bucket().equals(job.bucket()) && !v.deleteMarker());
    Assume.that(job.prefixes().isEmpty() || job.prefixes().stream().anyMatch(v.key()::startsWith));
    Map<FilterCategory, Boolean> passes = new EnumMap<>(FilterCategory.class);
    for (Part p : spec.parts()) {
      KeyRotateJob single = spec.with(List.of(p)).build();
      assertNotNull(single);
      passes.put(p.category(), selected(v, single, ctx));
    }
    FilterCategory firstFailing = null;
    for (FilterCategory c : FilterCategory.values()) {
      if (Boolean.FALSE.equals(passes.get(c))) {
        firstFailing = c;
        break;
      }
    }
    Decision d = RotationPolicy.decide(v, job, ctx);
    if (firstFailing == null) {
      assertFalse(d instanceof Decision.NotSelected, d::toString);
    } else {
      assertEquals(firstFailing, d.reason(), d::toString);
    }
  }

  // ---- safety ------------------------------------------------------------------------------------

  @Property(tries = 1500)
  void plaintextOnly_neverRewrapsOrConverts(
      @ForAll("versions") ObjectVersion v, @ForAll("jobs") JobSpec spec,
      @ForAll("contexts") PolicyContext ctx) {
    List<Part> parts = new ArrayList<>(spec.parts());
    parts.removeIf(p -> p.category() == FilterCategory.PLAINTEXT_ONLY);
    parts.add(new Part(FilterCategory.PLAINTEXT_ONLY, f -> f.plaintextOnly(true), "true"));
    KeyRotateJob job = spec.with(parts).build();
    Assume.that(job != null);
    Decision d = RotationPolicy.decide(v, job, ctx);
    assertFalse(d instanceof Decision.Rewrap || d instanceof Decision.Convert, d::toString);
    if (d instanceof Decision.Encrypt) {
      assertTrue(v.encryption() instanceof EncryptionState.Plaintext);
    }
  }

  @Property(tries = 1500)
  void lockedPlaintext_isNeverEncrypted(
      @ForAll("versions") ObjectVersion v, @ForAll("jobs") JobSpec spec,
      @ForAll("contexts") PolicyContext ctx) {
    KeyRotateJob job = spec.build();
    Assume.that(job != null);
    Decision d = RotationPolicy.decide(v, job, ctx);
    if (v.lock().isLockedAt(ctx.now()) && v.encryption() instanceof EncryptionState.Plaintext) {
      assertNotEquals(Decision.Action.ENCRYPT, d.action(), d::toString);
    }
  }

  @Property(tries = 1500)
  void lockedVersion_isChangedOnlyWithForceAndOnlyInItsKeyWrap(
      @ForAll("versions") ObjectVersion v, @ForAll("jobs") JobSpec spec,
      @ForAll("contexts") PolicyContext ctx) {
    KeyRotateJob job = spec.build();
    Assume.that(job != null);
    Decision d = RotationPolicy.decide(v, job, ctx);
    if (v.lock().isLockedAt(ctx.now()) && d.action().changesObject()) {
      assertTrue(job.filter().forceEncryptLocked(), d::toString);
      assertTrue(d instanceof Decision.Convert || d instanceof Decision.Rewrap, d::toString);
    }
  }

  @Property(tries = 1500)
  void invalidEncryptionMetadata_isNeverWritten(
      @ForAll("versions") ObjectVersion v, @ForAll("jobs") JobSpec spec,
      @ForAll("contexts") PolicyContext ctx) {
    KeyRotateJob job = spec.build();
    Assume.that(job != null);
    Decision d = RotationPolicy.decide(v, job, ctx);
    EncryptionState s = v.encryption();
    if (s instanceof EncryptionState.Unknown || s instanceof EncryptionState.SseC) {
      assertFalse(d.action().changesObject(), d::toString);
    }
  }

  @Property(tries = 1500)
  void alreadyCurrent_needsAPositiveAnswerFromTheKms(
      @ForAll("versions") ObjectVersion v, @ForAll("jobs") JobSpec spec,
      @ForAll("contexts") PolicyContext ctx) {
    KeyRotateJob job = spec.build();
    Assume.that(job != null);
    Decision d = RotationPolicy.decide(v, job, ctx);
    if (d.reason() == SkipReason.ALREADY_CURRENT) {
      CurrentVersionCheck check = ctx.currentVersionCheck();
      assertNotNull(check);
      EncryptionState.SseKms kms = (EncryptionState.SseKms) v.encryption();
      String keyId = kms.keyId();
      assertNotNull(keyId);
      assertTrue(KeyIds.same(keyId, ctx.targetKeyId()));
      byte[] ct = Base64.getDecoder().decode(v.internalMetadata().get(EncryptionState.KMS_DATA_KEY));
      assertTrue(check.isCurrent(keyId, ct));
    }
  }

  @Property(tries = 500)
  void deleteMarkerInScope_isAlwaysSkipped(
      @ForAll("versions") ObjectVersion v, @ForAll("jobs") JobSpec spec,
      @ForAll("contexts") PolicyContext ctx) {
    KeyRotateJob job = spec.build();
    Assume.that(job != null && v.deleteMarker() && v.bucket().equals(job.bucket()));
    Assume.that(job.prefixes().isEmpty() || job.prefixes().stream().anyMatch(v.key()::startsWith));
    assertEquals(SkipReason.DELETE_MARKER, RotationPolicy.decide(v, job, ctx).reason());
  }
}
