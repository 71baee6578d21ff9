package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectVersion;
import io.keyrotate.job.Filter;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.policy.ChangeReason;
import io.keyrotate.policy.Decision;
import io.keyrotate.policy.FailReason;
import io.keyrotate.policy.FilterCategory;
import io.keyrotate.policy.SkipReason;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PolicyDeciderTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  private static ObjectVersion version(Map<String, String> internal) {
    return new ObjectVersion("bucket", "k", null, true, false, 3, NOW.minusSeconds(60), Map.of(),
        Map.of(), ObjectLock.none(), 0, internal);
  }

  @Test
  void toPlan_everyDecisionKind_mapsActionAndReason() {
    assertEquals(new Plan(ObjectOutcome.Action.ENCRYPT, "PLAINTEXT", "d"),
        PolicyDecider.toPlan(new Decision.Encrypt("d")));
    assertEquals(new Plan(ObjectOutcome.Action.CONVERT, "SSE_S3", "d"),
        PolicyDecider.toPlan(new Decision.Convert("d")));
    assertEquals(new Plan(ObjectOutcome.Action.REWRAP, "OTHER_KEY", "d"),
        PolicyDecider.toPlan(new Decision.Rewrap(ChangeReason.OTHER_KEY, "d")));
    assertEquals(new Plan(ObjectOutcome.Action.SKIP, "LOCKED", "d"),
        PolicyDecider.toPlan(new Decision.Skip(SkipReason.LOCKED, "d")));
    assertEquals(new Plan(ObjectOutcome.Action.NOT_SELECTED, "kmskey", "d"),
        PolicyDecider.toPlan(new Decision.NotSelected(FilterCategory.KMS_KEY, "d")));
    assertEquals(new Plan(ObjectOutcome.Action.FAIL, "INVALID_ENCRYPTION_METADATA", "d"),
        PolicyDecider.toPlan(new Decision.Fail(FailReason.INVALID_ENCRYPTION_METADATA, "d")));
  }

  /** A KMS that knows key versions: every ciphertext it is asked about is current. */
  private static final class VersionedKms extends DelegatingKms {
    final AtomicInteger asked = new AtomicInteger();

    VersionedKms() {
      super(new FakeKms("key-new"));
    }

    @Override
    public KeyVersionState isCurrent(IsCurrentRequest request) {
      asked.incrementAndGet();
      return KeyVersionState.CURRENT;
    }
  }

  @Test
  void decide_kmsThatKnowsVersions_alreadyCurrentThroughTheMeteredKms() {
    VersionedKms kms = new VersionedKms();
    assertTrue(PolicyDecider.canTellCurrent(kms));
    MeteredKms metered = new MeteredKms(kms, null);
    PolicyDecider d = new PolicyDecider(KeyRotateJob.builder().bucket("bucket").build(), "key-new",
        metered, true);
    Map<String, String> md = FakeComponents.sealed(kms.inner, "key-new", "bucket", "k", Map.of());
    Plan p = d.decide(version(md), NOW);
    assertEquals(new Plan(ObjectOutcome.Action.SKIP, "ALREADY_CURRENT", p.detail()), p);
    assertEquals(1, kms.asked.get());
    assertEquals(1, metered.calls());
  }

  @Test
  void decide_kmsThatCannotTell_rewrapsWithKeyVersionUnknown() {
    FakeKms kms = new FakeKms("key-new");
    assertFalse(PolicyDecider.canTellCurrent(kms));
    PolicyDecider d = new PolicyDecider(KeyRotateJob.builder().bucket("bucket").build(), "key-new",
        new MeteredKms(kms, null), false);
    Plan p = d.decide(version(FakeComponents.sealed(kms, "key-new", "bucket", "k", Map.of())), NOW);
    assertEquals(ObjectOutcome.Action.REWRAP, p.action());
    assertEquals("KEY_VERSION_UNKNOWN", p.reason());
  }

  @Test
  void decide_filteredOut_reasonIsTheJobFileFieldName() {
    FakeKms kms = new FakeKms("key-new", "key-old");
    KeyRotateJob job = KeyRotateJob.builder().bucket("bucket")
        .filter(Filter.builder().plaintextOnly(true).build()).build();
    PolicyDecider d = new PolicyDecider(job, "key-new", new MeteredKms(kms, null), false);
    Plan p = d.decide(version(FakeComponents.sealed(kms, "key-old", "bucket", "k", Map.of())), NOW);
    assertEquals(ObjectOutcome.Action.NOT_SELECTED, p.action());
    assertEquals("plaintextOnly", p.reason());
  }
}
