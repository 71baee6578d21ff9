package io.keyrotate.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded runnable jar ({@code src-examples/target/keyrotate.jar}), after {@code package}. */
class KeyRotateJarIT {
  @TempDir Path tmp;

  static Cmd.Result jar(String... args) {
    Path jar = Path.of(System.getProperty("keyrotate.jar", "target/keyrotate.jar"));
    assertTrue(Files.isRegularFile(jar), "the build made " + jar);
    return Cmd.jar(jar, args);
  }

  @Test
  void jar_everyCommand_runsWithItsOwnDependencies() throws IOException {
    Path dir = tmp.resolve("kr");
    String store = dir.toString();
    String ring = dir.resolve("keyring").toString();
    jar("--version").expect(0).outContains("keyrotate");
    jar("generate").expect(0).outContains("apiVersion: v1");
    jar("validate", "jobs/filtered.yaml").expect(0);
    jar("validate", "pom.xml").expect(2);
    jar("demo", "--store", store).expect(0);
    jar("kms", "list", "--keyring", ring).expect(0).outContains("old-key-id");
    jar("store", "ls", "--store", store, "my-bucket").expect(0).outContains("SSE_C");
    jar("store", "stat", "--store", store, "my-bucket/images/dog.jpg").expect(0).outContains("\"keyId\":\"old-key-id\"");
    jar("run", "jobs/encrypt-plaintext.yaml", "--store", store, "--keyring", ring, "--dry-run").expect(0)
        .outContains("DRY RUN");
    jar("run", "jobs/encrypt-plaintext.yaml", "--store", store, "--keyring", ring, "--job-id", "p1").expect(0)
        .outContains("job p1 complete");
    jar("status", "--store", store).expect(0).outContains("p1");
    Path out = tmp.resolve("readme");
    jar("store", "get", "--store", store, "my-bucket/docs/readme.txt", "--out", out.toString(), "--keyring", ring)
        .expect(0);
    assertTrue(Files.readString(out).startsWith("Welcome, version 3."));
    Path in = tmp.resolve("in");
    Files.write(in, new byte[] {4, 5, 6});
    Path enc = tmp.resolve("enc");
    String key = "ab".repeat(32);
    jar("dare", "encrypt", "--key", key, "--in", in.toString(), "--out", enc.toString()).expect(0);
    jar("dare", "decrypt", "--key", key, "--in", enc.toString(), "--out", out.toString()).expect(0);
    assertArrayEquals(new byte[] {4, 5, 6}, Files.readAllBytes(out));
    Cmd.Result bad = jar("store", "stat", "--store", store, "my-bucket/nope");
    assertEquals(1, bad.code());
    bad.assertOneLineError();
  }
}
