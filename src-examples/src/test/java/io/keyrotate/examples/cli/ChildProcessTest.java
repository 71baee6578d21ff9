package io.keyrotate.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command as a child process ({@code java -cp <test class path> KeyRotateCli}): the real {@code
 * main}, real exit codes through {@code System.exit}, real stdout and stderr.
 */
class ChildProcessTest {
  @TempDir Path tmp;

  @Test
  void everyCommand_asAChildProcess_exitCodesAndOneLineErrors() throws IOException {
    Path dir = tmp.resolve("kr");
    String store = dir.toString();
    String ring = dir.resolve("keyring").toString();
    Cmd.child("--help").expect(0).outContains("Commands:");
    Cmd.child("--version").expect(0).outContains("keyrotate");
    Cmd.child().expect(2);
    Cmd.child("frobnicate").expect(2);

    Cmd.child("generate").expect(0).outContains("keyrotate:");
    Cmd.child("validate", "jobs/encrypt-plaintext.yaml").expect(0).outContains("ok");
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "keyrotate:\n  apiVersion: v1\n  bucket: my-bucket\n  retry:\n    attempts: -1\n");
    Cmd.child("validate", bad.toString()).expect(2).errContains("line");

    Cmd.child("demo", "--store", store).expect(0).outContains("my-bucket");
    Cmd.child("demo", "--store", store).expect(2).errContains("--reset");

    Cmd.child("kms", "list", "--keyring", ring).expect(0).outContains("new-key");
    Cmd.child("kms", "create", "third", "--keyring", ring).expect(0);
    Cmd.child("kms", "rotate", "third", "--keyring", ring).expect(0).outContains("v2");
    Cmd.child("kms", "default", "nope", "--keyring", ring).expect(2).errContains("no key 'nope'");

    Path data = tmp.resolve("data");
    Files.write(data, new byte[] {1, 2, 3, 4, 5});
    Cmd.child("store", "mkbucket", "--store", store, "second").expect(0);
    Cmd.child("store", "put", "--store", store, "second/x", "--file", data.toString(), "--sse", "kms",
            "--keyring", ring)
        .expect(0).outContains("SSE_KMS key new-key");
    Path out = tmp.resolve("out");
    Cmd.child("store", "get", "--store", store, "second/x", "--out", out.toString(), "--keyring", ring)
        .expect(0);
    assertArrayEquals(Files.readAllBytes(data), Files.readAllBytes(out));
    Cmd.child("store", "ls", "--store", store, "second").expect(0).outContains("second/x".substring(7));
    Cmd.child("store", "stat", "--store", store, "second/x").expect(0).outContains("\"encryption\":\"SSE_KMS\"");
    Cmd.child("store", "rm", "--store", store, "second/x").expect(0);
    Cmd.child("store", "stat", "--store", store, "second/x").expect(1).errContains("no such object");
    Cmd.child("store", "put", "--store", store, "second/y", "--file", data.toString(), "--sse", "c:00")
        .expect(2).errContains("64 hex digits");

    Cmd.child("status", "--store", store).expect(0).outContains("JOB ID");
    Cmd.child("run", "jobs/encrypt-and-rotate.yaml", "--store", store, "--keyring", ring, "--workers", "0")
        .expect(2).errContains("--workers");
    Cmd.child("run", "jobs/encrypt-and-rotate.yaml", "--store", store, "--keyring", ring, "--job-id", "child")
        .expect(0).outContains("job child complete");
    Cmd.child("status", "--store", store, "child").expect(0).outContains("status       complete");
    Cmd.child("run", "jobs/encrypt-and-rotate.yaml", "--store", store, "--keyring", ring, "--job-id", "child")
        .expect(2).errContains("resume");

    Path enc = tmp.resolve("enc");
    String key = "00".repeat(32);
    Cmd.child("dare", "encrypt", "--key", key, "--in", data.toString(), "--out", enc.toString()).expect(0);
    Cmd.child("dare", "decrypt", "--key", "11".repeat(32), "--in", enc.toString(), "--out", out.toString())
        .expect(1).errContains("authentication");

    Cmd.Result verbose = Cmd.child("store", "stat", "--store", store, "second/x", "--verbose");
    assertEquals(1, verbose.code());
    assertTrue(verbose.err().contains("\tat "), verbose.err());
  }

  @Test
  void run_interruptedProcess_pausesAtACheckpointAndResumes() throws Exception {
    Path dir = tmp.resolve("kr");
    String store = dir.toString();
    String ring = dir.resolve("keyring").toString();
    Cmd.run("demo", "--store", store).expect(0);
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    java.util.List<String> cmd =
        new java.util.ArrayList<>(
            Cmd.javaCommand("-cp", System.getProperty("java.class.path"), KeyRotateCli.class.getName()));
    cmd.addAll(java.util.List.of("run", "jobs/encrypt-and-rotate.yaml", "--store", store, "--keyring", ring,
        "--job-id", "slow", "--rate", "2", "--workers", "1"));
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    long end = System.nanoTime() + 60_000_000_000L;
    while (!Files.readString(out).contains("job slow:") && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    Thread.sleep(1500); // a few versions done at 2 per second
    p.destroy(); // SIGTERM: the shutdown hook pauses the job
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    String e = Files.readString(err);
    assertTrue(e.contains("job slow is paused at its checkpoint; continue with --resume slow"), e);
    Cmd.run("status", "--store", store, "slow").expect(0).outContains("status       paused");
    Cmd.Result r = Cmd.run("run", "jobs/encrypt-and-rotate.yaml", "--store", store, "--keyring", ring, "--resume", "slow")
        .expect(0);
    assertTrue(r.out().contains("job slow complete") && r.out().contains("total                17"), r.out());
  }
}
