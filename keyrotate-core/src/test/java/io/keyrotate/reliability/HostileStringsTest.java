package io.keyrotate.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.ObjectVersion;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.PutRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 keys and tags may hold control characters: they must round-trip through the store unchanged, and
 * the identities printed in messages and log lines ({@code describe()}) must stay on one line, so an
 * object named {@code "x\nINFO forged"} cannot forge a log line.
 */
class HostileStringsTest {
  @TempDir Path dir;

  @Test
  void fileObjectStore_hostileTagsAndKeys_roundTripAndDescribeOnOneLine() throws Exception {
    String key = "dir/\n\r\u0000\u001b[31mFAKE INFO forged";
    Map<String, String> tags = Map.of("k\n\u0000", "v\r\n\u001b" + "x".repeat(200), "big", "y".repeat(256));
    try (FileObjectStore store = FileObjectStore.open(dir.resolve("store"))) {
      store.createBucket("demo", true);
      store.put(PutRequest.builder("demo", key).data(new byte[3]).tags(tags).build());
      ObjectVersion v = store.stat("demo", key, null);
      assertEquals(tags, v.tags());
      assertEquals(key, store.list(io.keyrotate.spi.ListRequest.of("demo", "")).versions().get(0).key());
      for (String text : List.of(v.describe(), io.keyrotate.spi.ObjectRef.of(v).describe())) {
        for (char c : text.toCharArray()) {
          assertFalse(c < 0x20 || c == 0x7f, "raw control character in: " + text);
        }
        assertTrue(text.contains("\\u000a"), text);
      }
    }
  }
}
