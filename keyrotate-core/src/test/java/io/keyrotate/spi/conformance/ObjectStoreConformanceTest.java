package io.keyrotate.spi.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.keyrotate.KeyRotateException;
import io.keyrotate.ObjectChangedException;
import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.ObjectRef;
import io.keyrotate.spi.ObjectStore;
import io.keyrotate.spi.ReadRequest;
import io.keyrotate.spi.ReadResult;
import io.keyrotate.spi.ReplaceEncryptionRequest;
import io.keyrotate.spi.RewriteDataRequest;
import io.keyrotate.spi.VersionPage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conformance tests for {@link ObjectStore}. Extend it and implement {@link #newFixture()}; each test
 * gets a fresh, empty store.
 */
public abstract class ObjectStoreConformanceTest {
  /** A versioned bucket every fixture must be able to create. */
  protected static final String VERSIONED = "conformance-versioned";

  /** An unversioned bucket (used only when {@link Fixture#supportsUnversioned()}). */
  protected static final String UNVERSIONED = "conformance-unversioned";

  private static final String IV = "X-Minio-Internal-Server-Side-Encryption-Iv";
  private static final String KEY_ID = "X-Minio-Internal-Server-Side-Encryption-S3-Kms-Key-Id";

  /** What the kit needs besides the SPI: seeding through the implementation's own write path. */
  public interface Fixture extends AutoCloseable {
    /**
     * The store under test.
     *
     * @return the store
     */
    ObjectStore store();

    /**
     * Creates an empty bucket.
     *
     * @param bucket the name
     * @param versioned whether writes create new versions
     */
    void createBucket(String bucket, boolean versioned);

    /**
     * Writes a version (a new one in a versioned bucket, a replacement otherwise).
     *
     * @param seed what to write
     * @return the version as the store now lists it
     */
    ObjectVersion put(Seed seed);

    /**
     * Makes a delete marker the latest version of a key in a versioned bucket.
     *
     * @param bucket the bucket
     * @param key the key
     * @return the marker
     */
    ObjectVersion putDeleteMarker(String bucket, String key);

    /**
     * Removes one version for good.
     *
     * @param version the version
     */
    void removeVersion(ObjectVersion version);

    /**
     * Whether the store has unversioned buckets.
     *
     * @return {@code true} by default
     */
    default boolean supportsUnversioned() {
      return true;
    }

    /** Releases the store. */
    @Override
    default void close() {}
  }

  /**
   * Creates a fresh fixture with an empty store.
   *
   * @return the fixture
   * @throws Exception when the store cannot be created
   */
  protected abstract Fixture newFixture() throws Exception;

  private @Nullable Fixture fixture;

  /** The fixture of the running test. */
  protected final Fixture fx() {
    if (fixture == null) {
      throw new IllegalStateException("no fixture");
    }
    return fixture;
  }

  /** The store of the running test. */
  protected final ObjectStore store() {
    return fx().store();
  }

  @BeforeEach
  void createFixture() throws Exception {
    fixture = newFixture();
    fixture.createBucket(VERSIONED, true);
  }

  @AfterEach
  void closeFixture() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Lists everything under a prefix, one page size at a time. */
  protected final List<ObjectVersion> listAll(String bucket, String prefix, int pageSize) {
    List<ObjectVersion> out = new ArrayList<>();
    ListRequest req = ListRequest.of(bucket, prefix).withMaxResults(pageSize);
    for (int guard = 0; guard < 100_000; guard++) {
      VersionPage page = store().list(req);
      assertTrue(page.versions().size() <= pageSize, "page larger than maxResults");
      out.addAll(page.versions());
      if (page.next() == null) {
        return out;
      }
      assertEquals(ObjectRef.of(page.versions().get(page.versions().size() - 1)), page.next(),
          "next must be the last version of the page");
      req = req.withStartAfter(page.next());
    }
    throw new AssertionError("listing does not end");
  }

  private static byte[] read(ObjectStore store, ReadRequest req) {
    try (ReadResult r = store.open(req); InputStream in = r.stream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> keys(List<ObjectVersion> versions) {
    List<String> out = new ArrayList<>();
    for (ObjectVersion v : versions) {
      out.add(v.key());
    }
    return out;
  }

  private static Comparator<String> utf8Order() {
    return (a, b) ->
        Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private ObjectVersion seedRich(String key) {
    return fx().put(
        Seed.of(VERSIONED, key, "0123456789abcdef")
            .userMetadata(Map.of("Content-Type", "text/plain", "X-Amz-Meta-Owner", "alice"))
            .tags(Map.of("project", "apollo", "tier", ""))
            .lock(new ObjectLock(
                ObjectLock.RetentionMode.GOVERNANCE, Instant.parse("2999-01-01T00:00:00Z"), true))
            .internalMetadata(Map.of(IV, "old-iv", KEY_ID, "key-1", "X-Minio-Internal-other", "x")));
  }

  private static void assertSameIdentity(ObjectVersion before, ObjectVersion after) {
    assertEquals(before.bucket(), after.bucket());
    assertEquals(before.key(), after.key());
    assertEquals(before.versionId(), after.versionId(), "version id must be kept");
    assertEquals(before.modTime(), after.modTime(), "modification time must be kept");
    assertEquals(before.userMetadata(), after.userMetadata(), "user metadata must be kept");
    assertEquals(before.tags(), after.tags(), "tags must be kept");
    assertEquals(before.lock(), after.lock(), "lock state must be kept");
    assertEquals(before.partCount(), after.partCount(), "part count must be kept");
    assertEquals(before.deleteMarker(), after.deleteMarker());
  }

  private ObjectVersion relist(ObjectVersion v) {
    for (ObjectVersion x : listAll(v.bucket(), v.key(), 1000)) {
      if (x.key().equals(v.key()) && java.util.Objects.equals(x.versionId(), v.versionId())) {
        return x;
      }
    }
    throw new AssertionError("version not listed: " + v.describe());
  }

  // ------------------------------------------------------------------ listing

  @Test
  void list_emptyBucket_returnsEmptyPageWithoutNext() {
    VersionPage page = store().list(ListRequest.of(VERSIONED, ""));
    assertTrue(page.versions().isEmpty());
    assertNull(page.next());
  }

  @Test
  void list_missingBucket_throwsNonRetryableStoreException() {
    ObjectStoreException e =
        assertThrows(
            ObjectStoreException.class, () -> store().list(ListRequest.of("no-such-bucket-here", "")));
    assertFalse(e.isRetryable());
    assertFalse(e instanceof ObjectChangedException);
  }

  @Test
  void list_keys_comeInUnsignedUtf8Order() {
    List<String> keys =
        List.of("b", "a", "a/b", "a-b", "ab", "a b", "Z", "é", "\uFFFD", "\uD83D\uDE00", "a/", "aa",
            "日本", "0", "~", "a.b");
    for (String k : keys) {
      fx().put(Seed.of(VERSIONED, k, k));
    }
    List<String> expected = new ArrayList<>(keys);
    expected.sort(utf8Order());
    assertEquals(expected, keys(listAll(VERSIONED, "", 1000)));
    // U+FFFD sorts before U+1F600 in UTF-8 but after it in UTF-16.
    assertTrue(expected.indexOf("\uFFFD") < expected.indexOf("\uD83D\uDE00"));
  }

  @Test
  void list_versions_newestFirstWithLatestFlagAndDeleteMarkers() {
    ObjectVersion v1 = fx().put(Seed.of(VERSIONED, "k", "one"));
    ObjectVersion v2 = fx().put(Seed.of(VERSIONED, "k", "two"));
    ObjectVersion dm = fx().putDeleteMarker(VERSIONED, "k");
    ObjectVersion v3 = fx().put(Seed.of(VERSIONED, "k", "three"));
    List<ObjectVersion> listed = listAll(VERSIONED, "", 1000);
    assertEquals(4, listed.size());
    assertEquals(
        List.of(v3.versionId(), dm.versionId(), v2.versionId(), v1.versionId()),
        listed.stream().map(ObjectVersion::versionId).toList());
    assertEquals(List.of(true, false, false, false), listed.stream().map(ObjectVersion::latest).toList());
    assertTrue(listed.get(1).deleteMarker());
    assertEquals(0, listed.get(1).size());
    assertEquals(5, listed.get(0).size());
    assertNotNull(v1.versionId());
    assertEquals(4, listed.stream().map(ObjectVersion::versionId).distinct().count());
  }

  @Test
  void list_prefix_returnsOnlyKeysStartingWithIt() {
    for (String k : List.of("a", "a/", "a/1", "a/2/x", "a0", "ab", "b/a/1", "\u00e9/1", "\u00e9\u00e9")) {
      fx().put(Seed.of(VERSIONED, k, "x"));
    }
    assertEquals(List.of("a/", "a/1", "a/2/x"), keys(listAll(VERSIONED, "a/", 1000)));
    assertEquals(List.of("a", "a/", "a/1", "a/2/x", "a0", "ab"), keys(listAll(VERSIONED, "a", 1000)));
    assertEquals(List.of("\u00e9/1", "\u00e9\u00e9"), keys(listAll(VERSIONED, "\u00e9", 1000)));
    assertEquals(List.of(), keys(listAll(VERSIONED, "c", 1000)));
    assertEquals(List.of("a/2/x"), keys(listAll(VERSIONED, "a/2/x", 1000)));
  }

  @Test
  void list_everyPageSize_concatenatesToTheFullListing() {
    for (int i = 0; i < 9; i++) {
      String k = "k" + (i % 4) + "/" + i;
      fx().put(Seed.of(VERSIONED, k, "v" + i));
      if (i % 3 == 0) {
        fx().put(Seed.of(VERSIONED, k, "again" + i));
      }
    }
    fx().putDeleteMarker(VERSIONED, "k1/1");
    List<ObjectVersion> full = listAll(VERSIONED, "", 1000);
    assertEquals(13, full.size());
    for (int size = 1; size <= 14; size++) {
      assertEquals(
          full.stream().map(ObjectRef::of).toList(),
          listAll(VERSIONED, "", size).stream().map(ObjectRef::of).toList(),
          "page size " + size);
    }
  }

  @Test
  void list_pageExactlyFull_mayEndWithoutNext() {
    fx().put(Seed.of(VERSIONED, "a", "1"));
    fx().put(Seed.of(VERSIONED, "b", "2"));
    VersionPage page = store().list(ListRequest.of(VERSIONED, "").withMaxResults(2));
    assertEquals(2, page.versions().size());
    if (page.next() != null) {
      assertTrue(store().list(ListRequest.of(VERSIONED, "").withStartAfter(page.next())).versions().isEmpty());
    }
  }

  @Test
  void list_startAfterMidKey_resumesWithTheNextOlderVersion() {
    ObjectVersion a1 = fx().put(Seed.of(VERSIONED, "a", "1"));
    ObjectVersion a2 = fx().put(Seed.of(VERSIONED, "a", "2"));
    ObjectVersion b1 = fx().put(Seed.of(VERSIONED, "b", "1"));
    VersionPage page =
        store().list(ListRequest.of(VERSIONED, "").withStartAfter(ObjectRef.of(relist(a2))));
    assertEquals(
        List.of(ObjectRef.of(a1), ObjectRef.of(b1)),
        page.versions().stream().map(ObjectRef::of).toList());
  }

  @Test
  void list_startAfterVanishedVersion_skipsNothingThatFollowsIt() {
    ObjectVersion a1 = fx().put(Seed.of(VERSIONED, "a", "1"));
    ObjectVersion a2 = fx().put(Seed.of(VERSIONED, "a", "2"));
    ObjectVersion a3 = fx().put(Seed.of(VERSIONED, "a", "3"));
    ObjectVersion b1 = fx().put(Seed.of(VERSIONED, "b", "1"));
    fx().removeVersion(a2);
    List<ObjectRef> resumed =
        store().list(ListRequest.of(VERSIONED, "").withStartAfter(ObjectRef.of(a2))).versions()
            .stream().map(ObjectRef::of).toList();
    assertTrue(resumed.contains(ObjectRef.of(a1)), "the older version a1 must not be skipped: " + resumed);
    assertTrue(resumed.contains(ObjectRef.of(b1)), "b must not be skipped: " + resumed);
    assertEquals(ObjectRef.of(b1), resumed.get(resumed.size() - 1));
    assertFalse(resumed.contains(ObjectRef.of(a2)));
    // a3 may be repeated, which is allowed.
    assertTrue(resumed.size() <= 3, resumed.toString());
    assertNotNull(a3);
  }

  @Test
  void list_startAfterKeyThatNoLongerExists_resumesAtTheNextKey() {
    fx().put(Seed.of(VERSIONED, "a", "1"));
    ObjectVersion gone = fx().put(Seed.of(VERSIONED, "b", "1"));
    fx().put(Seed.of(VERSIONED, "c", "1"));
    fx().removeVersion(gone);
    List<ObjectVersion> resumed =
        store().list(ListRequest.of(VERSIONED, "").withStartAfter(ObjectRef.of(gone))).versions();
    assertEquals(List.of("c"), keys(resumed));
  }

  @Test
  void list_unversionedBucket_versionIdIsNull() {
    if (!fx().supportsUnversioned()) {
      return;
    }
    fx().createBucket(UNVERSIONED, false);
    fx().put(Seed.of(UNVERSIONED, "k", "one"));
    fx().put(Seed.of(UNVERSIONED, "k", "two!"));
    List<ObjectVersion> listed = listAll(UNVERSIONED, "", 1000);
    assertEquals(1, listed.size(), "a put replaces the object in an unversioned bucket");
    assertNull(listed.get(0).versionId());
    assertTrue(listed.get(0).latest());
    assertEquals(4, listed.get(0).size());
  }

  // ------------------------------------------------------------------ reads

  @Test
  void open_wholeAndRanges_returnTheStoredBytes() {
    byte[] data = new byte[70_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    ObjectVersion v = fx().put(Seed.of(VERSIONED, "r", data));
    assertEquals(data.length, v.size());
    assertArrayEquals(data, read(store(), ReadRequest.of(v)));
    long[][] ranges = {{0, 0}, {0, 1}, {1, 10}, {65_535, 2}, {69_999, 1}, {70_000, 0}, {12_345, 40_000}};
    for (long[] r : ranges) {
      assertArrayEquals(
          Arrays.copyOfRange(data, (int) r[0], (int) (r[0] + r[1])),
          read(store(), new ReadRequest(v, r[0], r[1])),
          "range " + r[0] + "+" + r[1]);
    }
  }

  @Test
  void open_emptyObject_returnsNoBytes() {
    ObjectVersion v = fx().put(Seed.of(VERSIONED, "empty", new byte[0]));
    assertEquals(0, v.size());
    assertArrayEquals(new byte[0], read(store(), ReadRequest.of(v)));
  }

  @Test
  void open_multipart_reportsThePartLayout() {
    ObjectVersion v = fx().put(Seed.of(VERSIONED, "mp", "aaaabbbbbbc").parts(List.of(4L, 6L, 1L)));
    assertEquals(3, v.partCount());
    try (ReadResult r = store().open(ReadRequest.of(v))) {
      assertEquals(List.of(4L, 6L, 1L), r.partSizes());
      assertArrayEquals(bytes("aaaabbbbbbc"), r.stream().readAllBytes());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    try (ReadResult r = store().open(ReadRequest.of(fx().put(Seed.of(VERSIONED, "sp", "x"))))) {
      assertEquals(List.of(), r.partSizes());
    }
  }

  @Test
  void open_versionChangedSinceListing_throwsObjectChanged() {
    ObjectVersion v = fx().put(Seed.of(VERSIONED, "k", "data").internalMetadata(Map.of(IV, "a")));
    store().replaceEncryption(new ReplaceEncryptionRequest(v, Map.of(IV, "b")));
    assertThrows(ObjectChangedException.class, () -> store().open(ReadRequest.of(v)));
  }

  @Test
  void open_streamAlreadyOpen_isNotAffectedByARewrite() throws IOException {
    ObjectVersion v = fx().put(Seed.of(VERSIONED, "k", "old content"));
    try (ReadResult r = store().open(ReadRequest.of(v))) {
      store().rewriteData(new RewriteDataRequest(v, new ByteArrayInputStream(bytes("new content!")), 12,
          List.of(), Map.of()));
      assertArrayEquals(bytes("old content"), r.stream().readAllBytes());
    }
  }

  // ------------------------------------------------------------------ replaceEncryption

  @Test
  void replaceEncryption_matching_replacesOnlyTheInternalMetadata() {
    ObjectVersion before = seedRich("rich");
    fx().put(Seed.of(VERSIONED, "rich", "newer version"));
    ObjectVersion older = relist(before);
    assertFalse(older.latest());
    Map<String, String> next = Map.of(IV, "new-iv", KEY_ID, "key-2", "X-Minio-Internal-other", "x");
    ObjectVersion after = store().replaceEncryption(new ReplaceEncryptionRequest(older, next));
    assertSameIdentity(before, after);
    assertEquals(next, after.internalMetadata());
    assertEquals(before.size(), after.size());
    assertFalse(after.latest());
    ObjectVersion listed = relist(before);
    assertTrue(ObjectStore.sameState(after, listed), "listing shows the update");
    assertArrayEquals(bytes("0123456789abcdef"), read(store(), ReadRequest.of(listed)));
  }

  @Test
  void replaceEncryption_staleExpectation_throwsObjectChangedAndChangesNothing() {
    ObjectVersion v = fx().put(Seed.of(VERSIONED, "k", "d").internalMetadata(Map.of(IV, "a")));
    ObjectVersion v2 = store().replaceEncryption(new ReplaceEncryptionRequest(v, Map.of(IV, "b")));
    ObjectChangedException e =
        assertThrows(
            ObjectChangedException.class,
            () -> store().replaceEncryption(new ReplaceEncryptionRequest(v, Map.of(IV, "c"))));
    assertTrue(e.isRetryable());
    assertEquals(Map.of(IV, "b"), relist(v).internalMetadata());
    assertTrue(ObjectStore.sameState(v2, relist(v)));
  }

  @Test
  void replaceEncryption_anyVisibleFieldChanged_throwsObjectChanged() {
    ObjectVersion v = seedRich("k");
    List<ObjectVersion> stale =
        List.of(
            copy(v, v.size() + 1, v.modTime(), v.userMetadata(), v.tags(), v.lock(), v.internalMetadata()),
            copy(v, v.size(), v.modTime().plusMillis(1), v.userMetadata(), v.tags(), v.lock(),
                v.internalMetadata()),
            copy(v, v.size(), v.modTime(), Map.of(), v.tags(), v.lock(), v.internalMetadata()),
            copy(v, v.size(), v.modTime(), v.userMetadata(), Map.of(), v.lock(), v.internalMetadata()),
            copy(v, v.size(), v.modTime(), v.userMetadata(), v.tags(), ObjectLock.none(),
                v.internalMetadata()),
            copy(v, v.size(), v.modTime(), v.userMetadata(), v.tags(), v.lock(), Map.of(IV, "x")));
    for (ObjectVersion s : stale) {
      assertThrows(
          ObjectChangedException.class,
          () -> store().replaceEncryption(new ReplaceEncryptionRequest(s, Map.of(IV, "z"))),
          s.toString());
    }
    assertEquals(v.internalMetadata(), relist(v).internalMetadata());
  }

  private static ObjectVersion copy(
      ObjectVersion v, long size, Instant mod, Map<String, String> meta, Map<String, String> tags,
      ObjectLock lock, Map<String, String> internal) {
    return new ObjectVersion(
        v.bucket(), v.key(), v.versionId(), v.latest(), v.deleteMarker(), size, mod, meta, tags, lock,
        v.partCount(), internal);
  }

  @Test
  void replaceEncryption_vanishedVersion_throwsObjectChanged() {
    ObjectVersion v = fx().put(Seed.of(VERSIONED, "k", "d"));
    fx().put(Seed.of(VERSIONED, "k", "e"));
    fx().removeVersion(v);
    assertThrows(
        ObjectChangedException.class,
        () -> store().replaceEncryption(new ReplaceEncryptionRequest(v, Map.of(IV, "z"))));
    ObjectVersion ghost =
        new ObjectVersion(VERSIONED, "never", "no-such-version", true, false, 1, v.modTime(), Map.of(),
            Map.of(), ObjectLock.none(), 0, Map.of());
    assertThrows(
        ObjectChangedException.class,
        () -> store().replaceEncryption(new ReplaceEncryptionRequest(ghost, Map.of())));
  }

  @Test
  void replaceEncryption_unversionedObject_keepsNullVersion() {
    if (!fx().supportsUnversioned()) {
      return;
    }
    fx().createBucket(UNVERSIONED, false);
    ObjectVersion v = fx().put(Seed.of(UNVERSIONED, "k", "d").internalMetadata(Map.of(IV, "a")));
    ObjectVersion after = store().replaceEncryption(new ReplaceEncryptionRequest(v, Map.of(IV, "b")));
    assertNull(after.versionId());
    assertEquals(Map.of(IV, "b"), relist(v).internalMetadata());
    fx().put(Seed.of(UNVERSIONED, "k", "replaced"));
    assertThrows(
        ObjectChangedException.class,
        () -> store().replaceEncryption(new ReplaceEncryptionRequest(after, Map.of(IV, "c"))));
  }

  @Test
  void replaceEncryption_twoThreadsRace_exactlyOneWins() throws Exception {
    for (int round = 0; round < 20; round++) {
      ObjectVersion v = fx().put(Seed.of(VERSIONED, "race" + round, "d").internalMetadata(Map.of(IV, "0")));
      List<Map<String, String>> candidates = List.of(Map.of(IV, "A"), Map.of(IV, "B"));
      List<Callable<ObjectVersion>> jobs = new ArrayList<>();
      for (Map<String, String> m : candidates) {
        jobs.add(() -> store().replaceEncryption(new ReplaceEncryptionRequest(v, m)));
      }
      List<Object> outcomes = Races.run(jobs);
      long wins = outcomes.stream().filter(o -> o instanceof ObjectVersion).count();
      long lost = outcomes.stream().filter(o -> o instanceof ObjectChangedException).count();
      assertEquals(1, wins, "round " + round + ": " + outcomes);
      assertEquals(1, lost, "round " + round + ": " + outcomes);
      ObjectVersion winner =
          (ObjectVersion) outcomes.stream().filter(o -> o instanceof ObjectVersion).findFirst().get();
      assertEquals(winner.internalMetadata(), relist(v).internalMetadata());
    }
  }

  // ------------------------------------------------------------------ rewriteData

  @Test
  void rewriteData_matching_replacesBytesAndMetadataAndKeepsIdentity() {
    ObjectVersion before = seedRich("rw");
    ObjectVersion newer = fx().put(Seed.of(VERSIONED, "rw", "newest"));
    byte[] fresh = new byte[100_001];
    Arrays.fill(fresh, (byte) 0x5a);
    Map<String, String> meta = Map.of(IV, "encrypted", KEY_ID, "k");
    ObjectVersion after =
        store().rewriteData(
            new RewriteDataRequest(relist(before), new ByteArrayInputStream(fresh), fresh.length,
                List.of(), meta));
    assertSameIdentity(before, after);
    assertEquals(fresh.length, after.size());
    assertEquals(meta, after.internalMetadata());
    assertFalse(after.latest());
    List<ObjectVersion> listed = listAll(VERSIONED, "rw", 1000);
    assertEquals(
        List.of(newer.versionId(), before.versionId()),
        listed.stream().map(ObjectVersion::versionId).toList(),
        "the rewritten version keeps its place");
    assertArrayEquals(fresh, read(store(), ReadRequest.of(listed.get(1))));
    assertArrayEquals(bytes("newest"), read(store(), ReadRequest.of(listed.get(0))));
  }

  @Test
  void rewriteData_multipart_keepsThePartCountAndRecordsNewSizes() {
    ObjectVersion v = fx().put(Seed.of(VERSIONED, "mp", "aaaabbbbbbc").parts(List.of(4L, 6L, 1L)));
    byte[] fresh = bytes("AAAAAAA-BBBBBBBBB-CC");
    ObjectVersion after =
        store().rewriteData(
            new RewriteDataRequest(v, new ByteArrayInputStream(fresh), fresh.length,
                List.of(8L, 10L, 2L), Map.of(IV, "x")));
    assertEquals(3, after.partCount());
    try (ReadResult r = store().open(ReadRequest.of(after))) {
      assertEquals(List.of(8L, 10L, 2L), r.partSizes());
      assertArrayEquals(fresh, r.stream().readAllBytes());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void rewriteData_toEmpty_thenReadsNothing() {
    ObjectVersion v = fx().put(Seed.of(VERSIONED, "k", "data"));
    ObjectVersion after =
        store().rewriteData(new RewriteDataRequest(v, new ByteArrayInputStream(new byte[0]), 0,
            List.of(), Map.of()));
    assertEquals(0, after.size());
    assertArrayEquals(new byte[0], read(store(), ReadRequest.of(after)));
  }

  @Test
  void rewriteData_staleExpectation_throwsObjectChangedAndKeepsData() {
    ObjectVersion v = fx().put(Seed.of(VERSIONED, "k", "original").internalMetadata(Map.of(IV, "a")));
    ObjectVersion v2 = store().replaceEncryption(new ReplaceEncryptionRequest(v, Map.of(IV, "b")));
    assertThrows(
        ObjectChangedException.class,
        () -> store().rewriteData(new RewriteDataRequest(v, new ByteArrayInputStream(bytes("evil")), 4,
            List.of(), Map.of())));
    assertArrayEquals(bytes("original"), read(store(), ReadRequest.of(v2)));
  }

  @Test
  void rewriteData_streamLengthDisagrees_failsAndWritesNothing() {
    ObjectVersion v = fx().put(Seed.of(VERSIONED, "k", "original").internalMetadata(Map.of(IV, "a")));
    for (String data : List.of("short", "much too long!")) {
      RuntimeException e =
          assertThrows(
              RuntimeException.class,
              () -> store().rewriteData(new RewriteDataRequest(v, new ByteArrayInputStream(bytes(data)), 8,
                  List.of(), Map.of(IV, "b"))));
      assertTrue(
          e instanceof IllegalArgumentException || e instanceof KeyRotateException, e.toString());
      assertFalse(e instanceof ObjectChangedException, e.toString());
    }
    ObjectVersion now = relist(v);
    assertTrue(ObjectStore.sameState(v, now), "nothing was written");
    assertArrayEquals(bytes("original"), read(store(), ReadRequest.of(now)));
  }

  @Test
  void rewriteData_twoThreadsRace_exactlyOneWinsAndDataMatchesItsMetadata() throws Exception {
    for (int round = 0; round < 10; round++) {
      ObjectVersion v = fx().put(Seed.of(VERSIONED, "race" + round, "0000").internalMetadata(Map.of(IV, "0")));
      List<Callable<ObjectVersion>> jobs = new ArrayList<>();
      for (String s : List.of("AAAAAAAA", "BBBBBBBBBBBB")) {
        jobs.add(
            () -> store().rewriteData(new RewriteDataRequest(v, new ByteArrayInputStream(bytes(s)),
                s.length(), List.of(), Map.of(IV, s))));
      }
      List<Object> outcomes = Races.run(jobs);
      assertEquals(1, outcomes.stream().filter(o -> o instanceof ObjectVersion).count(), outcomes.toString());
      assertEquals(
          1, outcomes.stream().filter(o -> o instanceof ObjectChangedException).count(), outcomes.toString());
      ObjectVersion now = relist(v);
      assertArrayEquals(bytes(now.internalMetadata().get(IV)), read(store(), ReadRequest.of(now)));
    }
  }

  @Test
  void rewriteDataAndReplaceEncryption_racingEachOther_neverBothWin() throws Exception {
    for (int round = 0; round < 10; round++) {
      ObjectVersion v = fx().put(Seed.of(VERSIONED, "mix" + round, "0000").internalMetadata(Map.of(IV, "0")));
      List<Callable<ObjectVersion>> jobs =
          List.of(
              () -> store().rewriteData(new RewriteDataRequest(v, new ByteArrayInputStream(bytes("DATA")), 4,
                  List.of(), Map.of(IV, "rewritten"))),
              () -> store().replaceEncryption(new ReplaceEncryptionRequest(v, Map.of(IV, "rewrapped"))));
      List<Object> outcomes = Races.run(jobs);
      assertEquals(1, outcomes.stream().filter(o -> o instanceof ObjectVersion).count(), outcomes.toString());
      ObjectVersion now = relist(v);
      byte[] expected = now.internalMetadata().get(IV).equals("rewritten") ? bytes("DATA") : bytes("0000");
      assertArrayEquals(expected, read(store(), ReadRequest.of(now)));
    }
  }

  @Test
  void updates_ofAnOlderVersion_succeedAfterANewerVersionWasAdded() {
    ObjectVersion old = fx().put(Seed.of(VERSIONED, "k", "old").internalMetadata(Map.of(IV, "a")));
    fx().put(Seed.of(VERSIONED, "k", "new"));
    // `old` still says latest=true; the match ignores that flag.
    assertTrue(old.latest());
    ObjectVersion after = store().replaceEncryption(new ReplaceEncryptionRequest(old, Map.of(IV, "b")));
    assertFalse(after.latest());
    HashMap<String, String> m = new HashMap<>(after.internalMetadata());
    m.put(KEY_ID, "k2");
    ObjectVersion again =
        store().rewriteData(new RewriteDataRequest(after, new ByteArrayInputStream(bytes("OLD")), 3,
            List.of(), m));
    assertEquals(m, again.internalMetadata());
  }

  @Test
  void updates_ofADeleteMarkerRequest_areRejectedByTheRequest() {
    ObjectVersion dm = fx().putDeleteMarker(VERSIONED, "k");
    assertTrue(dm.deleteMarker());
    try {
      new ReplaceEncryptionRequest(dm, Map.of());
      fail("a delete marker has no encryption metadata");
    } catch (IllegalArgumentException expected) {
      // the request refuses before the store is involved
    }
  }
}
