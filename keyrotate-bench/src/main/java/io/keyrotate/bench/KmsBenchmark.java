package io.keyrotate.bench;

import io.keyrotate.SecretBytes;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.kms.pkcs11.Pkcs11Config;
import io.keyrotate.kms.pkcs11.Pkcs11Kms;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code generateKey} and {@code decrypt} of a 32-byte data key: {@link Pkcs11Kms} on a SoftHSM2 token
 * against {@link LocalKms} (keyring file) in the same run. Each call carries MinIO's one-entry context.
 *
 * <p>SoftHSM2 reads its configuration from {@code SOFTHSM2_CONF} once per process, so the benchmark JVM
 * must be started with it set (JMH's forks inherit it); the setup writes that file, points its token
 * directory next to it, and creates a throw-away token with {@code softhsm2-util}. See README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KmsBenchmark {
  private static final Map<String, String> CONTEXT = Map.of("mybucket", "mybucket/photos/cat.png");
  private static final String PIN = "bench-1234";

  private Path tmp;
  private Pkcs11Kms hsm;
  private LocalKms local;
  private KmsCiphertext hsmCiphertext;
  private KmsCiphertext localCiphertext;

  /** Creates the SoftHSM2 token and the keyring, and one ciphertext of each to decrypt. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, InterruptedException {
    String conf = System.getenv("SOFTHSM2_CONF");
    if (conf == null || conf.isEmpty()) {
      throw new IllegalStateException(
          "start the benchmark with SOFTHSM2_CONF set, e.g. SOFTHSM2_CONF=/tmp/kr-bench-softhsm/softhsm2.conf");
    }
    Path confFile = Path.of(conf).toAbsolutePath();
    Path tokens = confFile.getParent().resolve("tokens");
    delete(tokens);
    Files.createDirectories(tokens);
    Files.writeString(
        confFile,
        "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n",
        StandardCharsets.UTF_8);
    ProcessBuilder pb =
        new ProcessBuilder(
                "softhsm2-util", "--init-token", "--free", "--label", "bench", "--pin", PIN, "--so-pin",
                "bench-so")
            .redirectErrorStream(true);
    pb.environment().put("SOFTHSM2_CONF", confFile.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("softhsm2-util failed: " + out);
    }
    Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no slot in: " + out);
    }
    hsm =
        Pkcs11Kms.create(
            Pkcs11Config.builder()
                .library(Path.of("/usr/lib/softhsm/libsofthsm2.so"))
                .slot(Long.parseLong(m.group(1)))
                .pin(PIN.toCharArray())
                .defaultKey("bench")
                .build());
    tmp = Files.createTempDirectory("kr-bench-kms");
    local = LocalKms.create(tmp.resolve("keyring"), "bench");
    hsmCiphertext = ciphertext(hsm);
    localCiphertext = ciphertext(local);
  }

  private static KmsCiphertext ciphertext(Kms kms) {
    try (DataKey k = kms.generateKey(new GenerateKeyRequest("bench", CONTEXT))) {
      return k.ciphertext();
    }
  }

  private static void delete(Path p) throws IOException {
    if (Files.exists(p)) {
      try (Stream<Path> s = Files.walk(p)) {
        for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(q);
        }
      }
    }
  }

  /** Closes both KMSs and removes the keyring. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    hsm.close();
    local.close();
    delete(tmp);
  }

  private static int generate(Kms kms) {
    try (DataKey k = kms.generateKey(new GenerateKeyRequest("bench", CONTEXT))) {
      return k.ciphertext().length();
    }
  }

  private static int decrypt(Kms kms, KmsCiphertext ct) {
    try (SecretBytes p = kms.decrypt(new DecryptRequest("bench", ct, CONTEXT))) {
      return p.length();
    }
  }

  /** A fresh data key sealed inside the SoftHSM2 token. */
  @Benchmark
  public int pkcs11GenerateKey() {
    return generate(hsm);
  }

  /** A data key opened inside the SoftHSM2 token. */
  @Benchmark
  public int pkcs11Decrypt() {
    return decrypt(hsm, hsmCiphertext);
  }

  /** A fresh data key sealed by the keyring KMS (HMAC-derived key + JDK AES-GCM). */
  @Benchmark
  public int localGenerateKey() {
    return generate(local);
  }

  /** A data key opened by the keyring KMS. */
  @Benchmark
  public int localDecrypt() {
    return decrypt(local, localCiphertext);
  }
}
