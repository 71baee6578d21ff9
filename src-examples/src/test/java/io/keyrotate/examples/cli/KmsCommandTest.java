package io.keyrotate.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.kms.local.KeyInfo;
import io.keyrotate.kms.local.LocalKms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyrotate kms ...}, in-process. */
class KmsCommandTest {
  @TempDir Path tmp;

  private List<KeyInfo> keys(Path ring) {
    try (LocalKms k = LocalKms.open(ring)) {
      return k.listKeys();
    }
  }

  @Test
  void createRotateDefaultList_updateTheKeyringFile() throws IOException {
    Path ring = tmp.resolve("ring");
    String r = ring.toString();
    Cmd.run("kms", "create", "first", "--keyring", r).expect(0).outContains("created key first v1 (default)");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ring)));
    Cmd.run("kms", "create", "second", "--keyring", r).expect(0).outContains("created key second v1");
    Cmd.run("kms", "create", "third", "--keyring", r, "--default").expect(0).outContains("third v1 (default)");
    Cmd.run("kms", "rotate", "second", "--keyring", r).expect(0).outContains("rotated key second v2");
    Cmd.run("kms", "default", "second", "--keyring", r).expect(0).outContains("default key second v2 (default)");

    List<KeyInfo> keys = keys(ring);
    assertEquals(3, keys.size());
    assertEquals(List.of("first", "second", "third"), keys.stream().map(KeyInfo::name).toList());
    assertEquals(2, keys.get(1).currentVersion());
    assertTrue(keys.get(1).isDefault());

    String list = Cmd.run("kms", "list", "--keyring", r).expect(0).out();
    assertEquals(4, list.lines().count(), list);
    assertTrue(list.lines().anyMatch(l -> l.startsWith("second") && l.contains(" 2 ") && l.endsWith("yes")), list);
    assertTrue(list.lines().anyMatch(l -> l.startsWith("first") && !l.endsWith("yes")), list);
  }

  @Test
  void list_minioSecretKey_showsItsOneKeyAndNeverTheSecret() {
    String b64 = Base64.getEncoder().encodeToString(new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2});
    String out = Cmd.run("kms", "list", "--minio-secret-key", "minio-key:" + b64).expect(0).out();
    assertTrue(out.contains("minio-key") && out.contains("yes"), out);
    assertFalse(out.contains(b64));
    Cmd.Result bad = Cmd.run("kms", "rotate", "minio-key", "--minio-secret-key", "minio-key:" + b64).expect(2);
    bad.errContains("--keyring");
    assertFalse(bad.err().contains(b64), "secret never echoed");
    Cmd.Result malformed = Cmd.run("kms", "list", "--minio-secret-key", "minio-key:" + b64.substring(4)).expect(2);
    assertFalse(malformed.err().contains(b64.substring(4)), "secret never echoed: " + malformed.err());
  }

  @Test
  void kms_badInput_exit2WithOneLine() throws IOException {
    Path ring = tmp.resolve("ring");
    String r = ring.toString();
    Cmd.run("kms", "list", "--keyring", r).expect(2).errContains("--keyring: no such file");
    Cmd.run("kms", "rotate", "x", "--keyring", r).expect(2).errContains("no such file");
    Cmd.run("kms", "list").expect(2).errContains("--keyring");
    Cmd.run("kms", "create", "bad name!", "--keyring", r).expect(2);
    assertFalse(Files.exists(ring), "nothing half written");
    Cmd.run("kms", "create", "k", "--keyring", tmp.resolve("no/dir/ring").toString()).expect(2)
        .errContains("no such directory");
    Cmd.run("kms", "create", "k", "--keyring", r).expect(0);
    Cmd.run("kms", "create", "k", "--keyring", r).expect(2).errContains("already exists");
    Cmd.run("kms", "rotate", "nope", "--keyring", r).expect(2).errContains("no key 'nope'");
    Cmd.run("kms", "default", "nope", "--keyring", r).expect(2).errContains("no key 'nope'");
    Files.setPosixFilePermissions(ring, PosixFilePermissions.fromString("rw-r--r--"));
    Cmd.run("kms", "list", "--keyring", r).expect(2).errContains("chmod 600");
    Files.setPosixFilePermissions(ring, PosixFilePermissions.fromString("rw-------"));
    byte[] b = Files.readAllBytes(ring);
    b[b.length / 2] ^= 1;
    Files.write(ring, b);
    Cmd.run("kms", "list", "--keyring", r).expect(2).errContains("unusable");
    Cmd.run("kms").expect(2);
  }
}
