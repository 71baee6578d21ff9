package io.keyrotate.policy;

import static io.keyrotate.policy.Fixtures.NOW;
import static io.keyrotate.policy.Fixtures.TARGET;
import static io.keyrotate.policy.Fixtures.job;
import static io.keyrotate.policy.Fixtures.version;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.JobDefinitionException;
import io.keyrotate.KmsException;
import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectVersion;
import io.keyrotate.job.Encryption;
import io.keyrotate.job.Filter;
import io.keyrotate.job.KeyRotateJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per line of the decision table and per filter rule (with their boundaries). Each row names
 * the case, builds a version, a job and a context, and states the expected reason code (which fixes the
 * action).
 */
class RotationPolicyTest {
  private static final Duration DAY = Duration.ofDays(1);
  private static final CurrentVersionCheck CURRENT = (k, c) -> true;
  private static final CurrentVersionCheck NOT_CURRENT = (k, c) -> false;
  private static final CurrentVersionCheck THROWS =
      (k, c) -> {
        throw new KmsException("kms unreachable", null, true);
      };

  record Row(String name, ObjectVersion version, KeyRotateJob job, PolicyContext ctx, Reason expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<Row> ROWS = new ArrayList<>();

  private static void row(String name, Fixtures.V v, Filter.Builder f, Reason expected) {
    row(name, v, job(f), PolicyContext.of(NOW, TARGET), expected);
  }

  private static void row(
      String name, Fixtures.V v, Filter.Builder f, CurrentVersionCheck check, Reason expected) {
    row(name, v, job(f), PolicyContext.of(NOW, TARGET, check), expected);
  }

  private static void row(
      String name, Fixtures.V v, KeyRotateJob job, PolicyContext ctx, Reason expected) {
    ROWS.add(new Row(name, v.build(), job, ctx, expected));
  }

  private static Filter.Builder none() {
    return Filter.builder();
  }

  static {
    decisionTable();
    scope();
    timeFilters();
    tagFilter();
    metadataFilter();
    kmsKeyFilter();
    plaintextOnlyFilter();
    combinations();
  }

  private static void decisionTable() {
    row("plaintext is encrypted", version(), none(), ChangeReason.PLAINTEXT);
    row("SSE-S3 under another key is converted", version().sseS3("old"), none(), ChangeReason.SSE_S3);
    row("SSE-S3 under the target key is still converted", version().sseS3(TARGET), none(),
        ChangeReason.SSE_S3);
    row("SSE-KMS under another key is rewrapped", version().sseKms("old"), none(),
        ChangeReason.OTHER_KEY);
    row("SSE-KMS under another key is rewrapped without asking the KMS", version().sseKms("old"),
        none(), CURRENT, ChangeReason.OTHER_KEY);
    row("SSE-KMS under the target key, KMS cannot tell: rewrapped", version().sseKms(TARGET), none(),
        ChangeReason.KEY_VERSION_UNKNOWN);
    row("SSE-KMS under the target key, current wrap: already current", version().sseKms(TARGET),
        none(), CURRENT, SkipReason.ALREADY_CURRENT);
    row("SSE-KMS under the target key, older wrap: rewrapped", version().sseKms(TARGET), none(),
        NOT_CURRENT, ChangeReason.OLD_KEY_VERSION);
    row("SSE-KMS under the target key, check throws: rewrapped", version().sseKms(TARGET), none(),
        THROWS, ChangeReason.KEY_VERSION_CHECK_FAILED);
    row("SSE-KMS stored as k, target arn:aws:kms:k, current: already current",
        version().sseKms("k"), job(none()), PolicyContext.of(NOW, "arn:aws:kms:k", CURRENT),
        SkipReason.ALREADY_CURRENT);
    row("SSE-KMS stored as arn:aws:kms:k, target k, current: already current",
        version().sseKms("arn:aws:kms:k"), job(none()), PolicyContext.of(NOW, "k", CURRENT),
        SkipReason.ALREADY_CURRENT);
    row("SSE-KMS under the target key with another context: rewrapped even if current",
        version().sseKms(TARGET, Map.of("dept", "a")), none(), CURRENT,
        ChangeReason.CONTEXT_DIFFERS);
    row("SSE-KMS under the target key, job context in another order: already current",
        version().sseKms(TARGET, ordered("a", "1", "b", "2")),
        KeyRotateJob.builder().bucket(Fixtures.BUCKET)
            .encryption(Encryption.of(null, ordered("b", "2", "a", "1"))).build(),
        PolicyContext.of(NOW, TARGET, CURRENT), SkipReason.ALREADY_CURRENT);
    row("SSE-KMS under the target key, no context but the job has one: rewrapped",
        version().sseKms(TARGET),
        KeyRotateJob.builder().bucket(Fixtures.BUCKET)
            .encryption(Encryption.of(null, Map.of("a", "1"))).build(),
        PolicyContext.of(NOW, TARGET, CURRENT), ChangeReason.CONTEXT_DIFFERS);
    row("SSE-C is skipped", version().sseC(), none(), SkipReason.SSE_C_UNSUPPORTED);
    row("SSE-C under legal hold is skipped as SSE-C", version().sseC().legalHold(), none(),
        SkipReason.SSE_C_UNSUPPORTED);
    row("damaged SSE-KMS metadata fails", version().internal(Fixtures.damaged()), none(),
        FailReason.INVALID_ENCRYPTION_METADATA);
    row("unknown encryption type fails", version().internal(Fixtures.unknownType()), none(),
        FailReason.INVALID_ENCRYPTION_METADATA);
    row("damaged metadata under legal hold still fails",
        version().internal(Fixtures.damaged()).legalHold(), none(),
        FailReason.INVALID_ENCRYPTION_METADATA);
    row("plaintext under retention is skipped", version().retainUntil(NOW.plus(DAY)), none(),
        SkipReason.LOCKED_PLAINTEXT);
    row("plaintext under legal hold without retention is skipped", version().legalHold(), none(),
        SkipReason.LOCKED_PLAINTEXT);
    row("plaintext under legal hold with retention ended is skipped",
        version().retainUntil(NOW.minus(DAY)).legalHold(), none(), SkipReason.LOCKED_PLAINTEXT);
    row("locked plaintext with forceEncryptLocked is still skipped",
        version().retainUntil(NOW.plus(DAY)), none().forceEncryptLocked(true),
        SkipReason.LOCKED_PLAINTEXT);
    row("plaintext whose retention ends exactly now is encrypted", version().retainUntil(NOW),
        none(), ChangeReason.PLAINTEXT);
    row("plaintext whose retention ends 1ns after now is skipped",
        version().retainUntil(NOW.plusNanos(1)), none(), SkipReason.LOCKED_PLAINTEXT);
    row("plaintext whose retention ended is encrypted", version().retainUntil(NOW.minus(DAY)),
        none(), ChangeReason.PLAINTEXT);
    row("GOVERNANCE retention also locks",
        version().lock(new ObjectLock(ObjectLock.RetentionMode.GOVERNANCE, NOW.plus(DAY), false)),
        none(), SkipReason.LOCKED_PLAINTEXT);
    row("SSE-KMS under retention is skipped", version().sseKms("old").retainUntil(NOW.plus(DAY)),
        none(), SkipReason.LOCKED);
    row("SSE-S3 under legal hold is skipped", version().sseS3("old").legalHold(), none(),
        SkipReason.LOCKED);
    row("SSE-KMS under retention with forceEncryptLocked is rewrapped",
        version().sseKms("old").retainUntil(NOW.plus(DAY)), none().forceEncryptLocked(true),
        ChangeReason.OTHER_KEY);
    row("SSE-S3 under legal hold with forceEncryptLocked is converted",
        version().sseS3("old").legalHold(), none().forceEncryptLocked(true), ChangeReason.SSE_S3);
    row("locked current SSE-KMS with forceEncryptLocked is already current",
        version().sseKms(TARGET).legalHold(), none().forceEncryptLocked(true), CURRENT,
        SkipReason.ALREADY_CURRENT);
    row("SSE-KMS whose retention ends exactly now is rewrapped",
        version().sseKms("old").retainUntil(NOW), none(), ChangeReason.OTHER_KEY);
    row("legacy SSE-S3 without key id fails", version().sseS3(null), none(),
        FailReason.NO_KMS_KEY_ID);
    row("legacy SSE-KMS without key id fails", version().sseKms(null), none(),
        FailReason.NO_KMS_KEY_ID);
    row("locked legacy SSE-KMS is skipped as locked", version().sseKms(null).legalHold(), none(),
        SkipReason.LOCKED);
  }

  private static void scope() {
    row("delete marker is skipped", version().deleteMarker(), none(), SkipReason.DELETE_MARKER);
    row("delete marker is skipped even when a filter would reject it",
        version().deleteMarker(), none().plaintextOnly(true).tag("env", "prod"),
        SkipReason.DELETE_MARKER);
    row("version in another bucket is not selected", version().bucket("other"), none(),
        FilterCategory.BUCKET);
    row("key outside the prefix is not selected", version().key("docs/a.txt"),
        jobWithPrefixes("photos/"), PolicyContext.of(NOW, TARGET), FilterCategory.PREFIX);
    row("key under the second prefix is selected", version().key("docs/a.txt"),
        jobWithPrefixes("photos/", "docs/"), PolicyContext.of(NOW, TARGET), ChangeReason.PLAINTEXT);
    row("prefix compares case-sensitively", version().key("Photos/a.png"),
        jobWithPrefixes("photos/"), PolicyContext.of(NOW, TARGET), FilterCategory.PREFIX);
    row("delete marker outside the prefix is not selected",
        version().key("docs/a.txt").deleteMarker(), jobWithPrefixes("photos/"),
        PolicyContext.of(NOW, TARGET), FilterCategory.PREFIX);
  }

  private static void timeFilters() {
    Duration d = Duration.ofDays(7);
    row("newerThan: age below the bound is selected", version().modTime(NOW.minus(d).plusMillis(1)),
        none().newerThan(d), ChangeReason.PLAINTEXT);
    row("newerThan: age exactly the bound is not selected", version().modTime(NOW.minus(d)),
        none().newerThan(d), FilterCategory.NEWER_THAN);
    row("newerThan: age above the bound is not selected", version().modTime(NOW.minus(d).minusMillis(1)),
        none().newerThan(d), FilterCategory.NEWER_THAN);
    row("newerThan: modTime in the future is selected", version().modTime(NOW.plus(DAY)),
        none().newerThan(d), ChangeReason.PLAINTEXT);
    row("olderThan: age exactly the bound is selected", version().modTime(NOW.minus(d)),
        none().olderThan(d), ChangeReason.PLAINTEXT);
    row("olderThan: age 1ms below the bound is not selected",
        version().modTime(NOW.minus(d).plusMillis(1)), none().olderThan(d),
        FilterCategory.OLDER_THAN);
    row("olderThan: modTime in the future is not selected", version().modTime(NOW.plus(DAY)),
        none().olderThan(Duration.ofMillis(1)), FilterCategory.OLDER_THAN);
    row("olderThan: modTime exactly now has age 0, not selected by 1ms", version().modTime(NOW),
        none().olderThan(Duration.ofMillis(1)), FilterCategory.OLDER_THAN);
    Instant x = Instant.parse("2026-03-01T00:00:00Z");
    row("createdAfter: modTime exactly at the bound is not selected", version().modTime(x),
        none().createdAfter(x), FilterCategory.CREATED_AFTER);
    row("createdAfter: modTime 1ns after the bound is selected", version().modTime(x.plusNanos(1)),
        none().createdAfter(x), ChangeReason.PLAINTEXT);
    row("createdAfter: modTime before the bound is not selected", version().modTime(x.minus(DAY)),
        none().createdAfter(x), FilterCategory.CREATED_AFTER);
    row("createdBefore: modTime exactly at the bound is not selected", version().modTime(x),
        none().createdBefore(x), FilterCategory.CREATED_BEFORE);
    row("createdBefore: modTime 1ns before the bound is selected",
        version().modTime(x.minusNanos(1)), none().createdBefore(x), ChangeReason.PLAINTEXT);
    row("createdBefore: modTime after the bound is not selected", version().modTime(x.plus(DAY)),
        none().createdBefore(x), FilterCategory.CREATED_BEFORE);
    row("createdAfter and createdBefore: inside the window is selected (not inverted)",
        version().modTime(x), none().createdAfter(x.minus(DAY)).createdBefore(x.plus(DAY)),
        ChangeReason.PLAINTEXT);
    row("newerThan and olderThan: inside the window is selected",
        version().modTime(NOW.minus(Duration.ofDays(3))),
        none().newerThan(Duration.ofDays(7)).olderThan(Duration.ofDays(1)), ChangeReason.PLAINTEXT);
  }

  private static void tagFilter() {
    row("tags: exact key and value is selected", version().tag("env", "prod"),
        none().tag("env", "prod"), ChangeReason.PLAINTEXT);
    row("tags: entry key in another case is selected", version().tag("env", "prod"),
        none().tag("ENV", "prod"), ChangeReason.PLAINTEXT);
    row("tags: stored key in another case is selected", version().tag("Env", "prod"),
        none().tag("env", "prod"), ChangeReason.PLAINTEXT);
    row("tags: non-ASCII key in another case is selected", version().tag("ÉTAT", "ok"),
        none().tag("état", "ok"), ChangeReason.PLAINTEXT);
    row("tags: value in another case is not selected", version().tag("env", "Prod"),
        none().tag("env", "prod"), FilterCategory.TAGS);
    row("tags: wildcard value is selected", version().tag("name", "pickle"),
        none().tag("name", "pick*"), ChangeReason.PLAINTEXT);
    row("tags: version without tags is not selected", version(), none().tag("env", "*"),
        FilterCategory.TAGS);
    row("tags: empty value matches the empty pattern", version().tag("env", ""),
        none().tag("env", ""), ChangeReason.PLAINTEXT);
    row("tags: empty value matches *", version().tag("env", ""), none().tag("env", "*"),
        ChangeReason.PLAINTEXT);
    row("tags: empty value does not match ?", version().tag("env", ""), none().tag("env", "?"),
        FilterCategory.TAGS);
    row("tags: non-empty value does not match the empty pattern", version().tag("env", "x"),
        none().tag("env", ""), FilterCategory.TAGS);
    row("tags: entries are ORed", version().tag("team", "blue"),
        none().tag("env", "prod").tag("team", "b*"), ChangeReason.PLAINTEXT);
    row("tags: key and value must match in the same tag",
        version().tag("env", "dev").tag("team", "prod"), none().tag("env", "prod"),
        FilterCategory.TAGS);
    row("tags: ? matches one code point", version().tag("mood", "😀"), none().tag("mood", "?"),
        ChangeReason.PLAINTEXT);
  }

  private static void metadataFilter() {
    row("metadata: content header, entry key in lower case", version().meta("Content-Type",
        "image/png"), none().metadata("content-type", "image/*"), ChangeReason.PLAINTEXT);
    row("metadata: bare entry key matches stored x-amz-meta- key",
        version().meta("X-Amz-Meta-Owner", "alice"), none().metadata("owner", "alice"),
        ChangeReason.PLAINTEXT);
    row("metadata: prefixed entry key matches the stored key",
        version().meta("x-amz-meta-owner", "alice"), none().metadata("x-amz-meta-owner", "alice"),
        ChangeReason.PLAINTEXT);
    row("metadata: prefixed entry key in upper case matches",
        version().meta("x-amz-meta-owner", "alice"), none().metadata("X-AMZ-META-OWNER", "alice"),
        ChangeReason.PLAINTEXT);
    row("metadata: prefixed entry key does not match a bare stored key",
        version().meta("owner", "alice"), none().metadata("x-amz-meta-owner", "alice"),
        FilterCategory.METADATA);
    row("metadata: a prefixed entry key is not prefixed a second time",
        version().meta("x-amz-meta-x-amz-meta-owner", "alice"),
        none().metadata("x-amz-meta-owner", "alice"), FilterCategory.METADATA);
    row("metadata: a bare stored key that is not a standard header is not matched",
        version().meta("owner", "alice"), none().metadata("owner", "alice"),
        FilterCategory.METADATA);
    row("metadata: x-amz-meta-content-type does not match the Content-Type header",
        version().meta("Content-Type", "text/plain"),
        none().metadata("x-amz-meta-content-type", "*"), FilterCategory.METADATA);
    row("metadata: bare content-type also matches user metadata x-amz-meta-content-type",
        version().meta("X-Amz-Meta-Content-Type", "text/plain"),
        none().metadata("content-type", "text/*"), ChangeReason.PLAINTEXT);
    row("metadata: value compares case-sensitively", version().meta("Content-Type", "Image/png"),
        none().metadata("content-type", "image/*"), FilterCategory.METADATA);
    row("metadata: non-standard header is not matched", version().meta("Content-Length", "10"),
        none().metadata("content-length", "*"), FilterCategory.METADATA);
    row("metadata: every standard header is matched", version().meta("X-Amz-Object-Lock-Mode",
        "COMPLIANCE"), none().metadata("x-amz-object-lock-mode", "COMPLIANCE"),
        ChangeReason.PLAINTEXT);
    row("metadata: tags do not count as metadata", version().tag("owner", "alice"),
        none().metadata("owner", "alice"), FilterCategory.METADATA);
    row("metadata: entries are ORed", version().meta("Cache-Control", "no-cache"),
        none().metadata("content-type", "image/*").metadata("cache-control", "no-*"),
        ChangeReason.PLAINTEXT);
    row("metadata: empty stored value matches the empty pattern",
        version().meta("x-amz-meta-note", ""), none().metadata("note", ""), ChangeReason.PLAINTEXT);
  }

  private static void kmsKeyFilter() {
    row("kmskey: same key id is selected", version().sseKms("old"), none().kmsKey("old"),
        ChangeReason.OTHER_KEY);
    row("kmskey: arn prefix on the filter is ignored", version().sseKms("old"),
        none().kmsKey("arn:aws:kms:old"), ChangeReason.OTHER_KEY);
    row("kmskey: arn prefix on the stored id is ignored", version().sseKms("arn:aws:kms:old"),
        none().kmsKey("old"), ChangeReason.OTHER_KEY);
    row("kmskey: arn prefix on both sides", version().sseKms("arn:aws:kms:old"),
        none().kmsKey("arn:aws:kms:old"), ChangeReason.OTHER_KEY);
    row("kmskey: other key id is not selected", version().sseKms("other"), none().kmsKey("old"),
        FilterCategory.KMS_KEY);
    row("kmskey: key ids compare case-sensitively", version().sseKms("Old"), none().kmsKey("old"),
        FilterCategory.KMS_KEY);
    row("kmskey: SSE-S3 under that key is not selected", version().sseS3("old"),
        none().kmsKey("old"), FilterCategory.KMS_KEY);
    row("kmskey: plaintext is not selected", version(), none().kmsKey("old"),
        FilterCategory.KMS_KEY);
    row("kmskey: SSE-C is not selected", version().sseC(), none().kmsKey("old"),
        FilterCategory.KMS_KEY);
    row("kmskey: damaged metadata is not selected", version().internal(Fixtures.damaged()),
        none().kmsKey("k1"), FilterCategory.KMS_KEY);
    row("kmskey: legacy SSE-KMS without key id is not selected", version().sseKms(null),
        none().kmsKey("old"), FilterCategory.KMS_KEY);
    row("kmskey: a bare arn prefix matches only an empty stored key id", version().sseKms(""),
        none().kmsKey("arn:aws:kms:"), ChangeReason.OTHER_KEY);
    row("kmskey: a bare arn prefix does not match a named key", version().sseKms("old"),
        none().kmsKey("arn:aws:kms:"), FilterCategory.KMS_KEY);
    row("kmskey: the target key itself, current: already current", version().sseKms(TARGET),
        none().kmsKey(TARGET), CURRENT, SkipReason.ALREADY_CURRENT);
  }

  private static void plaintextOnlyFilter() {
    row("plaintextOnly: plaintext is encrypted", version(), none().plaintextOnly(true),
        ChangeReason.PLAINTEXT);
    row("plaintextOnly: SSE-S3 is not selected", version().sseS3("old"),
        none().plaintextOnly(true), FilterCategory.PLAINTEXT_ONLY);
    row("plaintextOnly: SSE-KMS is not selected", version().sseKms("old"),
        none().plaintextOnly(true), FilterCategory.PLAINTEXT_ONLY);
    row("plaintextOnly: SSE-C is not selected", version().sseC(), none().plaintextOnly(true),
        FilterCategory.PLAINTEXT_ONLY);
    row("plaintextOnly: damaged metadata is not selected", version().internal(Fixtures.damaged()),
        none().plaintextOnly(true), FilterCategory.PLAINTEXT_ONLY);
    row("plaintextOnly: unknown encryption type is not selected",
        version().internal(Fixtures.unknownType()), none().plaintextOnly(true),
        FilterCategory.PLAINTEXT_ONLY);
    row("plaintextOnly: legacy SSE-S3 is not selected", version().sseS3(null),
        none().plaintextOnly(true), FilterCategory.PLAINTEXT_ONLY);
    row("plaintextOnly: locked plaintext is skipped", version().legalHold(),
        none().plaintextOnly(true), SkipReason.LOCKED_PLAINTEXT);
    row("plaintextOnly: false selects encrypted versions too", version().sseKms("old"),
        none().plaintextOnly(false), ChangeReason.OTHER_KEY);
  }

  private static void combinations() {
    row("first failing category is reported (newerThan before tags)",
        version().modTime(NOW.minus(Duration.ofDays(30))),
        none().newerThan(Duration.ofDays(7)).tag("env", "prod"), FilterCategory.NEWER_THAN);
    row("first failing category is reported (tags before kmskey)", version(),
        none().tag("env", "prod").kmsKey("old"), FilterCategory.TAGS);
    row("categories are ANDed: tags match, metadata does not", version().tag("env", "prod"),
        none().tag("env", "prod").metadata("owner", "alice"), FilterCategory.METADATA);
    row("categories are ANDed: tags, metadata and kmskey all match",
        version().sseKms("old").tag("env", "prod").meta("x-amz-meta-owner", "alice"),
        none().tag("env", "prod").metadata("owner", "alice").kmsKey("old"),
        ChangeReason.OTHER_KEY);
    row("kmskey and plaintextOnly together select nothing (kmskey reported)", version(),
        none().kmsKey("old").plaintextOnly(true), FilterCategory.KMS_KEY);
  }

  private static KeyRotateJob jobWithPrefixes(String... prefixes) {
    return KeyRotateJob.builder().bucket(Fixtures.BUCKET).prefixes(List.of(prefixes)).build();
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static Stream<Row> rows() {
    return ROWS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decide_tableRow_givesTheExpectedReason(Row row) {
    Decision d = RotationPolicy.decide(row.version, row.job, row.ctx);
    assertEquals(row.expected, d.reason(), () -> row.name + " → " + d);
    assertEquals(row.expected.action(), d.action());
    assertFalse(d.detail().isBlank());
  }

  @Test
  void rows_coverEveryReasonCode() {
    List<Reason> all = new ArrayList<>();
    all.addAll(List.of(ChangeReason.values()));
    all.addAll(List.of(SkipReason.values()));
    all.addAll(List.of(FilterCategory.values()));
    all.addAll(List.of(FailReason.values()));
    for (Reason r : all) {
      assertTrue(ROWS.stream().anyMatch(row -> row.expected == r), "no row for " + r);
    }
  }

  @Test
  void decide_currentCheck_receivesStoredKeyIdAndDecodedCiphertextOnce() {
    AtomicInteger calls = new AtomicInteger();
    List<String> keys = new ArrayList<>();
    List<byte[]> ciphertexts = new ArrayList<>();
    CurrentVersionCheck spy =
        (keyId, ct) -> {
          calls.incrementAndGet();
          keys.add(keyId);
          ciphertexts.add(ct);
          return true;
        };
    Decision d =
        RotationPolicy.decide(
            version().sseKms("arn:aws:kms:" + TARGET).build(),
            job(Filter.none()),
            PolicyContext.of(NOW, TARGET, spy));
    assertInstanceOf(Decision.Skip.class, d);
    assertEquals(1, calls.get());
    assertEquals(List.of("arn:aws:kms:" + TARGET), keys);
    assertArrayEquals(Base64.getDecoder().decode(Fixtures.KMS_CIPHERTEXT), ciphertexts.get(0));
  }

  @Test
  void decide_checkNotNeeded_isNeverCalled() {
    CurrentVersionCheck fails =
        (k, c) -> {
          throw new AssertionError("must not be called");
        };
    PolicyContext ctx = PolicyContext.of(NOW, TARGET, fails);
    for (Fixtures.V v :
        List.of(version(), version().sseS3(TARGET), version().sseKms("old"), version().sseC(),
            version().sseKms(TARGET).legalHold(), version().sseKms(TARGET).deleteMarker())) {
      RotationPolicy.decide(v.build(), job(Filter.none()), ctx);
    }
  }

  @Test
  void decide_checkThrowsCheckedException_isCaught() {
    CurrentVersionCheck sneaky = (k, c) -> RotationPolicyTest.<RuntimeException>sneakyThrow(
        new java.io.IOException("socket closed"));
    Decision d =
        RotationPolicy.decide(
            version().sseKms(TARGET).build(), job(Filter.none()),
            PolicyContext.of(NOW, TARGET, sneaky));
    assertEquals(ChangeReason.KEY_VERSION_CHECK_FAILED, d.reason());
    assertTrue(d.detail().contains("IOException"), d.detail());
    assertFalse(d.detail().contains("socket closed"), d.detail());
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> boolean sneakyThrow(Exception e) throws E {
    throw (E) e;
  }

  @Test
  void detail_neverContainsTagOrMetadataValuesOrCiphertext() {
    Fixtures.V v =
        version().sseKms("old").tag("secret-tag", "tag-value-xyz").meta("x-amz-meta-n", "meta-value-xyz");
    for (Filter.Builder f :
        List.of(none().tag("env", "p*"), none().metadata("owner", "a*"), none().kmsKey("k2"),
            none().plaintextOnly(true), none())) {
      Decision d = RotationPolicy.decide(v.build(), job(f), PolicyContext.of(NOW, TARGET));
      assertFalse(d.detail().contains("value-xyz"), d.detail());
      assertFalse(d.detail().contains(Fixtures.KMS_CIPHERTEXT), d.detail());
    }
  }

  @Test
  void detail_namesTheRuleAndTheValues() {
    Decision d =
        RotationPolicy.decide(
            version().modTime(NOW.minus(Duration.ofDays(8))).build(),
            job(none().newerThan(Duration.ofDays(7))), PolicyContext.of(NOW, TARGET));
    assertEquals("age 1w1d is not less than newerThan 1w", d.detail());
    d =
        RotationPolicy.decide(
            version().sseKms("old").legalHold().build(), job(none()), PolicyContext.of(NOW, TARGET));
    assertEquals("SSE-KMS under key 'old' under legal hold and forceEncryptLocked is false", d.detail());
    d = RotationPolicy.decide(version().build(), job(none()), PolicyContext.of(NOW, TARGET));
    assertEquals("plaintext: encrypt as SSE-KMS under key 'target-key'", d.detail());
  }

  @Test
  void versionFilters_subMillisecondBound_neverThrowsWhenDescribing() {
    ObjectVersion v = version().modTime(NOW.minusSeconds(10)).build();
    Decision.NotSelected n = VersionFilters.newerThan(Duration.ofNanos(1500)).test(v, NOW);
    assertEquals("age 10s is not less than newerThan PT0.0000015S", n.detail());
    n = VersionFilters.olderThan(Duration.ofDays(1)).test(version().modTime(NOW.plusNanos(5)).build(), NOW);
    assertEquals("age PT-0.000000005S is less than olderThan 1d", n.detail());
  }

  @Test
  void versionFilters_emptyEntryListOrNonPositiveBound_isAProgrammerError() {
    assertThrows(IllegalArgumentException.class, () -> VersionFilters.tags(List.of()));
    assertThrows(IllegalArgumentException.class, () -> VersionFilters.metadata(List.of()));
    assertThrows(IllegalArgumentException.class, () -> VersionFilters.newerThan(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> VersionFilters.olderThan(Duration.ofSeconds(-1)));
  }

  @Test
  void versionFilters_and_evaluatesTheSecondOnlyWhenTheFirstPasses() {
    AtomicInteger calls = new AtomicInteger();
    VersionFilter counting = (v, now) -> {
      calls.incrementAndGet();
      return null;
    };
    ObjectVersion plain = version().build();
    assertEquals(FilterCategory.PLAINTEXT_ONLY,
        VersionFilters.plaintextOnly().and(counting).test(version().sseC().build(), NOW).filter());
    assertEquals(0, calls.get());
    assertEquals(null, VersionFilters.plaintextOnly().and(counting).test(plain, NOW));
    assertEquals(1, calls.get());
    assertEquals(null, VersionFilters.all().test(plain, NOW));
    assertEquals(null, VersionFilters.of(Filter.none()).test(plain, NOW));
  }

  @Test
  void versionFilters_forJob_includesScopeButNotDeleteMarkers() {
    KeyRotateJob j = jobWithPrefixes("photos/");
    assertEquals(FilterCategory.PREFIX,
        VersionFilters.forJob(j).test(version().key("docs/x").build(), NOW).filter());
    assertEquals(FilterCategory.BUCKET,
        VersionFilters.forJob(j).test(version().bucket("zzz").build(), NOW).filter());
    assertEquals(null, VersionFilters.forJob(j).test(version().deleteMarker().build(), NOW));
  }

  @Test
  void decide_staticAndCompiled_agree() {
    KeyRotateJob j = job(none().tag("env", "p*"));
    RotationPolicy p = RotationPolicy.of(j);
    assertEquals(j, p.job());
    for (Fixtures.V v : List.of(version(), version().tag("env", "prod"), version().sseC())) {
      ObjectVersion ov = v.build();
      PolicyContext ctx = PolicyContext.of(NOW, TARGET);
      assertEquals(RotationPolicy.decide(ov, j, ctx), p.decide(ov, ctx));
    }
  }

  @Test
  void targetKeyId_noKeyGiven_isTheDefaultKey() {
    assertEquals("kms-default", RotationPolicy.targetKeyId(job(none()), "kms-default"));
  }

  @Test
  void targetKeyId_givenDefaultKeyWithArn_isAccepted() {
    KeyRotateJob j =
        KeyRotateJob.builder().bucket(Fixtures.BUCKET)
            .encryption(Encryption.of("arn:aws:kms:kms-default", Map.of())).build();
    assertEquals("kms-default", RotationPolicy.targetKeyId(j, "kms-default"));
  }

  @Test
  void targetKeyId_givenOtherKey_isAJobDefinitionErrorNamingTheField() {
    KeyRotateJob j =
        KeyRotateJob.builder().bucket(Fixtures.BUCKET)
            .encryption(Encryption.of("other", Map.of())).build();
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> RotationPolicy.targetKeyId(j, "kms-default"));
    assertTrue(e.getMessage().startsWith("keyrotate.encryption.key: 'other' is not the KMS default key"),
        e.getMessage());
  }

  @Test
  void policyContext_blankOrBareArnTarget_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> PolicyContext.of(NOW, " "));
    assertThrows(IllegalArgumentException.class, () -> PolicyContext.of(NOW, "arn:aws:kms:"));
    assertFalse(PolicyContext.of(NOW, "k").kmsCanTellCurrent());
    assertTrue(PolicyContext.of(NOW, "k", CURRENT).kmsCanTellCurrent());
  }

  @Test
  void rewrap_withNonRewrapReason_isRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new Decision.Rewrap(ChangeReason.PLAINTEXT, "x"));
    assertEquals(Decision.Action.REWRAP, new Decision.Rewrap(ChangeReason.OTHER_KEY, "x").action());
  }

  @Test
  void action_changesObject_onlyForEncryptConvertRewrap() {
    for (Decision.Action a : Decision.Action.values()) {
      boolean expected =
          a == Decision.Action.ENCRYPT || a == Decision.Action.CONVERT || a == Decision.Action.REWRAP;
      assertEquals(expected, a.changesObject(), a.name());
    }
  }

  @Test
  void reasonCodes_areStable() {
    // Reports and alerts key on these names: renaming one is a breaking change.
    assertEquals(
        List.of("PLAINTEXT", "SSE_S3", "OTHER_KEY", "CONTEXT_DIFFERS", "OLD_KEY_VERSION",
            "KEY_VERSION_UNKNOWN", "KEY_VERSION_CHECK_FAILED"),
        Stream.of(ChangeReason.values()).map(Enum::name).toList());
    assertEquals(
        List.of("DELETE_MARKER", "SSE_C_UNSUPPORTED", "LOCKED_PLAINTEXT", "LOCKED", "ALREADY_CURRENT"),
        Stream.of(SkipReason.values()).map(Enum::name).toList());
    assertEquals(
        List.of("INVALID_ENCRYPTION_METADATA", "NO_KMS_KEY_ID"),
        Stream.of(FailReason.values()).map(Enum::name).toList());
    assertEquals(
        List.of("bucket", "prefix", "newerThan", "olderThan", "createdAfter", "createdBefore", "tags",
            "metadata", "kmskey", "plaintextOnly"),
        Stream.of(FilterCategory.values()).map(FilterCategory::field).toList());
  }
}
