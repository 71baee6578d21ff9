package io.keyrotate.bench;

import io.keyrotate.SecretBytes;
import io.keyrotate.sse.AeadCipher;
import io.keyrotate.sse.KmsContext;
import io.keyrotate.sse.ObjectKey;
import io.keyrotate.sse.Rewrap;
import io.keyrotate.sse.RewrapRequest;
import io.keyrotate.sse.SseMetadata;
import io.keyrotate.sse.SseType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
 * Rewrap of one sealed object key (unseal with the old data key, derive, seal with the new one; no
 * KMS) against the sum of its primitives measured in the same run: two HMAC-SHA256 over the 84-byte
 * derivation input and two AES-256-GCM operations on 32 bytes, done with plain JCA calls (a {@code
 * SecretKeySpec} per key, reused {@code Mac} and {@code Cipher}).
 *
 * <p>Each operation uses a fresh IV and nonce from a pre-generated pool, as a real rotation does
 * (the JDK refuses to re-initialise AES-GCM encryption with the previous key and nonce).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RewrapBenchmark {
  private static final String BUCKET = "mybucket";
  private static final String OBJECT =
      "photos/2024/cat.png"; // KDF input: 32 + 6 + 18 + 28 = 84 bytes
  private static final int POOL = 1024;

  private SecretBytes oldKey;
  private SecretBytes newKey;
  private byte[] oldIv;
  private byte[] sealed;
  private final byte[][] newIvs = new byte[POOL][32];
  private final byte[][] nonces = new byte[POOL][12];
  private final byte[] out = new byte[ObjectKey.SEALED_SIZE];
  private int i;

  // baseline state
  private byte[] oldEkRaw;
  private byte[] newEkRaw;
  private byte[] oldMessage;
  private final byte[][] newMessages = new byte[POOL][];
  private Mac mac;
  private Cipher gcm;
  private final byte[] kek = new byte[32];
  private final byte[] oek = new byte[32];
  private final byte[] sealedOut = new byte[48];

  private Map<String, String> metadata;

  /** Creates keys, one sealed key and pools of fresh IVs and nonces. */
  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException {
    SecureRandom r = new SecureRandom();
    oldEkRaw = new byte[32];
    newEkRaw = new byte[32];
    r.nextBytes(oldEkRaw);
    r.nextBytes(newEkRaw);
    oldKey = SecretBytes.copyOf(oldEkRaw);
    newKey = SecretBytes.copyOf(newEkRaw);
    oldIv = new byte[32];
    r.nextBytes(oldIv);
    for (int k = 0; k < POOL; k++) {
      r.nextBytes(newIvs[k]);
      r.nextBytes(nonces[k]);
    }
    byte[] oekRaw = new byte[32];
    r.nextBytes(oekRaw);
    try (ObjectKey key = ObjectKey.of(SecretBytes.copyOf(oekRaw))) {
      sealed =
          key.seal(
              oldKey, oldIv, SseType.SSE_S3, BUCKET, OBJECT, AeadCipher.AES_256_GCM, nonces[0]);
    }
    oldMessage = kdfMessage(oldIv);
    for (int k = 0; k < POOL; k++) {
      newMessages[k] = kdfMessage(newIvs[k]);
    }
    if (oldMessage.length != 84) {
      throw new IllegalStateException("KDF input is " + oldMessage.length + " bytes");
    }
    mac = Mac.getInstance("HmacSHA256");
    gcm = Cipher.getInstance("AES/GCM/NoPadding");
    metadata = SseMetadata.sseS3(oldIv, sealed, "my-key", new byte[76]).toMap();
  }

  private static byte[] kdfMessage(byte[] iv) {
    byte[] tail =
        ("SSE-S3" + "DAREv2-HMAC-SHA256" + BUCKET + "/" + OBJECT).getBytes(StandardCharsets.UTF_8);
    byte[] m = new byte[32 + tail.length];
    System.arraycopy(iv, 0, m, 0, 32);
    System.arraycopy(tail, 0, m, 32, tail.length);
    return m;
  }

  /** Wipes the keys. */
  @TearDown(Level.Trial)
  public void tearDown() {
    oldKey.close();
    newKey.close();
  }

  /**
   * The library's rewrap of one sealed key into a caller buffer.
   *
   * @return the new sealed key buffer
   */
  @Benchmark
  public byte[] rewrap() {
    int k = i++ & (POOL - 1);
    Rewrap.rewrapSealedKey(
        sealed,
        BUCKET,
        OBJECT,
        oldKey,
        oldIv,
        SseType.SSE_S3,
        newKey,
        newIvs[k],
        SseType.SSE_S3,
        AeadCipher.AES_256_GCM,
        nonces[k],
        out,
        0);
    return out;
  }

  /**
   * The same work from bare primitives: HMAC, AES-GCM open, HMAC, AES-GCM seal.
   *
   * @return the new ciphertext buffer
   * @throws GeneralSecurityException never with valid inputs
   */
  @Benchmark
  public byte[] primitives() throws GeneralSecurityException {
    int k = i++ & (POOL - 1);
    mac.init(new SecretKeySpec(oldEkRaw, "HmacSHA256"));
    mac.update(oldMessage);
    mac.doFinal(kek, 0);
    gcm.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(kek, "AES"),
        new GCMParameterSpec(128, sealed, 4, 12));
    gcm.updateAAD(sealed, 0, 4);
    gcm.doFinal(sealed, 16, 48, oek, 0);
    mac.init(new SecretKeySpec(newEkRaw, "HmacSHA256"));
    mac.update(newMessages[k]);
    mac.doFinal(kek, 0);
    gcm.init(
        Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, nonces[k]));
    gcm.updateAAD(sealed, 0, 4);
    gcm.doFinal(oek, 0, 32, sealedOut, 0);
    return sealedOut;
  }

  /**
   * The whole metadata-level rewrap (parse, rewrap, new map with base64 entries), for reference.
   *
   * @return the new metadata
   */
  @Benchmark
  public Map<String, String> rewrapMetadata() {
    int k = i++ & (POOL - 1);
    return Rewrap.rewrap(
        RewrapRequest.builder()
            .metadata(metadata)
            .object(BUCKET, OBJECT)
            .oldDataKey(oldKey)
            .newDataKey(newKey, "my-key", new byte[76])
            .target(SseType.SSE_S3)
            .newContext(KmsContext.empty())
            .iv(newIvs[k])
            .nonce(nonces[k])
            .build());
  }
}
