package io.keyrotate.store.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectVersion;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.ObjectRef;
import io.keyrotate.spi.VersionPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Listing streams: the heap in use while paging through 200,000 objects is no larger than while paging
 * through 20,000. (Used heap is measured after a full GC at regular points of each listing.)
 */
class ListingHeapTest {
  private static final String BUCKET = "heap";
  private static final Map<String, String> INTERNAL =
      Map.of(
          "X-Minio-Internal-Server-Side-Encryption-Seal-Algorithm", "DAREv2-HMAC-SHA256",
          "X-Minio-Internal-Server-Side-Encryption-Iv", "gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp8=",
          "X-Minio-Internal-Server-Side-Encryption-S3-Sealed-Key",
          "IAAfAIECAwQFBgcICQoLDPhF3GEiJy6FDb/9yvToi2etiBetGIU+61NHPBsszS37/N+dHjc8VlCzDPESKKNdGg==",
          "X-Minio-Internal-Server-Side-Encryption-S3-Kms-Key-Id", "my-key");

  /**
   * Writes objects straight into the store's real on-disk layout (metadata files only, no fsync), which
   * is much faster than 200,000 crash-safe puts. Keys are {@code obj/0000000}..., so the tree has about
   * ten keys per leaf directory.
   */
  private static void bulkCreate(Path root, int from, int to) throws IOException {
    Path objects = root.resolve("buckets").resolve(BUCKET).resolve("objects");
    Path lastDir = null;
    for (int i = from; i < to; i++) {
      Location loc = Location.of(objects, String.format("obj/%07d", i));
      if (!loc.dir.equals(lastDir)) {
        Files.createDirectories(loc.dir);
        lastDir = loc.dir;
      }
      VersionRecord r =
          new VersionRecord(
              UUID.randomUUID().toString(), 1, "0123456789abcdef", Instant.ofEpochSecond(1_700_000_000L + i),
              false, 0, null, List.of(), Map.of("Content-Type", "application/octet-stream"),
              Map.of("n", Integer.toString(i)), ObjectLock.none(), INTERNAL);
      Files.write(loc.meta(1), r.encode());
    }
  }

  /** Lists everything; returns the largest heap in use after a full GC, sampled every 10 pages. */
  private static long listAndMeasure(FileObjectStore store, int expected) {
    Runtime rt = Runtime.getRuntime();
    long max = 0;
    int count = 0;
    int pages = 0;
    String lastKey = "";
    ObjectRef next = null;
    do {
      VersionPage page = store.list(new ListRequest(BUCKET, "", next, 1000));
      for (ObjectVersion v : page.versions()) {
        assertTrue(v.key().compareTo(lastKey) > 0, "keys ascend");
        lastKey = v.key();
      }
      count += page.versions().size();
      next = page.next();
      if (++pages % 10 == 0) {
        System.gc();
        max = Math.max(max, rt.totalMemory() - rt.freeMemory());
      }
    } while (next != null);
    assertEquals(expected, count);
    return max;
  }

  @Test
  void list_200kObjects_usesNoMoreHeapThan20k() throws IOException {
    try (FastTempDir dir = new FastTempDir()) {
      Path root = dir.path().resolve("store");
      try (FileObjectStore s = FileObjectStore.open(root)) {
        s.createBucket(BUCKET, false);
      }
      bulkCreate(root, 0, 20_000);
      long small;
      try (FileObjectStore s = FileObjectStore.open(root)) {
        listAndMeasure(s, 20_000); // warm-up: classes loaded, JIT settled
        small = listAndMeasure(s, 20_000);
      }
      bulkCreate(root, 20_000, 200_000);
      long large;
      try (FileObjectStore s = FileObjectStore.open(root)) {
        large = listAndMeasure(s, 200_000);
      }
      // Keeping the 180,000 extra versions (or just their keys) would take well over 4 MiB.
      long growth = large - small;
      assertTrue(
          growth < 4L << 20,
          "heap grew by " + (growth >> 10) + " KiB from 20k to 200k objects (" + (small >> 10) + " -> "
              + (large >> 10) + " KiB)");
    }
  }
}
