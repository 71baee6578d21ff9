package io.keyrotate.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectVersion;
import io.keyrotate.kms.local.KeyInfo;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.spi.BlobInfo;
import io.keyrotate.spi.BlobListRequest;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.GetRequest;
import io.keyrotate.store.fs.GetResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyrotate demo}. */
class DemoCommandTest {
  @TempDir Path tmp;

  /** Seeds a demo store at {@code dir} (keyring at {@code dir/keyring}). */
  static void demo(Path dir) {
    Cmd.run("demo", "--store", dir.toString()).expect(0);
  }

  static List<ObjectVersion> versions(FileObjectStore s) {
    return s.list(new ListRequest(DemoCommand.BUCKET, "", null, 1000)).versions();
  }

  @Test
  void demo_seedsAMixedBucketAndKeyring() throws IOException {
    Path dir = tmp.resolve("kr");
    Cmd.Result r = Cmd.run("demo", "--store", dir.toString()).expect(0);
    r.outContains("created demo store").outContains("next: keyrotate run");
    Path ring = dir.resolve("keyring");
    try (LocalKms kms = LocalKms.open(ring);
        FileObjectStore s = FileObjectStore.builder(dir).kms(kms).open()) {
      List<KeyInfo> keys = kms.listKeys();
      assertEquals(List.of(DemoCommand.NEW_KEY, DemoCommand.OLD_KEY), keys.stream().map(KeyInfo::name).toList());
      assertTrue(keys.get(0).isDefault());
      assertEquals(2, keys.get(0).currentVersion());

      List<ObjectVersion> vs = versions(s);
      Map<String, Integer> kinds = new HashMap<>();
      int locked = 0;
      int tagged = 0;
      int markers = 0;
      int multipart = 0;
      int outdated = 0;
      int current = 0;
      Instant now = Instant.now();
      for (ObjectVersion v : vs) {
        if (v.deleteMarker()) {
          markers++;
          continue;
        }
        EncryptionState e = v.encryption();
        kinds.merge(StoreCommand.encryption(e), 1, Integer::sum);
        locked += v.lock().isLockedAt(now) ? 1 : 0;
        tagged += v.tags().isEmpty() ? 0 : 1;
        multipart += v.partCount() > 1 ? 1 : 0;
        if (e instanceof EncryptionState.SseKms && DemoCommand.NEW_KEY.equals(((EncryptionState.SseKms) e).keyId())) {
          KmsCiphertext ct = KmsCiphertext.fromBase64(v.internalMetadata().get(EncryptionState.KMS_DATA_KEY));
          KeyVersionState st = kms.isCurrent(new IsCurrentRequest(DemoCommand.NEW_KEY, ct));
          outdated += st == KeyVersionState.OUTDATED ? 1 : 0;
          current += st == KeyVersionState.CURRENT ? 1 : 0;
        }
        // every version reads back (SSE-C excepted: its key is not kept)
        if (!(e instanceof EncryptionState.SseC)) {
          try (GetResult g = s.get(new GetRequest(v.bucket(), v.key(), v.versionId(), 0, -1, null))) {
            assertEquals(g.size(), g.stream().readAllBytes().length);
          }
        }
      }
      assertTrue(kinds.get("PLAINTEXT") >= 3, kinds.toString());
      assertTrue(kinds.get("SSE_S3") >= 2, kinds.toString());
      assertTrue(kinds.get("SSE_KMS") >= 5, kinds.toString());
      assertEquals(1, kinds.get("SSE_C"), kinds.toString());
      assertEquals(2, locked);
      assertTrue(tagged >= 3);
      assertEquals(1, markers);
      assertEquals(1, multipart);
      assertEquals(1, outdated);
      assertEquals(1, current);
      assertTrue(vs.stream().filter(v -> v.key().equals("docs/readme.txt")).count() == 3);

      List<BlobInfo> blobs = s.internalData().list(new BlobListRequest("", null, 100)).blobs();
      assertEquals(5, blobs.size(), blobs.toString());
    }
  }

  @Test
  void demo_existingStore_refusedUnlessReset() throws IOException {
    Path dir = tmp.resolve("kr");
    demo(dir);
    byte[] ring = Files.readAllBytes(dir.resolve("keyring"));
    Cmd.run("demo", "--store", dir.toString()).expect(2).errContains("--reset");
    Cmd.run("demo", "--store", dir.toString(), "--reset").expect(0);
    assertNotEquals(Cmd.sha256(ring), Cmd.sha256(Files.readAllBytes(dir.resolve("keyring"))), "a new keyring");

    Path other = tmp.resolve("other");
    Files.createDirectories(other);
    Files.writeString(other.resolve("precious.txt"), "keep me");
    Cmd.run("demo", "--store", other.toString(), "--reset").expect(2).errContains("not a keyrotate store");
    assertEquals("keep me", Files.readString(other.resolve("precious.txt")));

    Path ext = tmp.resolve("ext-ring");
    Cmd.run("demo", "--store", tmp.resolve("kr2").toString(), "--keyring", ext.toString()).expect(0);
    assertTrue(Files.exists(ext));
    assertFalse(Files.exists(tmp.resolve("kr2").resolve("keyring")));
    Cmd.run("demo", "--store", tmp.resolve("kr3").toString(), "--keyring", ext.toString())
        .expect(2)
        .errContains("exists");
    assertFalse(Files.exists(tmp.resolve("kr3").resolve(Cli.STORE_MARKER)), "nothing half written");
  }
}
