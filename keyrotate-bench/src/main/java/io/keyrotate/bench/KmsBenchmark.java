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
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
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
  private Key rawKey;
  private Cipher rawGcm;
  private final byte[] rawIn = new byte[32];
  private final byte[] rawOut = new byte[48];
  private final byte[] rawNonce = new byte[12];
  private final byte[] rawAad = "{\"mybucket\":\"mybucket/photos/cat.png\"}".getBytes(StandardCharsets.UTF_8);
  private final SecureRandom random = new SecureRandom();

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
    rawSetUp(Long.parseLong(m.group(1)));
    tmp = Files.createTempDirectory("kr-bench-kms");
    local = LocalKms.create(tmp.resolve("keyring"), "bench");
    hsmCiphertext = ciphertext(hsm);
    localCiphertext = ciphertext(local);
  }

  /** The floor: the same token key through a separately configured SunPKCS11 provider, bare JCA calls. */
  private void rawSetUp(long slot) {
    try {
      Provider p =
          Security.getProvider("SunPKCS11")
              .configure("--name = bench\nlibrary = /usr/lib/softhsm/libsofthsm2.so\nslot = " + slot + "\n");
      KeyStore ks = KeyStore.getInstance("PKCS11", p);
      ks.load(null, PIN.toCharArray());
      rawKey = ks.getKey("bench", null);
      rawGcm = Cipher.getInstance("AES/GCM/NoPadding", p);
      new SecureRandom().nextBytes(rawIn);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
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

  /**
   * The floor of {@link #pkcs11GenerateKey}: one AES-GCM encryption of 32 bytes with a fresh nonce and
   * the context as AAD under the same token key, bare {@code Cipher} calls (no data-key draw, header,
   * request values or wiping).
   */
  @Benchmark
  public int pkcs11RawGcmEncrypt() throws GeneralSecurityException {
    random.nextBytes(rawNonce);
    rawGcm.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, rawNonce));
    rawGcm.updateAAD(rawAad);
    return rawGcm.doFinal(rawIn, 0, rawIn.length, rawOut, 0);
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
