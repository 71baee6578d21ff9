package io.keyrotate.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectVersion;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.GetRequest;
import io.keyrotate.store.fs.GetResult;
import io.keyrotate.store.fs.PutRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyrotate run} on a demo store: rotations, dry runs, reports, progress, resume, input checks. */
class RunCommandTest {
  @TempDir Path tmp;
  Path dir;
  String store;
  String ring;
  String job = "jobs/encrypt-and-rotate.yaml";

  @BeforeEach
  void setUp() {
    dir = tmp.resolve("kr");
    DemoCommandTest.demo(dir);
    store = dir.toString();
    ring = dir.resolve("keyring").toString();
  }

  @Test
  void run_badInput_exit2AndStoreUntouched() throws IOException {
    var before = Cmd.hashTree(dir);
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "keyrotate:\n  apiVersion: v2\n  bucket: my-bucket\n");
    Path other = tmp.resolve("other.yaml");
    Files.writeString(other, "keyrotate:\n  apiVersion: v1\n  bucket: other-bucket\n");
    Cmd.run("run", bad.toString(), "--store", store, "--keyring", ring).expect(2).errContains("apiVersion");
    Cmd.run("run", tmp.resolve("nope.yaml").toString(), "--store", store, "--keyring", ring)
        .expect(2).errContains("no such job file");
    Cmd.run("run", other.toString(), "--store", store, "--keyring", ring)
        .expect(2).errContains("bucket 'other-bucket'");
    Cmd.run("run", job, "--store", store).expect(2).errContains("--keyring");
    Cmd.run("run", job, "--store", store, "--keyring", tmp.resolve("none").toString())
        .expect(2).errContains("--keyring: no such file");
    Cmd.run("run", job, "--store", tmp.resolve("none").toString(), "--keyring", ring)
        .expect(2).errContains("not a keyrotate store");
    Cmd.run("run", job, "--store", store, "--keyring", ring, "--workers", "0").expect(2).errContains("--workers");
    Cmd.run("run", job, "--store", store, "--keyring", ring, "--workers", "x").expect(2).errContains("--workers");
    Cmd.run("run", job, "--store", store, "--keyring", ring, "--rate", "-1").expect(2).errContains("--rate");
    Cmd.run("run", job, "--store", store, "--keyring", ring, "--progress", "loud").expect(2).errContains("--progress");
    Cmd.run("run", job, "--store", store, "--keyring", ring, "--checkpoint-interval", "5")
        .expect(2).errContains("--checkpoint-interval");
    Cmd.run("run", job, "--store", store, "--keyring", ring, "--report", tmp.resolve("no/dir/r.jsonl").toString())
        .expect(2).errContains("--report");
    Cmd.run("run", job, "--store", store, "--keyring", ring, "--resume", "a", "--job-id", "b")
        .expect(2).errContains("not both");
    Cmd.run("run", job, "--store", store, "--keyring", ring, "--frobnicate").expect(2).errContains("--frobnicate");
    Cmd.run("run", "--store", store, "--keyring", ring).expect(2).errContains("JOB.yaml");
    org.junit.jupiter.api.Assertions.assertEquals(before, Cmd.hashTree(dir));
  }

  /** Plaintext digest of every readable version (SSE-C excepted), by key@version, plus its encryption. */
  private Map<String, String> contents() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (LocalKms kms = LocalKms.open(Path.of(ring));
        FileObjectStore s = FileObjectStore.builder(dir).kms(kms).open()) {
      for (ObjectVersion v : DemoCommandTest.versions(s)) {
        if (v.deleteMarker() || v.encryption() instanceof EncryptionState.SseC) {
          out.put(v.describe(), StoreCommand.encryption(v.encryption()));
          continue;
        }
        try (GetResult g = s.get(new GetRequest(v.bucket(), v.key(), v.versionId(), 0, -1, null))) {
          out.put(v.describe(), Cmd.sha256(g.stream().readAllBytes()));
        }
      }
    }
    return out;
  }

  private static long count(String summary, String action) {
    Matcher m = Pattern.compile("(?m)^  " + action + "\\s+(\\d+)").matcher(summary);
    assertTrue(m.find(), () -> action + " in\n" + summary);
    return Long.parseLong(m.group(1));
  }

  @Test
  void run_encryptAndRotate_changesEveryEligibleVersionAndKeepsTheData() throws IOException {
    Map<String, String> before = contents();
    Path report = tmp.resolve("report.jsonl");
    String out =
        Cmd.run("run", job, "--store", store, "--keyring", ring, "--report", report.toString(), "--workers", "3")
            .expect(0)
            .outContains("complete")
            .out();
    assertEquals(5, count(out, "encrypt"), out);
    assertEquals(2, count(out, "convert"), out);
    assertEquals(5, count(out, "rewrap"), out);
    assertEquals(5, count(out, "skip"), out);
    assertEquals(0, count(out, "fail"), out);
    assertEquals(17, count(out, "total"), out);
    assertTrue(out.contains("SSE_C_UNSUPPORTED 1") && out.contains("LOCKED_PLAINTEXT 1"), out);
    assertTrue(out.contains("internal data: 3 rotated"), out);
    assertEquals(before, contents(), "every plaintext byte is unchanged");
    List<String> lines = Files.readAllLines(report);
    assertEquals(17, lines.size());
    assertTrue(lines.stream().allMatch(l -> l.startsWith("{\"bucket\":\"my-bucket\"") && l.endsWith("}")));

    try (LocalKms kms = LocalKms.open(Path.of(ring));
        FileObjectStore s = FileObjectStore.builder(dir).kms(kms).open()) {
      for (ObjectVersion v : DemoCommandTest.versions(s)) {
        EncryptionState e = v.encryption();
        boolean exempt = v.deleteMarker() || e instanceof EncryptionState.SseC || v.lock().legalHold()
            || v.lock().retainUntil() != null;
        if (!exempt) {
          assertEquals(new EncryptionState.SseKms("new-key", ((EncryptionState.SseKms) e).context()), e, v.describe());
        }
      }
    }
    // a second run finds nothing left to do
    String again = Cmd.run("run", job, "--store", store, "--keyring", ring).expect(0).out();
    assertEquals(0, count(again, "encrypt") + count(again, "convert") + count(again, "rewrap"), again);
    String status = Cmd.run("status", "--store", store).expect(0).out();
    assertEquals(3, status.lines().count(), status);
    assertTrue(status.lines().skip(1).allMatch(l -> l.contains(" complete ")), status);
  }

  @Test
  void run_dryRun_writesNothingAndReportsThePlan() throws IOException {
    var before = Cmd.hashTree(dir);
    Path report = tmp.resolve("plan.jsonl");
    String out =
        Cmd.run("run", job, "--store", store, "--keyring", ring, "--dry-run", "--report", report.toString())
            .expect(0)
            .outContains("DRY RUN (nothing written)")
            .out();
    assertEquals(12, count(out, "encrypt") + count(out, "convert") + count(out, "rewrap"), out);
    assertEquals(before, Cmd.hashTree(dir), "the store directory is byte for byte unchanged");
    assertTrue(Files.readString(report).contains("\"plan\":\"WOULD_CHANGE\""));
    assertEquals(1, Cmd.run("status", "--store", store).expect(0).out().lines().count(), "no checkpoint");
  }

  @Test
  void run_rotateKmsKeyJob_selectsOnlyTheOldKey() {
    String out = Cmd.run("run", "jobs/rotate-kmskey.yaml", "--store", store, "--keyring", ring).expect(0).out();
    assertEquals(0, count(out, "encrypt") + count(out, "convert"), out);
    assertEquals(4, count(out, "rewrap"), out); // dog, two app.log versions, video; signed.pdf is locked
    assertTrue(out.contains("kmskey"), out);
  }

  @Test
  void run_progress_plainLinesOrALiveLine() {
    String plain =
        Cmd.run("run", job, "--store", store, "--keyring", ring, "--dry-run", "--rate", "40", "--progress",
                "plain", "--progress-interval", "50")
            .expect(0)
            .out();
    assertTrue(plain.lines().anyMatch(l -> l.matches("(running|paused) \\d+/(\\d+|\\?) versions .* obj/s .*ETA.*")), plain);
    String live =
        Cmd.run("run", job, "--store", store, "--keyring", ring, "--dry-run", "--rate", "40", "--progress", "live")
            .expect(0)
            .out();
    assertTrue(live.contains("\r") && live.contains(" versions "), live);
    String none = Cmd.run("run", job, "--store", store, "--keyring", ring, "--dry-run", "--progress", "none")
        .expect(0).out();
    assertFalse(none.contains(" obj/s "), none);
  }

  @Test
  void run_failedVersion_exit1ThenResumeCompletes() throws IOException {
    String damaged;
    try (FileObjectStore s = FileObjectStore.open(dir)) {
      Map<String, String> bad = Map.of(EncryptionState.KMS_KEY_ID, "old-key-id",
          EncryptionState.KMS_DATA_KEY, Base64.getEncoder().encodeToString(new byte[8]));
      damaged = s.put(PutRequest.builder("my-bucket", "broken/object").data(new byte[10]).internalMetadata(bad).build())
          .versionId();
    }
    Cmd.Result r = Cmd.run("run", job, "--store", store, "--keyring", ring, "--job-id", "job-7").expect(1);
    r.errContains("job job-7 failed: 1 version(s) failed").errContains("--resume job-7");
    assertTrue(r.out().contains("FAILED my-bucket/broken/object@" + damaged + ": INVALID_ENCRYPTION_METADATA"), r.out());
    Cmd.run("status", "--store", store, "job-7").expect(0).outContains("failed (continue it with run --resume job-7)");
    Cmd.run("run", job, "--store", store, "--keyring", ring, "--job-id", "job-7").expect(2).errContains("resume");
    Cmd.run("store", "rm", "--store", store, "my-bucket/broken/object", "--version-id", damaged).expect(0);
    Cmd.run("run", job, "--store", store, "--keyring", ring, "--resume", "job-7").expect(0).outContains("resumed job job-7");
    Cmd.run("status", "--store", store, "job-7").expect(0).outContains("status       complete");
    Cmd.run("run", job, "--store", store, "--keyring", ring, "--resume", "job-7").expect(2).errContains("complete");
    Cmd.run("run", job, "--store", store, "--keyring", ring, "--resume", "no-such-job").expect(2).errContains("no checkpoint");
  }

  @Test
  void run_keyThatIsNotTheDefault_exit2BeforeAnythingIsTouched() throws IOException {
    var before = Cmd.hashTree(dir);
    Path f = tmp.resolve("oldkey.yaml");
    Files.writeString(f, "keyrotate:\n  apiVersion: v1\n  bucket: my-bucket\n  encryption:\n    key: old-key-id\n");
    Cmd.run("run", f.toString(), "--store", store, "--keyring", ring).expect(2).errContains("default key");
    assertEquals(before, Cmd.hashTree(dir));
  }

  @Test
  void run_minioSecretKey_rotatesMinioBuiltinKmsObjects() throws IOException {
    String secret = "minio-key:" + Base64.getEncoder().encodeToString(new byte[32]);
    Path s2 = tmp.resolve("minio");
    Path data = tmp.resolve("d");
    Files.write(data, new byte[] {1, 2, 3});
    Cmd.run("store", "mkbucket", "--store", s2.toString(), "my-bucket").expect(0);
    Cmd.run("store", "put", "--store", s2.toString(), "my-bucket/a", "--file", data.toString()).expect(0);
    Cmd.run("store", "put", "--store", s2.toString(), "my-bucket/b", "--file", data.toString(), "--sse", "s3",
        "--minio-secret-key", secret).expect(0);
    String out = Cmd.run("run", job, "--store", s2.toString(), "--minio-secret-key", secret).expect(0).out();
    assertEquals(1, count(out, "encrypt"), out);
    assertEquals(1, count(out, "convert"), out);
    Cmd.run("store", "stat", "--store", s2.toString(), "my-bucket/a").expect(0).outContains("\"keyId\":\"minio-key\"");
  }

  @Test
  void run_everyJobFile_runsOnTheDemoStore() throws IOException {
    for (Path f : JobFilesTest.jobFiles()) {
      Cmd.run("run", f.toString(), "--store", store, "--keyring", ring, "--dry-run").expect(0).outContains("DRY RUN");
    }
    String filtered = Cmd.run("run", "jobs/filtered.yaml", "--store", store, "--keyring", ring).expect(0).out();
    assertEquals(2, count(filtered, "convert"), filtered); // cat.png and bird.gif (SSE-S3)
    assertEquals(1, count(filtered, "rewrap"), filtered); // dog.jpg
    assertEquals(3, count(filtered, "total"), filtered); // only images/ is listed
    String locked = Cmd.run("run", "jobs/force-locked.yaml", "--store", store, "--keyring", ring).expect(0).out();
    assertEquals(1, count(locked, "rewrap"), locked); // signed.pdf, under retention, forced
    assertTrue(locked.contains("LOCKED_PLAINTEXT 1"), locked); // contract.pdf stays plaintext
  }
}
