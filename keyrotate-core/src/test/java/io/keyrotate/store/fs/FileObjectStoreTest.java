package io.keyrotate.store.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.internal.files.CrashingFileOps;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.ReadRequest;
import io.keyrotate.spi.ReadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileObjectStoreTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private FileObjectStore open() {
    return FileObjectStore.open(dir.resolve("store"));
  }

  private static byte[] read(FileObjectStore s, ObjectVersion v) throws IOException {
    try (ReadResult r = s.open(ReadRequest.of(v))) {
      return r.stream().readAllBytes();
    }
  }

  @Test
  void keys_thatLookLikePaths_stayInsideTheBucket() throws IOException {
    // JUnit's @TempDir clean-up is slow on 1500 nested levels; this directory deletes itself quickly.
    try (FastTempDir fast = new FastTempDir()) {
      keysStayInside(fast.path());
    }
  }

  private static void keysStayInside(Path dir) throws IOException {
    List<String> keys =
        List.of("../../../etc/passwd", "/etc/passwd", "..", ".", "a/../../b", "C:\\Windows\\x", "a//b",
            "nul\u0000byte", "line\nbreak", "\u00e9\u00e8 \ud83d\ude00 \u65e5\u672c", "x".repeat(1024),
            "\u00e9".repeat(512), "\ud83d\ude00".repeat(256), "~", " ", "a/");
    // Layout only: skip forcing the ~1500 new directory levels to disk.
    try (FileObjectStore s =
        FileObjectStore.builder(dir.resolve("store")).fileOps(new CrashingFileOps(0)).open()) {
      s.createBucket("bkt", true);
      for (String k : keys) {
        s.put(PutRequest.builder("bkt", k).data(b(k)).build());
      }
      for (String k : keys) {
        ObjectVersion v = s.stat("bkt", k, null);
        assertNotNull(v, k);
        assertEquals(k, v.key());
        assertArrayEquals(b(k), read(s, v));
      }
      assertEquals(keys.size(), s.list(ListRequest.of("bkt", "")).versions().size());
    }
    // Nothing outside the key tree was created, and inside it only hex directories and key files.
    assertEquals(List.of("store"), StoreInspector.list(dir));
    assertEquals(
        List.of(".lock", "buckets", "intents", "krfs.format", "system", "tmp"),
        StoreInspector.list(dir.resolve("store")));
    assertEquals(List.of("bkt"), StoreInspector.list(dir.resolve("store/buckets")));
    assertEquals(List.of("bucket.info", "objects"), StoreInspector.list(dir.resolve("store/buckets/bkt")));
    try (Stream<Path> all = Files.walk(dir.resolve("store/buckets/bkt/objects"))) {
      long files = 0;
      for (Path p : (Iterable<Path>) all::iterator) {
        String name = p.getFileName().toString();
        if (Files.isDirectory(p)) {
          assertTrue(name.matches("objects|[0-9a-f]{4}"), p.toString());
        } else {
          assertTrue(name.matches("[0-9a-f]{2,4}@(m[0-9a-f]{16}|d[0-9a-f]{16}-[0-9a-f]+)"), name);
          files++;
        }
      }
      assertEquals(2L * keys.size(), files, "one metadata and one data file per key");
    }
  }

  @Test
  void keys_invalid_areRejectedBeforeAnythingIsWritten() {
    try (FileObjectStore s = open()) {
      s.createBucket("bkt", true);
      for (String bad : List.of("", "x".repeat(1025), "\u00e9".repeat(513), "a\ud800")) {
        assertThrows(
            IllegalArgumentException.class,
            () -> s.put(PutRequest.builder("bkt", bad).data(b("x")).build()),
            bad.length() + " chars");
      }
      assertEquals(List.of(), s.list(ListRequest.of("bkt", "")).versions());
    }
  }

  @Test
  void buckets_nameRulesAndLifecycle() {
    try (FileObjectStore s = open()) {
      for (String bad : List.of("ab", "A-bucket", "-ab", "ab-", "a..b", "192.168.0.1", "a_b", "x".repeat(64), "..", "a.-b")) {
        assertThrows(IllegalArgumentException.class, () -> s.createBucket(bad, true), bad);
      }
      BucketInfo info = s.createBucket("my.bucket-1", false);
      assertFalse(info.versioned());
      ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> s.createBucket("my.bucket-1", true));
      assertTrue(e.getMessage().contains("already exists"));
      s.createBucket("abc", true);
      assertEquals(List.of("abc", "my.bucket-1"), s.listBuckets().stream().map(BucketInfo::name).toList());
      assertNull(s.bucket("nope"));
      assertNull(s.bucket("../x"));
      ObjectStoreException missing =
          assertThrows(ObjectStoreException.class, () -> s.put(PutRequest.builder("nope", "k").build()));
      assertTrue(missing.getMessage().contains("no such bucket 'nope'"), missing.getMessage());
    }
  }

  @Test
  void unversionedBucket_putReplacesAndDeleteRemoves() throws IOException {
    try (FileObjectStore s = open()) {
      s.createBucket("unv", false);
      s.put(PutRequest.builder("unv", "k").data(b("first")).build());
      ObjectVersion v = s.put(PutRequest.builder("unv", "k").data(b("second")).build());
      assertNull(v.versionId());
      assertArrayEquals(b("second"), read(s, v));
      assertNull(s.delete("unv", "k", null));
      assertNull(s.stat("unv", "k", null));
      assertThrows(ObjectStoreException.class, () -> s.delete("unv", "k", null));
    }
  }

  @Test
  void versionedBucket_deleteMarkerAndPermanentDelete() throws IOException {
    try (FileObjectStore s = open()) {
      s.createBucket("ver", true);
      ObjectVersion v1 = s.put(PutRequest.builder("ver", "k").data(b("1")).build());
      ObjectVersion marker = s.delete("ver", "k", null);
      assertNotNull(marker);
      assertTrue(marker.deleteMarker());
      assertEquals(marker.versionId(), s.stat("ver", "k", null).versionId());
      assertArrayEquals(b("1"), read(s, s.stat("ver", "k", v1.versionId())));
      assertNull(s.delete("ver", "k", v1.versionId()));
      assertNull(s.stat("ver", "k", v1.versionId()));
      assertNull(s.delete("ver", "k", marker.versionId()));
      assertEquals(List.of(), s.list(ListRequest.of("ver", "")).versions());
    }
  }

  @Test
  void delete_lockedVersion_isRefused() {
    try (FileObjectStore s = open()) {
      s.createBucket("ver", true);
      ObjectVersion held =
          s.put(PutRequest.builder("ver", "held").data(b("x")).legalHold(true).build());
      ObjectVersion retained =
          s.put(
              PutRequest.builder("ver", "ret")
                  .data(b("x"))
                  .retention(ObjectLock.RetentionMode.COMPLIANCE, Instant.now().plusSeconds(3600))
                  .build());
      ObjectVersion expired =
          s.put(
              PutRequest.builder("ver", "old")
                  .data(b("x"))
                  .retention(ObjectLock.RetentionMode.GOVERNANCE, Instant.now().minusSeconds(1))
                  .build());
      for (ObjectVersion v : List.of(held, retained)) {
        ObjectStoreException e =
            assertThrows(ObjectStoreException.class, () -> s.delete("ver", v.key(), v.versionId()));
        assertTrue(e.getMessage().contains("retention or legal hold"), e.getMessage());
      }
      assertNull(s.delete("ver", "old", expired.versionId()));
      assertNotNull(s.delete("ver", "held", null), "a delete marker is allowed on a locked object");
    }
  }

  @Test
  void put_recordsEverythingGiven() throws IOException {
    Clock clock = Clock.fixed(Instant.parse("2024-02-03T04:05:06.789Z"), ZoneOffset.UTC);
    try (FileObjectStore s = FileObjectStore.builder(dir.resolve("store")).clock(clock).open()) {
      s.createBucket("ver", true);
      Instant until = Instant.parse("2030-01-01T00:00:00Z");
      ObjectVersion v =
          s.put(
              PutRequest.builder("ver", "k")
                  .data(b("hello world"))
                  .userMetadata(Map.of("Content-Type", "text/plain", "X-Amz-Meta-A", "1"))
                  .tags(Map.of("env", "prod"))
                  .retention(ObjectLock.RetentionMode.GOVERNANCE, until)
                  .legalHold(true)
                  .parts(List.of(5L, 6L))
                  .internalMetadata(Map.of("X-Minio-Internal-x", "y"))
                  .build());
      ObjectVersion w = s.put(PutRequest.builder("ver", "k2").modTime(Instant.EPOCH).build());
      assertEquals(clock.instant(), v.modTime());
      assertEquals(Instant.EPOCH, w.modTime());
      assertEquals("text/plain", v.userMetadata().get("content-type"));
      assertEquals(Map.of("env", "prod"), v.tags());
      assertEquals(new ObjectLock(ObjectLock.RetentionMode.GOVERNANCE, until, true), v.lock());
      assertEquals(2, v.partCount());
      assertEquals(Map.of("X-Minio-Internal-x", "y"), v.internalMetadata());
      assertEquals(11, v.size());
    }
    try (FileObjectStore s = open()) {
      ObjectVersion again = s.stat("ver", "k", null);
      assertEquals(Instant.parse("2024-02-03T04:05:06.789Z"), again.modTime());
      assertArrayEquals(b("hello world"), read(s, again));
    }
  }

  @Test
  void put_invalidRequests_areRejectedWithTheFieldNamed() {
    try (FileObjectStore s = open()) {
      s.createBucket("ver", true);
      assertMessage(
          () -> PutRequest.builder("ver", "k").userMetadata(Map.of("A", "1", "a", "2")).build(), "given twice");
      assertMessage(() -> PutRequest.builder("ver", "k").userMetadata(Map.of("A", "x\ny")).build(), "line breaks");
      java.util.HashMap<String, String> many = new java.util.HashMap<>();
      for (int i = 0; i < 11; i++) {
        many.put("t" + i, "ver");
      }
      assertMessage(() -> PutRequest.builder("ver", "k").tags(many).build(), "at most 10 tags");
      assertMessage(() -> PutRequest.builder("ver", "k").tags(Map.of("", "ver")).build(), "tag key");
      assertMessage(() -> PutRequest.builder("ver", "k").parts(List.of(0L)).build(), "at least 1 byte");
      assertMessage(
          () -> s.put(PutRequest.builder("ver", "k").data(b("abc")).parts(List.of(1L, 1L)).build()),
          "add up to 2 but the data has 3");
      assertEquals(List.of(), s.list(ListRequest.of("ver", "")).versions());
    }
  }

  private static void assertMessage(Runnable r, String fragment) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void open_secondInstanceOnTheSameDirectory_isRefused() {
    try (FileObjectStore s = open()) {
      ObjectStoreException e = assertThrows(ObjectStoreException.class, this::open);
      assertTrue(e.getMessage().contains("already open"), e.getMessage());
      assertNotNull(s.root());
    }
    open().close();
  }

  @Test
  void open_nonEmptyForeignDirectory_isRefused() throws IOException {
    Path foreign = dir.resolve("foreign");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("notes.txt"), "mine");
    ObjectStoreException e =
        assertThrows(ObjectStoreException.class, () -> FileObjectStore.open(foreign));
    assertTrue(e.getMessage().contains("not a keyrotate store"), e.getMessage());
    assertEquals(List.of("notes.txt"), StoreInspector.list(foreign));
  }

  @Test
  void closedStore_refusesUse() {
    FileObjectStore s = open();
    s.close();
    s.close();
    assertThrows(ObjectStoreException.class, () -> s.createBucket("abc", true));
  }

  @Test
  void corruptMetadata_isAClearErrorNamingTheObject() throws IOException {
    try (FileObjectStore s = open()) {
      s.createBucket("ver", true);
      s.put(PutRequest.builder("ver", "photo.png").data(b("x")).build());
    }
    Path objects = dir.resolve("store/buckets/ver/objects");
    Path meta;
    try (Stream<Path> all = Files.walk(objects)) {
      meta = all.filter(p -> KeyCursor.metaSeq(p.getFileName().toString()) > 0).findFirst().orElseThrow();
    }
    byte[] content = Files.readAllBytes(meta);
    content[content.length / 2] ^= 1;
    Files.write(meta, content);
    try (FileObjectStore s = open()) {
      ObjectStoreException e =
          assertThrows(ObjectStoreException.class, () -> s.list(ListRequest.of("ver", "")));
      assertTrue(e.getMessage().contains("ver/photo.png"), e.getMessage());
      assertTrue(e.getMessage().contains("checksum"), e.getMessage());
      assertFalse(e.isRetryable());
    }
  }

  @Test
  void truncatedDataFile_failsTheReadInsteadOfReturningShortData() throws IOException {
    try (FileObjectStore s = open()) {
      s.createBucket("ver", true);
      ObjectVersion v = s.put(PutRequest.builder("ver", "k").data(new byte[1000]).build());
      Path data;
      try (Stream<Path> all = Files.walk(dir.resolve("store/buckets/ver/objects"))) {
        data = all.filter(p -> p.getFileName().toString().contains("@d")).findFirst().orElseThrow();
      }
      Files.write(data, new byte[10]);
      try (ReadResult r = s.open(ReadRequest.of(v))) {
        IOException e = assertThrows(IOException.class, () -> r.stream().readAllBytes());
        assertTrue(e.getMessage().contains("early"), e.getMessage());
      }
    }
  }
}
