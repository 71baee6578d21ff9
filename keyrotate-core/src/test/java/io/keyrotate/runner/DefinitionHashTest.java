package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.job.Encryption;
import io.keyrotate.job.Filter;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.Notify;
import io.keyrotate.job.Retry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionHashTest {
  private static final KeyRotateJob BASE = KeyRotateJob.builder().bucket("photos").build();

  @Test
  void of_sameJob_stableAndHex() {
    String h = KeyRotation.definitionHash(BASE);
    assertEquals(h, KeyRotation.definitionHash(KeyRotateJob.builder().bucket("photos").build()));
    assertTrue(h.matches("[0-9a-f]{64}"), h);
  }

  @Test
  void of_everyFieldChange_changesTheHash() {
    String h = KeyRotation.definitionHash(BASE);
    List<KeyRotateJob> changed = List.of(
        BASE.toBuilder().bucket("photos2").build(),
        BASE.toBuilder().prefix("a/").build(),
        BASE.toBuilder().encryption(Encryption.of("k", Map.of())).build(),
        BASE.toBuilder().encryption(Encryption.of(null, Map.of("a", "b"))).build(),
        BASE.toBuilder().filter(Filter.builder().plaintextOnly(true).build()).build(),
        BASE.toBuilder().filter(Filter.builder().forceEncryptLocked(true).build()).build(),
        BASE.toBuilder().filter(Filter.builder().kmsKey("k").build()).build(),
        BASE.toBuilder().filter(Filter.builder().tag("a", "b*").build()).build(),
        BASE.toBuilder().filter(Filter.builder().metadata("a", "b*").build()).build(),
        BASE.toBuilder().filter(Filter.builder().newerThan(Duration.ofDays(7)).build()).build(),
        BASE.toBuilder().filter(Filter.builder().olderThan(Duration.ofDays(7)).build()).build(),
        BASE.toBuilder().retry(new Retry(4, Duration.ofMillis(25))).build(),
        BASE.toBuilder().retry(new Retry(3, Duration.ofMillis(26))).build(),
        BASE.toBuilder().notification(Notify.of("https://h/x", null)).build(),
        BASE.toBuilder().notification(Notify.of("https://h/x", "Bearer a")).build());
    java.util.Set<String> all = new java.util.HashSet<>();
    all.add(h);
    for (KeyRotateJob j : changed) {
      assertTrue(all.add(KeyRotation.definitionHash(j)), "same hash for " + j);
    }
  }

  @Test
  void of_contextOrder_doesNotMatter() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    assertEquals(
        KeyRotation.definitionHash(BASE.toBuilder().encryption(Encryption.of(null, ab)).build()),
        KeyRotation.definitionHash(BASE.toBuilder().encryption(Encryption.of(null, ba)).build()));
  }

  @Test
  void canonical_notifyToken_neverAppearsOnlyItsDigest() {
    KeyRotateJob j = BASE.toBuilder().notification(Notify.of("https://h/x", "Bearer s3cr3t-token")).build();
    String c = DefinitionHash.canonical(j);
    assertFalse(c.contains("s3cr3t"), c);
    assertTrue(c.contains("tokenSha256"));
    assertNotEquals(
        KeyRotation.definitionHash(j),
        KeyRotation.definitionHash(
            BASE.toBuilder().notification(Notify.of("https://h/x", "Bearer other")).build()));
  }
}
