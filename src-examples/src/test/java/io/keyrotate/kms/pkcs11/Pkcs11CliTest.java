package io.keyrotate.kms.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.examples.cli.KeyRotateCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --pkcs11-config FILE} wherever {@code --keyring FILE} is accepted, against a SoftHSM2 token
 * (skipped without SoftHSM2 unless {@code CI} is set; see {@link SoftHsm}). Lives in this package to
 * share keyrotate-core's token helper from its test-jar.
 */
class Pkcs11CliTest {
  @TempDir Path tmp;
  Path config;
  String key;

  @BeforeEach
  void setUp() throws IOException {
    SoftHsm hsm = SoftHsm.get();
    key = SoftHsm.uniqueName("cli");
    Path pin = tmp.resolve("hsm.pin");
    Files.writeString(pin, SoftHsm.PIN + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(pin, PosixFilePermissions.fromString("rw-------"));
    config = tmp.resolve("pkcs11.properties");
    Files.writeString(
        config,
        "library = " + hsm.library + "\nslot = " + hsm.mainSlot + "\npin.file = hsm.pin\ndefaultKey = " + key
            + "\nkeys = " + key + "\n",
        StandardCharsets.UTF_8);
  }

  record Result(int code, String out, String err) {}

  static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = KeyRotateCli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  static Result ok(String... args) {
    Result r = cli(args);
    assertEquals(0, r.code(), () -> String.join(" ", args) + "\n" + r.out() + r.err());
    assertEquals("", r.err());
    return r;
  }

  static void fails(int code, String message, String... args) {
    Result r = cli(args);
    assertEquals(code, r.code(), () -> String.join(" ", args) + "\n" + r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("keyrotate: ") && r.err().contains(message), r.err());
    assertFalse(r.err().contains(SoftHsm.PIN), "the PIN never appears");
  }

  @Test
  void kmsCommands_pkcs11Config_manageKeysOnTheToken() {
    String c = config.toString();
    assertTrue(ok("kms", "create", key, "--pkcs11-config", c).out().contains(key + " v1 (default)"));
    String list = ok("kms", "list", "--pkcs11-config", c).out();
    assertTrue(list.lines().anyMatch(l -> l.startsWith(key) && l.endsWith("yes")), list);
    assertTrue(ok("kms", "rotate", key, "--pkcs11-config", c).out().contains("rotated key " + key + " v2"));
    fails(2, "configuration file", "kms", "default", key, "--pkcs11-config", c);
    fails(2, "no key 'nope'", "kms", "rotate", "nope", "--pkcs11-config", c);
    fails(2, "not several", "kms", "list", "--pkcs11-config", c, "--keyring", c);
    fails(2, "--pkcs11-config: no such file", "kms", "list", "--pkcs11-config", tmp.resolve("x").toString());
  }

  @Test
  void pkcs11Config_badFile_exit2NamingTheEntry() throws IOException {
    Path bad = tmp.resolve("bad.properties");
    Files.writeString(bad, Files.readString(config) + "pin = " + SoftHsm.PIN + "\n");
    fails(2, "--pkcs11-config", "kms", "list", "--pkcs11-config", bad.toString());
    Files.writeString(bad, "library = /nonexistent/lib.so\n");
    fails(2, "--pkcs11-config", "kms", "list", "--pkcs11-config", bad.toString());
  }

  @Test
  void storePutGet_pkcs11Config_sealsUnderTheTokensKey() throws IOException {
    String c = config.toString();
    ok("kms", "create", key, "--pkcs11-config", c);
    Path store = tmp.resolve("store");
    ok("store", "mkbucket", "--store", store.toString(), "my-bucket", "--versioned");
    byte[] data = new byte[100_000];
    new Random(1).nextBytes(data);
    Path in = tmp.resolve("in");
    Files.write(in, data);
    assertTrue(
        ok("store", "put", "--store", store.toString(), "my-bucket/a", "--file", in.toString(), "--sse", "kms",
                "--pkcs11-config", c)
            .out()
            .contains("SSE_KMS key " + key));
    Path out = tmp.resolve("out");
    ok("store", "get", "--store", store.toString(), "my-bucket/a", "--out", out.toString(), "--pkcs11-config", c);
    assertArrayEquals(data, Files.readAllBytes(out));

    // after a rotation inside the token, run rewraps the object under the new key version
    ok("kms", "rotate", key, "--pkcs11-config", c);
    Path job = tmp.resolve("job.yaml");
    Files.writeString(job, "keyrotate:\n  apiVersion: v1\n  bucket: my-bucket\n  encryption: {}\n");
    String summary = ok("run", job.toString(), "--store", store.toString(), "--pkcs11-config", c).out();
    assertTrue(summary.contains("REWRAP") || summary.matches("(?s).*rewrap\\s+1 .*"), summary);
    String again = ok("run", job.toString(), "--store", store.toString(), "--pkcs11-config", c).out();
    assertTrue(again.contains("ALREADY_CURRENT 1"), again);
    ok("store", "get", "--store", store.toString(), "my-bucket/a", "--out", out.toString(), "--pkcs11-config", c);
    assertArrayEquals(data, Files.readAllBytes(out));
  }

  /** Runs {@code java -cp <test class path> KeyRotateCli args}; the child inherits SOFTHSM2_CONF. */
  @Test
  void kmsList_pkcs11ConfigInAChildProcess_exit0() throws Exception {
    ok("kms", "create", key, "--pkcs11-config", config.toString());
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), KeyRotateCli.class.getName(), "kms", "list",
        "--pkcs11-config", config.toString()));
    Path err = tmp.resolve("stderr");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains(key), out);
    assertEquals("", Files.readString(err), "nothing but errors on stderr");
  }
}
