package io.keyrotate.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyrotate run}: input checks made before anything is touched. */
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
    Cmd.run("run", job, "--store", store, "--keyring", ring, "--report", tmp.resolve("no/dir/r.jsonl").toString())
        .expect(2).errContains("--report");
    Cmd.run("run", job, "--store", store, "--keyring", ring, "--resume", "a", "--job-id", "b")
        .expect(2).errContains("not both");
    Cmd.run("run", job, "--store", store, "--keyring", ring, "--frobnicate").expect(2).errContains("--frobnicate");
    Cmd.run("run", "--store", store, "--keyring", ring).expect(2).errContains("JOB.yaml");
    org.junit.jupiter.api.Assertions.assertEquals(before, Cmd.hashTree(dir));
  }
}
