package io.keyrotate.kms.pkcs11;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Throw-away SoftHSM2 tokens for the tests of this package, shared by the whole test JVM.
 *
 * <p>SoftHSM2 reads {@code SOFTHSM2_CONF} once, when the first provider initialises the library, and does
 * not see tokens other processes create later. So the build sets {@code SOFTHSM2_CONF} for the test JVM
 * (surefire {@code environmentVariables}, pointing into {@code target/softhsm}), and the first test that
 * needs a token writes that file, empties the token directory and creates every token with {@code
 * softhsm2-util} before any provider loads the library. Tests therefore call {@link #get()} before
 * touching SunPKCS11.
 *
 * <p>When SoftHSM2 is not installed the tests are skipped with a message, except when the environment
 * variable {@code CI} is set: then they fail.
 */
final class SoftHsm {
  static final String PIN = "4715-user";
  static final String SO_PIN = "9263-so";
  private static final List<Path> LIBRARIES =
      List.of(
          Path.of("/usr/lib/softhsm/libsofthsm2.so"),
          Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
          Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
          Path.of("/usr/lib64/pkcs11/libsofthsm2.so"),
          Path.of("/usr/local/lib/softhsm/libsofthsm2.so"),
          Path.of("/opt/homebrew/lib/softhsm/libsofthsm2.so"));
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static @Nullable SoftHsm instance;
  private static @Nullable String unavailable;

  final Path library;
  final Path dir;
  /** The token every test shares. */
  final long mainSlot;
  /** A token that a test may destroy (its directory is deleted to simulate a removed token). */
  final long doomedSlot;
  final Path doomedTokenDir;

  private SoftHsm(Path library, Path dir, long mainSlot, long doomedSlot, Path doomedTokenDir) {
    this.library = library;
    this.dir = dir;
    this.mainSlot = mainSlot;
    this.doomedSlot = doomedSlot;
    this.doomedTokenDir = doomedTokenDir;
  }

  /** The tokens; skips (outside CI) or fails (in CI) the calling test when SoftHSM2 is missing. */
  static synchronized SoftHsm get() {
    if (instance == null && unavailable == null) {
      try {
        instance = setUp();
      } catch (Unavailable e) {
        unavailable = e.getMessage();
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("cannot set up SoftHSM2 tokens: " + e, e);
      }
    }
    if (instance == null) {
      String why = String.valueOf(unavailable);
      String ci = System.getenv("CI");
      if (ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false")) {
        fail("CI is set, so the PKCS#11 tests must run, but " + why);
      }
      Assumptions.abort("PKCS#11 tests skipped: " + why + " (install Debian's softhsm2 package)");
    }
    return instance;
  }

  private static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  private static SoftHsm setUp() throws Unavailable, IOException, InterruptedException {
    Path library = null;
    String override = System.getenv("KEYROTATE_SOFTHSM2_LIBRARY");
    List<Path> candidates = override != null ? List.of(Path.of(override)) : LIBRARIES;
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        library = p;
        break;
      }
    }
    if (library == null) {
      throw new Unavailable("libsofthsm2.so was not found (looked in " + candidates + ")");
    }
    String conf = System.getenv("SOFTHSM2_CONF");
    if (conf == null || conf.isEmpty()) {
      throw new Unavailable(
          "SOFTHSM2_CONF is not set for the test JVM (run the tests through Maven, which sets it)");
    }
    Path confFile = Path.of(conf).toAbsolutePath();
    Path dir = confFile.getParent();
    Path tokens = dir.resolve("tokens");
    deleteTree(tokens);
    Files.createDirectories(tokens);
    Files.writeString(
        confFile,
        "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n"
            + "slots.removable = false\n",
        StandardCharsets.UTF_8);
    long main = initToken(confFile, "keyrotate-main");
    Set<Path> before = listDirs(tokens);
    long doomed = initToken(confFile, "keyrotate-doomed");
    Set<Path> created = listDirs(tokens);
    created.removeAll(before);
    if (created.size() != 1) {
      throw new IllegalStateException("cannot tell the doomed token's directory: " + created);
    }
    return new SoftHsm(library, dir, main, doomed, created.iterator().next());
  }

  private static Set<Path> listDirs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new HashSet<>(s.toList());
    }
  }

  private static long initToken(Path conf, String label)
      throws Unavailable, IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        "softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", SO_PIN));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SOFTHSM2_CONF", conf.toString());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new Unavailable("softhsm2-util is not on the PATH");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("softhsm2-util --init-token failed: " + out);
    }
    Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("softhsm2-util did not name the new slot: " + out);
    }
    return Long.parseLong(m.group(1));
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  /** A key name no other test uses. */
  static String uniqueName(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  /** A configuration of the shared token with the PIN as a {@code char[]}. */
  Pkcs11Config.Builder config(String defaultKey) {
    return Pkcs11Config.builder()
        .library(library)
        .slot(mainSlot)
        .pin(PIN.toCharArray())
        .defaultKey(defaultKey);
  }
}
