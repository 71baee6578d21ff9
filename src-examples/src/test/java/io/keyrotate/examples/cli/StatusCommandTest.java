package io.keyrotate.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.spi.ObjectRef;
import io.keyrotate.store.fs.FileObjectStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyrotate status}, reading checkpoints saved in a store. */
class StatusCommandTest {
  @TempDir Path tmp;

  @Test
  @SuppressWarnings("try") // the open store is the point: it holds the directory's lock
  void status_listsCheckpointedJobsAndShowsOneInDetail() {
    Path dir = tmp.resolve("s");
    Cmd.run("store", "mkbucket", "--store", dir.toString(), "bkt").expect(0);
    String empty = Cmd.run("status", "--store", dir.toString()).expect(0).out();
    assertEquals(1, empty.lines().count(), empty);
    Instant t = Instant.parse("2026-11-28T10:00:00Z");
    try (FileObjectStore s = FileObjectStore.open(dir)) {
      s.checkpoints().save(
          new JobCheckpoint(
              "job-a", "0".repeat(64), new ObjectRef("bkt", "k/1", "v1"),
              Map.of("versions", 10L, "action.ENCRYPT", 3L, "action.REWRAP", 4L, "action.SKIP", 2L, "action.FAIL", 1L),
              JobCheckpoint.Status.FAILED, t, t.plusSeconds(5)));
      s.checkpoints().save(
          new JobCheckpoint("job-b", "1".repeat(64), null, Map.of(), JobCheckpoint.Status.COMPLETE, t, t));
    }
    String list = Cmd.run("status", "--store", dir.toString()).expect(0).out();
    String[] lines = list.split("\n");
    assertEquals(3, lines.length, list);
    assertTrue(lines[1].matches("job-a\\s+failed\\s+2026-11-28T10:00:00Z\\s+2026-11-28T10:00:05Z\\s+10\\s+7\\s+2\\s+1"), lines[1]);
    assertTrue(lines[2].startsWith("job-b ") && lines[2].contains("complete"), lines[2]);

    String one = Cmd.run("status", "--store", dir.toString(), "job-a").expect(0).out();
    assertTrue(one.contains("failed (continue it with run --resume job-a)"), one);
    assertTrue(one.contains("done through bkt/k/1@v1"), one);
    assertTrue(one.contains("action.REWRAP") && one.contains(" 4"), one);

    Cmd.run("status", "--store", dir.toString(), "job-zzz").expect(2).errContains("no job 'job-zzz'");
    Cmd.run("status", "--store", tmp.resolve("none").toString()).expect(2).errContains("not a keyrotate store");
    Cmd.run("status").expect(2).errContains("--store");
    try (FileObjectStore busy = FileObjectStore.open(dir)) {
      // another user of the store (here: this JVM) holds it: try again later, not bad input
      Cmd.run("status", "--store", dir.toString()).expect(1).errContains("already open");
    }
  }
}
