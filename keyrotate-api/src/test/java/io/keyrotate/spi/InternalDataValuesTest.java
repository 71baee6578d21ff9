package io.keyrotate.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InternalDataValuesTest {

  @Test
  void blob_contentCopiedAndNotShown() throws Exception {
    byte[] c = "secret-json".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Blob b = Blob.of("config/config.json", "v1", c);
    c[0] = 'X';
    assertEquals('s', b.content()[0]);
    assertEquals(11, b.size());
    assertArrayEquals(b.content(), b.openStream().readAllBytes());
    assertFalse(b.toString().contains("secret"), b.toString());
  }

  @Test
  void blobWrite_createAndReplace_carryExpectedVersion() {
    assertNull(BlobWrite.create("a/b", new byte[0]).expectedVersion());
    BlobWrite w = BlobWrite.replace("a/b", new byte[] {1}, "gen-7");
    assertEquals("gen-7", w.expectedVersion());
    assertEquals(1, w.size());
    assertTrue(w.toString().contains("gen-7"));
    assertThrows(IllegalArgumentException.class, () -> BlobWrite.replace("a", new byte[0], "has space"));
    assertThrows(IllegalArgumentException.class, () -> BlobWrite.replace("a", new byte[0], ""));
  }

  @Test
  void blobName_pathTricks_rejected() {
    for (String bad :
        List.of("", "/abs", "trailing/", "a//b", ".", "..", "a/../b", "a/./b", "../x", "a\u0000b",
            "a\nb", "x".repeat(1025), "\u00e9".repeat(513), "\udc00")) {
      assertThrows(IllegalArgumentException.class, () -> Blob.of(bad, "v", new byte[0]), bad);
    }
    for (String good :
        List.of("config/iam/users/alice/identity.json", "a", "..a/b..", ".hidden/x", "x".repeat(1024),
            "\u00e9".repeat(512), "buckets/b/.metadata.bin", "u/\ud83d\ude00")) {
      assertEquals(good, Blob.of(good, "v", new byte[0]).name());
    }
  }

  @Test
  void blobListRequest_pageSize_checked() {
    assertEquals(ListRequest.DEFAULT_MAX_RESULTS, BlobListRequest.of("").maxResults());
    assertEquals("x", BlobListRequest.of("").withStartAfter("x").startAfter());
    assertThrows(IllegalArgumentException.class, () -> new BlobListRequest("", null, 0));
    assertThrows(IllegalArgumentException.class, () -> new BlobInfo("a", "v", -1));
  }

  @Test
  void jobCheckpoint_validatesAndCopies() {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    HashMap<String, Long> counters = new HashMap<>(Map.of("rewrap", 3L, "bytes", 10L));
    JobCheckpoint c =
        new JobCheckpoint(
            "job-1", "abc123", new ObjectRef("b", "k", null), counters, JobCheckpoint.Status.RUNNING,
            t, t.plusSeconds(1));
    counters.put("x", 1L);
    assertEquals(List.of("bytes", "rewrap"), List.copyOf(c.counters().keySet()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new JobCheckpoint("j", "h", null, Map.of("n", -1L), JobCheckpoint.Status.RUNNING, t, t));
    assertThrows(
        IllegalArgumentException.class,
        () -> new JobCheckpoint("j", "h", null, Map.of(), JobCheckpoint.Status.RUNNING, t, t.minusNanos(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new JobCheckpoint("j\n", "h", null, Map.of(), JobCheckpoint.Status.RUNNING, t, t));
    assertThrows(
        IllegalArgumentException.class,
        () -> new JobCheckpoint("j", "h h", null, Map.of(), JobCheckpoint.Status.RUNNING, t, t));
    assertEquals("job ✓", JobCheckpoint.checkJobId("job ✓"));
  }
}
