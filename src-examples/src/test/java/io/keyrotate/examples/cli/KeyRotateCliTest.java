package io.keyrotate.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.CipherSuite;
import io.keyrotate.crypto.Dare;
import io.keyrotate.crypto.DareEncryptOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the CLI in-process through {@link KeyRotateCli#run(PrintWriter, PrintWriter, String...)}. */
class KeyRotateCliTest {
  private static final String KEY =
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  private static final String OTHER_KEY =
      "ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

  @TempDir Path dir;
  private Path plain;
  private byte[] plaintext = new byte[0];
  private String stdout = "";
  private String stderr = "";

  @BeforeEach
  void setUp() throws IOException {
    plaintext = new byte[3 * 65536 + 77];
    new Random(3).nextBytes(plaintext);
    plain = dir.resolve("plain.bin");
    Files.write(plain, plaintext);
  }

  private int run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = KeyRotateCli.run(new PrintWriter(out), new PrintWriter(err), args);
    stdout = out.toString();
    stderr = err.toString();
    return code;
  }

  private int dare(String op, String key, Path in, Path out, String... extra) {
    List<String> args =
        Stream.concat(
                Stream.of("dare", op, "--key", key, "--in", in.toString(), "--out", out.toString()),
                Stream.of(extra))
            .collect(Collectors.toList());
    return run(args.toArray(new String[0]));
  }

  private void assertOneLineError() {
    assertEquals(1, stderr.strip().lines().count(), stderr);
    assertTrue(stderr.startsWith("keyrotate: "), stderr);
    assertFalse(stderr.contains("\tat "), "no stack trace: " + stderr);
    assertFalse(stderr.toLowerCase(java.util.Locale.ROOT).contains(KEY.substring(8)), "key leaked");
  }

  private void assertNoStrayFiles(String... expected) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names =
          files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
      assertEquals(Stream.of(expected).sorted().collect(Collectors.toList()), names);
    }
  }

  @Test
  void dare_encryptThenDecrypt_bothSuitesAndSequence_exit0() throws IOException {
    for (CipherSuite suite : CipherSuite.values()) {
      Path enc = dir.resolve("enc-" + suite);
      Path dec = dir.resolve("dec-" + suite);
      assertEquals(0, dare("encrypt", KEY, plain, enc, "--cipher", suite.name(), "--sequence", "9"));
      assertEquals("", stderr);
      byte[] ct = Files.readAllBytes(enc);
      assertEquals(Dare.encryptedSize(plaintext.length), ct.length);
      assertEquals(suite.id(), ct[1]);
      assertEquals(0, dare("decrypt", KEY, enc, dec, "--sequence", "9"));
      assertArrayEquals(plaintext, Files.readAllBytes(dec));
      assertEquals(1, dare("decrypt", KEY, enc, dir.resolve("x"), "--sequence", "8"));
      assertOneLineError();
    }
  }

  @Test
  void decrypt_streamFromTheLibrary_exit0() throws IOException {
    Path enc = dir.resolve("lib.dare");
    try (SecretBytes k = SecretBytes.copyOf(HexFormat.of().parseHex(KEY))) {
      Files.write(enc, Dare.encrypt(plaintext, k, DareEncryptOptions.defaults()));
    }
    Path dec = dir.resolve("dec");
    assertEquals(0, dare("decrypt", KEY, enc, dec));
    assertArrayEquals(plaintext, Files.readAllBytes(dec));
  }

  @Test
  void decrypt_tamperedFile_exit1AndNoOutput() throws IOException {
    Path enc = dir.resolve("enc");
    assertEquals(0, dare("encrypt", KEY, plain, enc));
    byte[] ct = Files.readAllBytes(enc);
    ct[ct.length - 1] ^= 1; // last tag byte: the first three packages authenticate first
    Files.write(enc, ct);
    Path dec = dir.resolve("dec");
    assertEquals(1, dare("decrypt", KEY, enc, dec));
    assertOneLineError();
    assertTrue(stderr.contains("authentication failed"), stderr);
    assertNoStrayFiles("plain.bin", "enc");
  }

  @Test
  void decrypt_truncatedAtPackageBoundary_exit1AndNoOutput() throws IOException {
    Path enc = dir.resolve("enc");
    assertEquals(0, dare("encrypt", KEY, plain, enc));
    byte[] ct = Files.readAllBytes(enc);
    Files.write(enc, java.util.Arrays.copyOf(ct, 2 * Dare.MAX_PACKAGE_SIZE));
    assertEquals(1, dare("decrypt", KEY, enc, dir.resolve("dec")));
    assertOneLineError();
    assertTrue(stderr.contains("no final package"), stderr);
    assertNoStrayFiles("plain.bin", "enc");
  }

  @Test
  void decrypt_wrongKeyOrWrongCipher_exit1() throws IOException {
    Path enc = dir.resolve("enc");
    assertEquals(0, dare("encrypt", KEY, plain, enc));
    assertEquals(1, dare("decrypt", OTHER_KEY, enc, dir.resolve("dec")));
    assertOneLineError();
    assertEquals(1, dare("decrypt", KEY, enc, dir.resolve("dec"), "--cipher", "CHACHA20_POLY1305"));
    assertOneLineError();
    assertTrue(stderr.contains("unsupported cipher suite"), stderr);
    assertNoStrayFiles("plain.bin", "enc");
  }

  @Test
  void decrypt_existingOutputAndFailure_outputLeftUntouched() throws IOException {
    Path dec = dir.resolve("dec");
    Files.writeString(dec, "previous");
    assertEquals(1, dare("decrypt", KEY, plain, dec)); // plaintext is not a DARE stream
    assertEquals("previous", Files.readString(dec));
  }

  @Test
  void decrypt_emptyInput_exit1UnlessAllowed() throws IOException {
    Path empty = dir.resolve("empty");
    Files.write(empty, new byte[0]);
    assertEquals(0, dare("encrypt", KEY, empty, dir.resolve("e.dare")));
    assertEquals(0, Files.size(dir.resolve("e.dare")));
    assertEquals(1, dare("decrypt", KEY, dir.resolve("e.dare"), dir.resolve("d")));
    assertOneLineError();
    assertEquals(0, dare("decrypt", KEY, dir.resolve("e.dare"), dir.resolve("d"), "--allow-empty"));
    assertEquals(0, Files.size(dir.resolve("d")));
  }

  @Test
  void dare_badArguments_exit2WithOneLine() {
    Path out = dir.resolve("out");
    assertEquals(2, dare("encrypt", "zz" + KEY.substring(2), plain, out));
    assertOneLineError();
    assertTrue(stderr.contains("--key: not a hex string"), stderr);
    assertEquals(2, dare("encrypt", KEY.substring(2), plain, out));
    assertOneLineError();
    assertTrue(stderr.contains("64 hex digits"), stderr);
    assertEquals(2, dare("encrypt", KEY, dir.resolve("missing"), out));
    assertOneLineError();
    assertTrue(stderr.contains("--in: no such file"), stderr);
    assertEquals(2, dare("encrypt", KEY, plain, dir.resolve("nodir").resolve("out")));
    assertOneLineError();
    assertEquals(2, dare("encrypt", KEY, plain, out, "--cipher", "DES"));
    assertOneLineError();
    assertEquals(2, dare("encrypt", KEY, plain, out, "--sequence", "-1"));
    assertOneLineError();
    assertEquals(2, dare("decrypt", KEY, plain, out, "--sequence", "4294967296"));
    assertOneLineError();
    assertEquals(2, dare("decrypt", KEY, plain, out, "--sequence", "seven"));
    assertOneLineError();
    assertEquals(2, run("dare", "encrypt", "--key", KEY, "--in", plain.toString()));
    assertOneLineError();
    assertTrue(stderr.contains("--out"), stderr);
    assertEquals(2, run("dare", "frobnicate"));
    assertOneLineError();
    assertEquals(2, run("dare"));
    assertOneLineError();
    assertEquals(2, run());
    assertOneLineError();
    assertFalse(Files.exists(out));
  }

  @Test
  void help_flag_exit0AndListsSubcommands() {
    assertEquals(0, run("--help"));
    assertTrue(stdout.contains("dare"), stdout);
    assertEquals(0, run("dare", "decrypt", "--help"));
    assertTrue(stdout.contains("--out"), stdout);
    assertEquals(0, run("--version"));
  }
}
