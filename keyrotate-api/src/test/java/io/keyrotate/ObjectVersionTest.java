package io.keyrotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ObjectVersionTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static ObjectVersion version(
      Map<String, String> user, Map<String, String> tags, Map<String, String> internal) {
    return new ObjectVersion(
        "b", "k", "v1", true, false, 10, T, user, tags, ObjectLock.none(), 0, internal);
  }

  @Test
  void userMetadata_anyCase_isFoundCaseInsensitively() {
    ObjectVersion v = version(Map.of("X-Amz-Meta-Owner", "alice"), Map.of(), Map.of());
    assertEquals("alice", v.userMetadata().get("x-amz-meta-owner"));
    assertEquals("alice", v.userMetadata().get("X-AMZ-META-OWNER"));
  }

  @Test
  void tags_keyCase_isKeptAndLookupIsExact() {
    ObjectVersion v = version(Map.of(), Map.of("Env", "prod"), Map.of());
    assertEquals("prod", v.tags().get("Env"));
    assertEquals(null, v.tags().get("env"));
  }

  @Test
  void maps_mutatedAfterConstruction_doNotChangeTheVersion() {
    Map<String, String> user = new HashMap<>(Map.of("Content-Type", "text/plain"));
    Map<String, String> tags = new HashMap<>(Map.of("a", "1"));
    Map<String, String> internal = new HashMap<>(Map.of("x", "y"));
    ObjectVersion v = version(user, tags, internal);
    user.put("Content-Type", "image/png");
    tags.clear();
    internal.put("z", "w");
    assertEquals("text/plain", v.userMetadata().get("content-type"));
    assertEquals(Map.of("a", "1"), v.tags());
    assertEquals(Map.of("x", "y"), v.internalMetadata());
    assertThrows(UnsupportedOperationException.class, () -> v.tags().put("b", "2"));
  }

  @Test
  void constructor_nullComponent_isRejectedNamingIt() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () ->
                new ObjectVersion(
                    null, "k", null, true, false, 0, T, Map.of(), Map.of(),
                    ObjectLock.none(), 0, Map.of()));
    assertEquals("bucket", e.getMessage());
    e =
        assertThrows(
            NullPointerException.class,
            () ->
                new ObjectVersion(
                    "b", "k", null, true, false, 0, null, Map.of(), Map.of(),
                    ObjectLock.none(), 0, Map.of()));
    assertEquals("modTime", e.getMessage());
  }

  @Test
  void constructor_nullMapValue_isRejectedNamingMapAndKey() {
    Map<String, @Nullable String> tags = new LinkedHashMap<>();
    tags.put("env", null);
    @SuppressWarnings("unchecked")
    Map<String, String> raw = (Map<String, String>) (Map<String, ?>) tags;
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> version(Map.of(), raw, Map.of()));
    assertEquals("tags has a null value for key env", e.getMessage());
  }

  @Test
  void constructor_negativeSizeOrParts_isRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ObjectVersion(
                "b", "k", null, true, false, -1, T, Map.of(), Map.of(), ObjectLock.none(), 0,
                Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ObjectVersion(
                "b", "k", null, true, false, 0, T, Map.of(), Map.of(), ObjectLock.none(), -1,
                Map.of()));
  }

  @Test
  void encryption_noSseEntries_isPlaintext() {
    assertInstanceOf(EncryptionState.Plaintext.class, version(Map.of(), Map.of(), Map.of()).encryption());
  }

  @Test
  void describe_withAndWithoutVersionId() {
    assertEquals("b/k@v1", version(Map.of(), Map.of(), Map.of()).describe());
    ObjectVersion unversioned =
        new ObjectVersion(
            "b", "a/b.txt", null, true, false, 0, T, Map.of(), Map.of(), ObjectLock.none(), 0,
            Map.of());
    assertEquals("b/a/b.txt", unversioned.describe());
    assertTrue(unversioned.latest());
    assertFalse(unversioned.deleteMarker());
  }
}
