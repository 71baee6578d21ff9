package io.keyrotate.store.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectVersion;
import io.keyrotate.internal.files.CrashingFileOps;
import io.keyrotate.internal.files.FileOps;
import io.keyrotate.spi.BlobWrite;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.spi.ObjectRef;
import io.keyrotate.spi.ReplaceEncryptionRequest;
import io.keyrotate.spi.RewriteDataRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Interrupts every update at each of its file-system steps (the seam fails that step and refuses all
 * later ones, as a dead process would) and checks that the reopened store shows the whole old state or
 * the whole new one, and that recovery leaves no garbage.
 */
class CrashSafetyTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T05:06:07.5Z"), ZoneOffset.UTC);
  private static final String IV = "X-Minio-Internal-Server-Side-Encryption-Iv";

  private final FastTempDir dir;
  private final Path tmp;

  CrashSafetyTest() throws IOException {
    dir = new FastTempDir();
    tmp = dir.path();
  }

  @AfterEach
  void removeDirectory() {
    dir.close();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static FileObjectStore open(Path root, FileOps ops) {
    return FileObjectStore.builder(root).clock(CLOCK).fileOps(ops).open();
  }

  /** The state every scenario starts from. */
  /** Fast, never-crashing file operations (fsync skipped: nothing here simulates power loss). */
  private static FileOps fast() {
    return new CrashingFileOps(0);
  }

  private static void setUp(Path root) {
    try (FileObjectStore s = open(root, fast())) {
      s.createBucket("ver", true);
      s.createBucket("unv", false);
      s.put(PutRequest.builder("ver", "k").data(b("one")).internalMetadata(Map.of(IV, "a")).build());
      s.put(
          PutRequest.builder("ver", "k")
              .data(b("two-two"))
              .parts(List.of(3L, 4L))
              .userMetadata(Map.of("Content-Type", "text/plain"))
              .tags(Map.of("t", "1"))
              .lock(new ObjectLock(null, null, true))
              .internalMetadata(Map.of(IV, "b"))
              .build());
      s.put(PutRequest.builder("unv", "dir/u").data(b("unversioned-old")).build());
      s.internalData().write(BlobWrite.create("config/config.json", b("cfg-1")));
      s.checkpoints().save(checkpoint(1));
    }
  }

  private static JobCheckpoint checkpoint(long n) {
    return new JobCheckpoint(
        "job-1", "hash", new ObjectRef("ver", "k", null), Map.of("done", n), JobCheckpoint.Status.RUNNING,
        CLOCK.instant(), CLOCK.instant());
  }

  private static ObjectVersion version(FileObjectStore s, String bucket, String key, int index) {
    List<ObjectVersion> all = StoreInspector.versions(s, bucket, key);
    return all.get(index);
  }

  private record Scenario(String name, Consumer<FileObjectStore> op) {}

  private static List<Scenario> scenarios() {
    return List.of(
        new Scenario("put new version", s -> s.put(PutRequest.builder("ver", "k").data(b("three")).build())),
        new Scenario(
            "put new key in new directories",
            s -> s.put(PutRequest.builder("ver", "deep/er/key/\u00e9").data(b("fresh")).build())),
        new Scenario(
            "put replacing unversioned",
            s -> s.put(PutRequest.builder("unv", "dir/u").data(b("new-data")).build())),
        new Scenario(
            "put empty replacing unversioned",
            s -> s.put(PutRequest.builder("unv", "dir/u").build())),
        new Scenario(
            "replaceEncryption",
            s -> s.replaceEncryption(new ReplaceEncryptionRequest(version(s, "ver", "k", 1), Map.of(IV, "c")))),
        new Scenario(
            "rewriteData multipart",
            s ->
                s.rewriteData(
                    new RewriteDataRequest(
                        version(s, "ver", "k", 0), new ByteArrayInputStream(b("AAAAABBBBBB")), 11,
                        List.of(5L, 6L), Map.of(IV, "rewritten")))),
        new Scenario(
            "rewriteData to empty",
            s ->
                s.rewriteData(
                    new RewriteDataRequest(
                        version(s, "ver", "k", 1), new ByteArrayInputStream(new byte[0]), 0, List.of(),
                        Map.of()))),
        new Scenario("delete marker", s -> s.delete("ver", "k", null)),
        new Scenario(
            "delete version", s -> s.delete("ver", "k", version(s, "ver", "k", 1).versionId())),
        new Scenario("delete unversioned", s -> s.delete("unv", "dir/u", null)),
        new Scenario(
            "blob replace",
            s ->
                s.internalData()
                    .write(
                        BlobWrite.replace(
                            "config/config.json", b("cfg-2"),
                            Objects.requireNonNull(s.internalData().read("config/config.json")).version()))),
        new Scenario(
            "blob create", s -> s.internalData().write(BlobWrite.create("config/iam/x.json", b("{}")))),
        new Scenario("checkpoint save", s -> s.checkpoints().save(checkpoint(2))),
        new Scenario("create bucket", s -> s.createBucket("newb", true)));
  }

  @TestFactory
  Stream<DynamicTest> everyUpdate_crashAtEveryStep_leavesOldOrNewAndNoGarbage() throws IOException {
    Path template = tmp.resolve("template");
    setUp(template);
    List<String> before = snapshot(template);
    return scenarios().stream()
        .map(sc -> DynamicTest.dynamicTest(sc.name(), () -> crashEverywhere(template, before, sc, false)));
  }

  @Test
  void recovery_crashedItself_isResumedByTheNextOpen() throws IOException {
    Path template = tmp.resolve("template");
    setUp(template);
    List<String> before = snapshot(template);
    for (int i : new int[] {1, 5, 8}) {
      crashEverywhere(template, before, scenarios().get(i), true);
    }
  }

  private static List<String> snapshot(Path root) {
    try (FileObjectStore s = open(root, fast())) {
      return StoreInspector.snapshot(s);
    }
  }

  /**
   * Runs the scenario once to learn its steps and its new state, then once per step with a crash at
   * that step; with {@code crashRecovery}, the first recovery is itself crashed at each of its steps.
   */
  private void crashEverywhere(Path template, List<String> before, Scenario sc, boolean crashRecovery)
      throws IOException {
    Path base = tmp.resolve(sc.name().replace(' ', '-') + (crashRecovery ? "-r" : ""));
    Path ref = copy(template, base.resolve("ref"));
    CrashingFileOps counting = new CrashingFileOps(0);
    try (FileObjectStore s = open(ref, counting)) {
      assertEquals(List.of(), counting.log(), "opening a clean store takes no steps");
      sc.op().accept(s);
    }
    List<String> after = snapshot(ref);
    StoreInspector.assertNoLeftovers(ref);
    List<String> steps = counting.log();
    assertTrue(!steps.isEmpty(), "the update must touch the disk");
    assertTrue(!after.equals(before), "the update must change something");
    List<Boolean> outcomes = new ArrayList<>();
    int recoveryCrashes = 0;
    for (int k = 1; k <= steps.size(); k++) {
      Path d = copy(template, base.resolve("crash-" + k));
      CrashingFileOps crashing = new CrashingFileOps(k);
      try (FileObjectStore s = open(d, crashing)) {
        sc.op().accept(s);
        fail("step " + k + " of " + steps + " did not crash");
      } catch (RuntimeException expected) {
        assertTrue(crashing.crashed(), "step " + k + ": " + expected);
      }
      for (int j = 1; crashRecovery; j++) {
        try {
          open(d, new CrashingFileOps(j)).close();
          break; // recovery needed fewer than j steps
        } catch (RuntimeException expected) {
          recoveryCrashes++;
        }
      }
      List<String> now = snapshot(d);
      StoreInspector.assertNoLeftovers(d);
      boolean isNew = now.equals(after);
      assertTrue(
          isNew || now.equals(before),
          "crash at step " + k + " (" + steps.get(k - 1) + ") left a mixed state:\n" + now);
      outcomes.add(isNew);
      FastTempDir.deleteTree(d);
    }
    assertEquals(false, outcomes.get(0), "a crash at the first step leaves the old state");
    assertEquals(true, outcomes.get(outcomes.size() - 1), "a crash at the last step leaves the new state");
    int firstNew = outcomes.indexOf(true);
    assertTrue(
        outcomes.subList(firstNew, outcomes.size()).stream().allMatch(x -> x),
        "once committed, every later crash keeps the new state: " + outcomes);
    if (crashRecovery) {
      assertTrue(recoveryCrashes > 0, "some recoveries had steps to crash in");
    }
  }

  static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals(FileObjectStore.LOCK_FILE)) {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }
}
