package io.keyrotate.kms.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.internal.files.CrashingFileOps;
import io.keyrotate.internal.files.FileOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKmsKeyringTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("keyring.bin");
  }

  private static List<String> names(LocalKms kms) {
    return kms.listKeys().stream().map(KeyInfo::name).toList();
  }

  @Test
  void create_writesAnOwnerOnlyFileWithOneDefaultKey() throws IOException {
    try (LocalKms kms = LocalKms.create(file(), "main")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
      List<KeyInfo> keys = kms.listKeys();
      assertEquals(1, keys.size());
      assertEquals("main", keys.get(0).name());
      assertEquals(1, keys.get(0).currentVersion());
      assertTrue(keys.get(0).isDefault());
      assertEquals(file().toAbsolutePath(), kms.keyringFile());
    }
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keyring.bin.lock"))));
  }

  @Test
  void create_existingFile_isRefusedAndKeepsIt() throws IOException {
    LocalKms.create(file(), "main").close();
    byte[] before = Files.readAllBytes(file());
    KmsException e = assertThrows(KmsException.class, () -> LocalKms.create(file(), "other"));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertTrue(Arrays.equals(before, Files.readAllBytes(file())));
  }

  @Test
  void updates_persistAcrossReopen() {
    try (LocalKms kms = LocalKms.create(file(), "main")) {
      kms.createKey("backup-2024");
      KeyInfo rotated = kms.rotateKey("main");
      assertEquals(2, rotated.currentVersion());
      assertEquals(3, kms.rotateKey("main").currentVersion());
      assertTrue(kms.setDefaultKey("backup-2024").isDefault());
    }
    try (LocalKms kms = LocalKms.open(file())) {
      assertEquals(List.of("backup-2024", "main"), names(kms));
      KeyInfo main = kms.listKeys().get(1);
      assertEquals(3, main.currentVersion());
      assertFalse(main.isDefault());
      assertTrue(kms.listKeys().get(0).isDefault());
      Keyring r = kms.ring();
      assertNotEquals(r.version("main", 1).key(), r.version("main", 2).key(), "versions are distinct keys");
      assertEquals(32, r.version("main", 3).key().length());
    }
  }

  @Test
  void updates_invalidRequests_areRejectedAndChangeNothing() throws IOException {
    try (LocalKms kms = LocalKms.create(file(), "main")) {
      byte[] before = Files.readAllBytes(file());
      for (String bad : List.of("", "-x", "a b", "a:b", "k\u00e9y", "x".repeat(129), "../k")) {
        assertThrows(IllegalArgumentException.class, () -> kms.createKey(bad), bad);
      }
      assertThrows(IllegalArgumentException.class, () -> kms.createKey("main"));
      assertThrows(IllegalArgumentException.class, () -> kms.rotateKey("nope"));
      assertThrows(IllegalArgumentException.class, () -> kms.setDefaultKey("nope"));
      assertTrue(Arrays.equals(before, Files.readAllBytes(file())));
      assertThrows(IllegalArgumentException.class, () -> LocalKms.create(dir.resolve("k2"), "bad name"));
    }
  }

  @Test
  void open_fileReadableByOthers_isRefusedWithAHint() throws IOException {
    LocalKms.create(file(), "main").close();
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));
    KmsException e = assertThrows(KmsException.class, () -> LocalKms.open(file()));
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  @Test
  void open_missingFile_isAClearError() {
    KmsException e = assertThrows(KmsException.class, () -> LocalKms.open(dir.resolve("nope")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void open_everyTruncation_isRefusedNeverReadAsASmallerKeyring() throws IOException {
    try (LocalKms kms = LocalKms.create(file(), "main")) {
      kms.createKey("second");
      kms.rotateKey("second");
    }
    byte[] good = Files.readAllBytes(file());
    for (int len = 0; len < good.length; len++) {
      Files.write(file(), Arrays.copyOf(good, len));
      int l = len;
      KmsException e = assertThrows(KmsException.class, () -> LocalKms.open(file()), "length " + l);
      assertTrue(e.getMessage().contains("unusable"), e.getMessage());
    }
    Files.write(file(), Arrays.copyOf(good, good.length + 1));
    assertThrows(KmsException.class, () -> LocalKms.open(file()));
  }

  @Test
  void open_everyBitFlip_isRefused() throws IOException {
    LocalKms.create(file(), "main").close();
    byte[] good = Files.readAllBytes(file());
    for (int bit = 0; bit < good.length * 8; bit++) {
      byte[] bad = good.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      Files.write(file(), bad);
      int b = bit;
      assertThrows(KmsException.class, () -> LocalKms.open(file()), "bit " + b);
    }
  }

  @Test
  void open_unknownFormatVersion_saysSo() throws IOException {
    LocalKms.create(file(), "main").close();
    byte[] content = Files.readAllBytes(file());
    content[KeyringCodec.MAGIC.length] = 9;
    Files.write(file(), content);
    KmsException e = assertThrows(KmsException.class, () -> LocalKms.open(file()));
    assertTrue(e.getMessage().contains("unsupported keyring format version 9"), e.getMessage());
  }

  @Test
  void twoInstances_updatingOneFile_loseNothing() {
    try (LocalKms a = LocalKms.create(file(), "main");
        LocalKms b = LocalKms.open(file())) {
      a.createKey("from-a");
      b.createKey("from-b");
      a.rotateKey("from-b");
      assertEquals(List.of("from-a", "from-b", "main"), names(a));
    }
    try (LocalKms c = LocalKms.open(file())) {
      assertEquals(List.of("from-a", "from-b", "main"), names(c));
      assertEquals(2, c.listKeys().get(1).currentVersion());
    }
  }

  @Test
  void rotate_crashAtEveryStep_leavesTheOldOrNewKeyringAndNoKeyLeftBehind() throws IOException {
    LocalKms.create(file(), "main").close();
    byte[] template = Files.readAllBytes(file());
    CrashingFileOps counting = new CrashingFileOps(0);
    try (LocalKms kms = LocalKms.open(file(), counting, Clock.systemUTC())) {
      kms.rotateKey("main");
    }
    int steps = counting.log().size();
    assertTrue(steps >= 4, counting.log().toString());
    boolean sawOld = false;
    boolean sawNew = false;
    for (int k = 1; k <= steps; k++) {
      Files.write(file(), template);
      Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));
      CrashingFileOps crashing = new CrashingFileOps(k);
      try (LocalKms kms = LocalKms.open(file(), crashing, Clock.systemUTC())) {
        assertThrows(KmsException.class, () -> kms.rotateKey("main"), "step " + k);
      }
      try (LocalKms kms = LocalKms.open(file(), FileOps.system(), Clock.systemUTC())) {
        int v = kms.listKeys().get(0).currentVersion();
        assertTrue(v == 1 || v == 2, "step " + k + ": version " + v);
        sawOld |= v == 1;
        sawNew |= v == 2;
      }
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(
            List.of("keyring.bin", "keyring.bin.lock"),
            files.map(p -> p.getFileName().toString()).sorted().toList(),
            "temporary keyring copies are removed on open");
      }
    }
    assertTrue(sawOld && sawNew);
  }

  @Test
  void close_wipesKeyMaterial() {
    LocalKms kms = LocalKms.create(file(), "main");
    kms.rotateKey("main");
    Keyring r = kms.ring();
    kms.close();
    for (List<Keyring.MasterKey> versions : r.keys.values()) {
      for (Keyring.MasterKey m : versions) {
        SecretBytes s = m.key();
        assertTrue(s.isClosed());
      }
    }
    assertThrows(KmsException.class, kms::listKeys);
  }
}
