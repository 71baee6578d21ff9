package io.keyrotate.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectVersion;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.ObjectRef;
import io.keyrotate.spi.VersionPage;
import io.keyrotate.sse.SseSpec;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.GetRequest;
import io.keyrotate.store.fs.GetResult;
import io.keyrotate.store.fs.PutRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 at random moments (issue 8, item 1): {@code keyrotate run} as a child JVM over a store of a few
 * thousand mixed versions, SIGKILLed ({@link Process#destroyForcibly()}) at seeded random moments and
 * resumed, over and over. After every kill: every version is listed, readable and decrypts to its original
 * bytes (nothing lost, nothing half written), and every version up to the checkpoint's marker is under the
 * target key (the checkpoint never skipped anything). At the end the resumed job's store equals an
 * uninterrupted run's on a copy of the same store (encryption, key, plaintext, modification time, tags).
 *
 * <p>Figures go to {@code target/reliability/kill-resume.txt}. Knobs (system properties): {@code
 * keyrotate.kill.seed}, {@code keyrotate.kill.trials}, {@code keyrotate.kill.objects}.
 */
class KillResumeIT {
  private static final long SEED = Long.getLong("keyrotate.kill.seed", 20261128L);
  private static final int TRIALS = Integer.getInteger("keyrotate.kill.trials", 30);
  private static final int OBJECTS = Integer.getInteger("keyrotate.kill.objects", 3000);
  private static final String BUCKET = "bench";
  private static final String OLD_KEY = "old-key";
  private static final String NEW_KEY = "new-key";
  private static final String JOB_ID = "kill";
  /** Versions changed per second: slow enough that the job spans all trials. */
  private static final String RATE = Integer.toString(Math.max(20, OBJECTS / TRIALS));

  @TempDir Path tmp;

  @Test
  void run_sigkilledAtRandomMomentsAndResumed_losesNothingAndEndsLikeAnUninterruptedRun(TestReporter reporter)
      throws Exception {
    long t0 = System.nanoTime();
    Path dir = tmp.resolve("store");
    Path ring = tmp.resolve("keyring");
    Map<String, String> original = seed(dir, ring);
    Path refDir = tmp.resolve("ref-store");
    Path refRing = tmp.resolve("ref-keyring");
    copyTree(dir, refDir);
    Files.copy(ring, refRing);
    Path job = tmp.resolve("job.yaml");
    Files.writeString(
        job, "keyrotate:\n  apiVersion: v1\n  bucket: " + BUCKET + "\n  encryption: {}\n", StandardCharsets.UTF_8);

    Random random = new Random(SEED);
    List<String> problems = new ArrayList<>();
    int kills = 0;
    int midJob = 0;
    int checkpointed = 0;
    long checked = 0;
    long lost = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      String out = killedRun(job, dir, ring, random, trial);
      kills++;
      boolean started = out.contains("job " + JOB_ID + ":");
      boolean finished = out.contains("job " + JOB_ID + " complete");
      if (started && !finished) {
        midJob++;
      }
      Check c = check(dir, ring, original, "trial " + trial, problems);
      checked += c.checked();
      lost += c.lost();
      if (c.marker() != null) {
        checkpointed++;
      }
    }
    Cmd.Result last = Cmd.exec(cli(), runArgs(job, dir, ring, JOB_ID));
    last.expect(0).outContains("job " + JOB_ID + " complete");
    Check end = check(dir, ring, original, "after the final resume", problems);
    checked += end.checked();
    lost += end.lost();

    Cmd.Result ref =
        Cmd.exec(cli(), "run", job.toString(), "--store", refDir.toString(), "--keyring", refRing.toString(),
            "--job-id", "ref", "--progress", "none");
    ref.expect(0).outContains("job ref complete");
    Map<String, String> expected = endState(refDir, refRing);
    Map<String, String> actual = endState(dir, ring);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);

    String figures =
        String.format(
            Locale.ROOT,
            "kill -9 / resume (KillResumeIT, seed %d)%n"
                + "objects (versions)        %d%n"
                + "trials                    %d%n"
                + "kills (SIGKILL)           %d%n"
                + "kills landed mid-job      %d%n"
                + "kills after a checkpoint  %d%n"
                + "objects checked           %d%n"
                + "lost or unreadable        %d%n"
                + "problems                  %d%n"
                + "end state = uninterrupted %b%n"
                + "runtime                   %d s%n",
            SEED, original.size(), TRIALS, kills, midJob, checkpointed, checked, lost, problems.size(),
            expected.equals(actual), seconds);
    Path report = Path.of("target", "reliability", "kill-resume.txt");
    Files.createDirectories(report.getParent());
    Files.writeString(report, figures + String.join(System.lineSeparator(), problems), StandardCharsets.UTF_8);
    reporter.publishEntry("kill-resume", figures);

    assertTrue(problems.isEmpty(), () -> problems.size() + " problems, first: " + problems.subList(0, Math.min(20, problems.size())));
    assertEquals(0, lost);
    assertEquals(expected, actual, "end state after kills and resumes = end state of an uninterrupted run");
    assertTrue(midJob >= TRIALS / 2, () -> "most kills should land mid-job: " + figures);
    assertTrue(checkpointed >= TRIALS / 3, () -> "many kills should come after a checkpoint: " + figures);
  }

  /** One trial: starts (or resumes) the job, kills it with SIGKILL after a seeded delay; its stdout. */
  private String killedRun(Path job, Path dir, Path ring, Random random, int trial) throws Exception {
    JobCheckpoint cp;
    try (LocalKms kms = LocalKms.open(ring);
        FileObjectStore s = FileObjectStore.builder(dir).kms(kms).open()) {
      cp = s.checkpoints().load(JOB_ID);
    }
    List<String> cmd = new ArrayList<>(cli());
    cmd.addAll(List.of(runArgs(job, dir, ring, cp == null ? null : JOB_ID)));
    Path out = tmp.resolve("out-" + trial + ".txt");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(tmp.resolve("err-" + trial + ".txt").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    try {
      if (trial % 5 == 4) {
        // now and then during start-up: opening the store, loading the checkpoint, the first listing
        Thread.sleep(200 + random.nextInt(700));
      } else {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (p.isAlive() && !Files.readString(out).contains("job " + JOB_ID + ":") && System.nanoTime() < end) {
          Thread.sleep(5);
        }
        Thread.sleep(random.nextInt(1500));
      }
    } finally {
      p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no pause, no final checkpoint
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "killed child exits");
    }
    return Files.readString(out);
  }

  private static String[] runArgs(Path job, Path dir, Path ring, @Nullable String resume) {
    List<String> a =
        new ArrayList<>(
            List.of("run", job.toString(), "--store", dir.toString(), "--keyring", ring.toString(),
                "--progress", "none", "--checkpoint-interval", "100", "--workers", "2", "--rate", RATE));
    if (resume != null) {
      a.addAll(List.of("--resume", resume));
    } else {
      a.addAll(List.of("--job-id", JOB_ID));
    }
    return a.toArray(String[]::new);
  }

  /** The CLI as a child JVM: the shaded jar when the build made it, else this test's class path. */
  private static List<String> cli() {
    String jar = System.getProperty("keyrotate.jar");
    if (jar != null && Files.isRegularFile(Path.of(jar))) {
      return Cmd.javaCommand("-jar", jar);
    }
    return Cmd.javaCommand("-cp", System.getProperty("java.class.path"), KeyRotateCli.class.getName());
  }

  /** What one check after a kill found. */
  private record Check(long checked, long lost, @Nullable ObjectRef marker) {}

  /**
   * Every original version is listed exactly once, reads without error and has its original plaintext;
   * every version up to the checkpoint's marker (in listing order) is under the target key.
   */
  private static Check check(Path dir, Path ring, Map<String, String> original, String when, List<String> problems) {
    long checked = 0;
    long lost = 0;
    try (LocalKms kms = LocalKms.open(ring);
        FileObjectStore s = FileObjectStore.builder(dir).kms(kms).open()) {
      JobCheckpoint cp = s.checkpoints().load(JOB_ID);
      ObjectRef marker = cp == null ? null : cp.doneThrough();
      boolean beforeMarker = marker != null;
      boolean markerSeen = false;
      Map<String, String> seen = new TreeMap<>();
      for (ObjectVersion v : versions(s)) {
        String id = v.describe();
        checked++;
        String hash;
        try (GetResult g = s.get(new GetRequest(v.bucket(), v.key(), v.versionId(), 0, -1, null))) {
          hash = Cmd.sha256(g.stream().readAllBytes());
        } catch (IOException | RuntimeException e) {
          hash = "unreadable: " + e;
        }
        if (!hash.equals(original.get(id))) {
          lost++;
          problems.add(when + ": " + id + " " + (original.containsKey(id) ? "changed or unreadable: " + hash : "appeared"));
        }
        seen.put(id, hash);
        if (beforeMarker && !(v.encryption() instanceof EncryptionState.SseKms k && NEW_KEY.equals(k.keyId()))) {
          problems.add(when + ": checkpoint " + marker.describe() + " passed " + id + " which is still " + v.encryption());
        }
        if (beforeMarker && ObjectRef.of(v).equals(marker)) {
          beforeMarker = false;
          markerSeen = true;
        }
      }
      if (marker != null && !markerSeen) {
        problems.add(when + ": the checkpoint marker " + marker.describe() + " is not a listed version");
      }
      for (String id : original.keySet()) {
        if (!seen.containsKey(id)) {
          lost++;
          problems.add(when + ": " + id + " is missing");
        }
      }
      return new Check(checked, lost, marker);
    }
  }

  /** Per version: encryption type, key id, plaintext digest, modification time, tags. */
  private static Map<String, String> endState(Path dir, Path ring) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (LocalKms kms = LocalKms.open(ring);
        FileObjectStore s = FileObjectStore.builder(dir).kms(kms).open()) {
      for (ObjectVersion v : versions(s)) {
        try (GetResult g = s.get(new GetRequest(v.bucket(), v.key(), v.versionId(), 0, -1, null))) {
          out.put(
              v.describe(),
              v.encryption() + " " + Cmd.sha256(g.stream().readAllBytes()) + " " + v.modTime() + " "
                  + new TreeMap<>(v.tags()));
        }
      }
    }
    return out;
  }

  private static List<ObjectVersion> versions(FileObjectStore s) {
    List<ObjectVersion> all = new ArrayList<>();
    ListRequest req = new ListRequest(BUCKET, "", null, ListRequest.MAX_RESULTS);
    ObjectRef next;
    do {
      VersionPage page = s.list(req);
      all.addAll(page.versions());
      next = page.next();
      req = req.withStartAfter(next);
    } while (next != null);
    return all;
  }

  /**
   * A versioned bucket of {@link #OBJECTS} versions (about a tenth of the keys with two versions):
   * plaintext, SSE-S3 and SSE-KMS under {@value #OLD_KEY}, sizes 0 to 70 KiB (mostly small), some tagged;
   * then {@value #NEW_KEY} becomes the default key. Returns each version's plaintext digest.
   */
  private static Map<String, String> seed(Path dir, Path ring) {
    Random r = new Random(SEED ^ 0x5eed);
    Map<String, String> hashes = new TreeMap<>();
    Instant base = Instant.parse("2026-06-01T00:00:00Z");
    try (LocalKms kms = LocalKms.create(ring, OLD_KEY);
        FileObjectStore s = FileObjectStore.builder(dir).kms(kms).open()) {
      s.createBucket(BUCKET, true);
      int n = 0;
      for (int i = 0; n < OBJECTS; i++) {
        int versions = r.nextInt(10) == 0 ? 2 : 1;
        for (int j = 0; j < versions && n < OBJECTS; j++, n++) {
          int size = r.nextInt(20) == 0 ? r.nextInt(70 * 1024) : r.nextInt(2048);
          byte[] data = new byte[size];
          r.nextBytes(data);
          PutRequest.Builder b =
              PutRequest.builder(BUCKET, String.format(Locale.ROOT, "d%02d/obj-%05d", i % 17, i))
                  .data(data)
                  .modTime(base.plusSeconds(r.nextInt(90 * 86400)));
          if (r.nextInt(4) == 0) {
            b.tags(Map.of("team", "t" + r.nextInt(5)));
          }
          switch (r.nextInt(3)) {
            case 0 -> {}
            case 1 -> b.encryption(SseSpec.s3());
            default -> b.encryption(SseSpec.kms(OLD_KEY, r.nextBoolean() ? Map.of() : Map.of("app", "a" + i)));
          }
          hashes.put(s.put(b.build()).describe(), Cmd.sha256(data));
        }
      }
      kms.createKey(NEW_KEY);
      kms.setDefaultKey(NEW_KEY);
    }
    return hashes;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
