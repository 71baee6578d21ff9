package io.keyrotate.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectVersion;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ObjectStoreTest {
  private static final Instant T = Instant.parse("2025-01-02T03:04:05.123456789Z");

  private static ObjectVersion v(
      String versionId, boolean latest, long size, Map<String, String> meta, int parts) {
    return new ObjectVersion(
        "b", "k", versionId, latest, false, size, T, meta, Map.of("t", "1"), ObjectLock.none(), parts,
        Map.of("X-Minio-Internal-Server-Side-Encryption-Iv", "x"));
  }

  private static ObjectVersion base() {
    return v("v1", true, 10, Map.of("Content-Type", "text/plain"), 0);
  }

  @Test
  void sameState_latestFlagDiffers_stillSame() {
    ObjectVersion a = base();
    ObjectVersion b = v("v1", false, 10, Map.of("Content-Type", "text/plain"), 0);
    assertTrue(ObjectStore.sameState(a, b));
  }

  @Test
  void sameState_userMetadataKeyCaseDiffers_stillSame() {
    ObjectVersion b = v("v1", true, 10, Map.of("content-type", "text/plain"), 0);
    assertTrue(ObjectStore.sameState(base(), b));
  }

  @Test
  void sameState_anyOtherFieldDiffers_notSame() {
    ObjectVersion a = base();
    List<UnaryOperator<ObjectVersion>> changes =
        List.of(
            x -> with(x, "b2", x.key(), x.versionId(), x.deleteMarker(), x.size(), x.modTime(),
                x.userMetadata(), x.tags(), x.lock(), x.partCount(), x.internalMetadata()),
            x -> with(x, x.bucket(), "k2", x.versionId(), x.deleteMarker(), x.size(), x.modTime(),
                x.userMetadata(), x.tags(), x.lock(), x.partCount(), x.internalMetadata()),
            x -> with(x, x.bucket(), x.key(), null, x.deleteMarker(), x.size(), x.modTime(),
                x.userMetadata(), x.tags(), x.lock(), x.partCount(), x.internalMetadata()),
            x -> with(x, x.bucket(), x.key(), x.versionId(), true, x.size(), x.modTime(),
                x.userMetadata(), x.tags(), x.lock(), x.partCount(), x.internalMetadata()),
            x -> with(x, x.bucket(), x.key(), x.versionId(), x.deleteMarker(), 11, x.modTime(),
                x.userMetadata(), x.tags(), x.lock(), x.partCount(), x.internalMetadata()),
            x -> with(x, x.bucket(), x.key(), x.versionId(), x.deleteMarker(), x.size(),
                x.modTime().plusNanos(1), x.userMetadata(), x.tags(), x.lock(), x.partCount(),
                x.internalMetadata()),
            x -> with(x, x.bucket(), x.key(), x.versionId(), x.deleteMarker(), x.size(), x.modTime(),
                Map.of("Content-Type", "text/html"), x.tags(), x.lock(), x.partCount(),
                x.internalMetadata()),
            x -> with(x, x.bucket(), x.key(), x.versionId(), x.deleteMarker(), x.size(), x.modTime(),
                x.userMetadata(), Map.of("T", "1"), x.lock(), x.partCount(), x.internalMetadata()),
            x -> with(x, x.bucket(), x.key(), x.versionId(), x.deleteMarker(), x.size(), x.modTime(),
                x.userMetadata(), x.tags(), new ObjectLock(null, null, true), x.partCount(),
                x.internalMetadata()),
            x -> with(x, x.bucket(), x.key(), x.versionId(), x.deleteMarker(), x.size(), x.modTime(),
                x.userMetadata(), x.tags(), x.lock(), 2, x.internalMetadata()),
            x -> with(x, x.bucket(), x.key(), x.versionId(), x.deleteMarker(), x.size(), x.modTime(),
                x.userMetadata(), x.tags(), x.lock(), x.partCount(), Map.of()));
    for (UnaryOperator<ObjectVersion> change : changes) {
      ObjectVersion b = change.apply(a);
      assertFalse(ObjectStore.sameState(a, b), b.toString());
      assertFalse(ObjectStore.sameState(b, a), b.toString());
    }
  }

  private static ObjectVersion with(
      ObjectVersion x, String bucket, String key, String versionId, boolean dm, long size,
      Instant mod, Map<String, String> meta, Map<String, String> tags, ObjectLock lock, int parts,
      Map<String, String> internal) {
    return new ObjectVersion(
        bucket, key, versionId, x.latest(), dm, size, mod, meta, tags, lock, parts, internal);
  }

  @Test
  void listRequest_markerFromAnotherBucket_rejected() {
    ObjectRef other = new ObjectRef("other", "k", null);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ListRequest.of("b", "").withStartAfter(other));
    assertTrue(e.getMessage().contains("other"), e.getMessage());
  }

  @Test
  void listRequest_pageSizeOutOfRange_rejected() {
    assertThrows(IllegalArgumentException.class, () -> ListRequest.of("b", "").withMaxResults(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> ListRequest.of("b", "").withMaxResults(ListRequest.MAX_RESULTS + 1));
    assertEquals(7, ListRequest.of("b", "p/").withMaxResults(7).maxResults());
  }

  @Test
  void versionPage_withoutNext_isNotTruncated() {
    assertFalse(new VersionPage(List.of(), null).isTruncated());
    assertTrue(new VersionPage(List.of(), ObjectRef.of(base())).isTruncated());
  }

  @Test
  void objectRef_ofVersion_keepsIdentity() {
    ObjectRef r = ObjectRef.of(base());
    assertEquals(new ObjectRef("b", "k", "v1"), r);
    assertEquals("b/k@v1", r.describe());
    assertEquals("b/k", new ObjectRef("b", "k", null).describe());
    assertThrows(IllegalArgumentException.class, () -> new ObjectRef("b", "", null));
  }

  @Test
  void readRequest_rangeOutsideSize_rejected() {
    ObjectVersion v = base();
    assertEquals(10, ReadRequest.of(v).length());
    new ReadRequest(v, 10, 0);
    new ReadRequest(v, 3, 7);
    assertThrows(IllegalArgumentException.class, () -> new ReadRequest(v, 3, 8));
    assertThrows(IllegalArgumentException.class, () -> new ReadRequest(v, 11, 0));
    assertThrows(IllegalArgumentException.class, () -> new ReadRequest(v, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> new ReadRequest(v, 1, Long.MAX_VALUE));
  }

  @Test
  void rewriteDataRequest_partLayoutChanged_rejected() {
    ObjectVersion two = v("v1", true, 10, Map.of(), 2);
    ByteArrayInputStream in = new ByteArrayInputStream(new byte[0]);
    new RewriteDataRequest(two, in, 30, List.of(10L, 20L), Map.of());
    assertThrows(
        IllegalArgumentException.class,
        () -> new RewriteDataRequest(two, in, 30, List.of(30L), Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RewriteDataRequest(two, in, 31, List.of(10L, 20L), Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RewriteDataRequest(base(), in, 5, List.of(5L), Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RewriteDataRequest(base(), in, -1, List.of(), Map.of()));
  }

  @Test
  void requests_onDeleteMarker_rejected() {
    ObjectVersion dm =
        new ObjectVersion("b", "k", "v", true, true, 0, T, Map.of(), Map.of(), ObjectLock.none(), 0,
            Map.of());
    assertThrows(IllegalArgumentException.class, () -> ReadRequest.of(dm));
    assertThrows(IllegalArgumentException.class, () -> new ReplaceEncryptionRequest(dm, Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RewriteDataRequest(dm, new ByteArrayInputStream(new byte[0]), 0, List.of(), Map.of()));
  }

  @Test
  void replaceEncryptionRequest_copiesMap() {
    java.util.HashMap<String, String> m = new java.util.HashMap<>(Map.of("a", "1"));
    ReplaceEncryptionRequest r = new ReplaceEncryptionRequest(base(), m);
    m.put("b", "2");
    assertEquals(Map.of("a", "1"), r.internalMetadata());
    assertNull(r.internalMetadata().get("b"));
  }
}
