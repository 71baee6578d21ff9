package io.keyrotate.kms.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.KmsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file of Pkcs11Kms: required keys, typos, PIN sources, redaction. */
class Pkcs11ConfigTest {
  @TempDir Path dir;

  private Path file(String text) throws IOException {
    Path f = dir.resolve("pkcs11.properties");
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  private String error(String text) throws IOException {
    Path f = file(text);
    KmsException e = assertThrows(KmsException.class, () -> Pkcs11Config.read(f));
    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().startsWith(f.toString()), "names the file: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void read_fullFile_givesEveryField() throws IOException {
    Pkcs11Config c =
        Pkcs11Config.read(
            file(
                "# comment\nlibrary = /usr/lib/softhsm/libsofthsm2.so\nslot = 1555376690\n"
                    + "pin.file = secret/hsm.pin\nkeys = orders, archive\ndefaultKey = orders\n"));
    assertEquals(Path.of("/usr/lib/softhsm/libsofthsm2.so"), c.library());
    assertEquals(1555376690L, c.slot());
    assertNull(c.slotListIndex());
    assertEquals(List.of("orders", "archive"), c.keys());
    assertEquals("orders", c.defaultKey());
    assertEquals("file " + dir.resolve("secret/hsm.pin"), c.pin().toString(), "relative to the file");
  }

  @Test
  void read_slotListIndexAndEnvironmentPin_withoutKeys_servesAllKeys() throws IOException {
    Pkcs11Config c =
        Pkcs11Config.read(file("library=/l.so\nslotListIndex=2\npin.env=HSM_PIN\ndefaultKey=k\n"));
    assertEquals(2, c.slotListIndex());
    assertNull(c.slot());
    assertEquals(List.of(), c.keys());
    assertEquals("env HSM_PIN", c.pin().toString());
  }

  @Test
  void read_missingOrConflictingFields_namesThem() throws IOException {
    assertTrue(error("slot=1\npin.env=P\ndefaultKey=k\n").contains("'library'"));
    assertTrue(error("library=/l.so\npin.env=P\ndefaultKey=k\n").contains("'slot'"));
    assertTrue(error("library=/l.so\nslot=1\nslotListIndex=0\npin.env=P\ndefaultKey=k\n").contains("exactly one"));
    assertTrue(error("library=/l.so\nslot=1\ndefaultKey=k\n").contains("PIN source"));
    assertTrue(error("library=/l.so\nslot=1\npin.env=P\npin.file=f\ndefaultKey=k\n").contains("only one"));
    assertTrue(error("library=/l.so\nslot=1\npin.env=P\n").contains("'defaultKey'"));
    assertTrue(error("library=/l.so\nslot=-1\npin.env=P\ndefaultKey=k\n").contains("'slot'"));
    assertTrue(error("library=/l.so\nslot=x\npin.env=P\ndefaultKey=k\n").contains("'slot'"));
    assertTrue(error("library=\nslot=1\npin.env=P\ndefaultKey=k\n").contains("'library' is empty"));
    assertTrue(error("library=/l.so\nslot=1\npin.env=P\nkeys=a,b\ndefaultKey=k\n").contains("not among 'keys'"));
    assertTrue(error("library=/l.so\nslot=1\npin.env=P\ndefaultKey=k#2\n").contains("not a key name"));
  }

  @Test
  void read_unknownKeyOrInlinePin_isRefusedWithoutEchoingThePin() throws IOException {
    String m = error("library=/l.so\nslot=1\npin.env=P\ndefaultKey=k\ndefaultkey=x\n");
    assertTrue(m.contains("unknown key 'defaultkey'"), m);
    String pin = error("library=/l.so\nslot=1\npin=83920\ndefaultKey=k\n");
    assertTrue(pin.contains("never put the PIN itself here"), pin);
    assertFalse(pin.contains("83920"), pin);
  }

  @Test
  void read_missingFile_namesIt() {
    Path f = dir.resolve("none.properties");
    KmsException e = assertThrows(KmsException.class, () -> Pkcs11Config.read(f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void pinFile_trailingNewlineIgnoredAndContentRead() throws IOException {
    Path pin = dir.resolve("pin");
    Files.writeString(pin, "12 34\r\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(pin, PosixFilePermissions.fromString("rw-r-----"));
    Pkcs11Config c =
        Pkcs11Config.builder().library(Path.of("/l.so")).slot(1).pinFromFile(pin).defaultKey("k").build();
    assertArrayEquals("12 34".toCharArray(), c.pin().read());
  }

  @Test
  void pinFile_emptyOrReadableByOthers_isRefused() throws IOException {
    Path pin = dir.resolve("pin");
    Files.writeString(pin, "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(pin, PosixFilePermissions.fromString("rw-------"));
    Pkcs11Config c =
        Pkcs11Config.builder().library(Path.of("/l.so")).slot(1).pinFromFile(pin).defaultKey("k").build();
    assertTrue(assertThrows(KmsException.class, () -> c.pin().read()).getMessage().contains("empty"));
    // Letters, not digits: the message names the file, whose random temp directory name has digits.
    Files.writeString(pin, "PinJqXzW", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(pin, PosixFilePermissions.fromString("rw----r--"));
    KmsException e = assertThrows(KmsException.class, () -> c.pin().read());
    assertTrue(e.getMessage().contains("readable by others"), e.getMessage());
    assertFalse(e.getMessage().contains("PinJqXzW"), e.getMessage());
  }

  @Test
  void pinEnvironment_unsetVariable_namesIt() {
    Pkcs11Config c =
        Pkcs11Config.builder().library(Path.of("/l.so")).slot(1)
            .pinFromEnvironment("KEYROTATE_TEST_SURELY_UNSET_PIN").defaultKey("k").build();
    KmsException e = assertThrows(KmsException.class, () -> c.pin().read());
    assertTrue(e.getMessage().contains("KEYROTATE_TEST_SURELY_UNSET_PIN"), e.getMessage());
  }

  @Test
  void toString_arrayPin_isRedactedAndWipeZeroes() {
    char[] pin = "s3cr3t-pin".toCharArray();
    Pkcs11Config c =
        Pkcs11Config.builder().library(Path.of("/l.so")).slotListIndex(0).pin(pin).defaultKey("k").build();
    assertFalse(c.toString().contains("s3cr3t"), c.toString());
    assertTrue(c.toString().contains("redacted"), c.toString());
    c.pin().wipe();
    assertArrayEquals(new char[pin.length], pin);
  }
}
