package io.keyrotate.sse;

import io.keyrotate.sse.internal.Crypto;
import io.keyrotate.sse.internal.GoStrings;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * MinIO's key derivations (all HMAC-SHA256) with per-thread scratch buffers, so the sealing hot
 * path allocates nothing for the derivation message.
 *
 * <ul>
 *   <li>sealing key (KEK) = HMAC(EK, IV ‖ domain ‖ {@code "DAREv2-HMAC-SHA256"} ‖ path.Join(bucket,
 *       object)), no separators;
 *   <li>object key generation = HMAC(EK, {@code "object-encryption-key generation"} ‖ random32);
 *   <li>part key = HMAC(OEK, LE32(part)); label keys = HMAC(OEK, label), e.g. {@code SSE-etag}.
 * </ul>
 *
 * <p>Thread-safe: scratch state is thread-confined; callers wipe the outputs.
 */
final class Kdf {
  static final String SEAL_ALGORITHM = "DAREv2-HMAC-SHA256";
  private static final byte[] SEAL_ALGORITHM_BYTES =
      SEAL_ALGORITHM.getBytes(StandardCharsets.US_ASCII);
  private static final byte[][] DOMAINS = new byte[SseType.values().length][];
  private static final byte[] GENERATE_LABEL =
      "object-encryption-key generation".getBytes(StandardCharsets.US_ASCII);

  static {
    for (SseType t : SseType.values()) {
      DOMAINS[t.ordinal()] = t.domain().getBytes(StandardCharsets.US_ASCII);
    }
  }

  /** Per-thread buffers; each has one role so nested use cannot clobber another. */
  static final class Scratch {
    final byte[] kek = new byte[32];
    final byte[] oek = new byte[32];
    final byte[] oldKey = new byte[32];
    final byte[] newKey = new byte[32];
    byte[] path = new byte[256];
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private Kdf() {}

  static Scratch scratch() {
    return SCRATCH.get();
  }

  /**
   * Derives the sealing key into {@code out[outOff..outOff+32)}.
   *
   * @param ek 32-byte external key buffer
   * @param ekOff first key byte
   * @param iv 32-byte IV
   * @param domain the SSE type whose domain string is mixed in
   * @param bucket bucket name
   * @param object object name
   * @param out output buffer
   * @param outOff first output byte
   */
  static void sealingKey(
      byte[] ek,
      int ekOff,
      byte[] iv,
      SseType domain,
      String bucket,
      String object,
      byte[] out,
      int outOff) {
    Scratch s = SCRATCH.get();
    int pathLen = joinedPath(s, bucket, object);
    Mac mac = Crypto.hmac(ek, ekOff, 32);
    mac.update(iv, 0, 32);
    mac.update(DOMAINS[domain.ordinal()]);
    mac.update(SEAL_ALGORITHM_BYTES);
    mac.update(s.path, 0, pathLen);
    doFinal(mac, out, outOff);
  }

  /** Writes the Go bytes of path.Join(bucket, object) into the scratch path buffer. */
  private static int joinedPath(Scratch s, String bucket, String object) {
    if (GoPath.isCleanRelative(bucket) && GoPath.isCleanRelative(object)) {
      // Common case: join is plain concatenation, so skip building and cleaning a String.
      int need = GoStrings.encodedLength(bucket) + 1 + GoStrings.encodedLength(object);
      byte[] p = pathBuffer(s, need);
      int at = GoStrings.encode(bucket, p, 0);
      p[at++] = '/';
      return GoStrings.encode(object, p, at);
    }
    String joined = GoPath.join(bucket, object);
    byte[] p = pathBuffer(s, GoStrings.encodedLength(joined));
    return GoStrings.encode(joined, p, 0);
  }

  private static byte[] pathBuffer(Scratch s, int need) {
    if (s.path.length < need) {
      s.path = new byte[Math.max(need, 2 * s.path.length)];
    }
    return s.path;
  }

  /**
   * MinIO's {@code GenerateKey}: HMAC(EK, "object-encryption-key generation" ‖ random32).
   *
   * @param ek 32-byte external key
   * @param random 32 random bytes
   * @param out 32-byte output
   */
  static void objectKey(byte[] ek, byte[] random, byte[] out) {
    Mac mac = Crypto.hmac(ek, 0, 32);
    mac.update(GENERATE_LABEL);
    mac.update(random, 0, 32);
    doFinal(mac, out, 0);
  }

  /**
   * HMAC(key, message) into {@code out}.
   *
   * @param key 32-byte key
   * @param message the message
   * @param out 32-byte output
   */
  static void label(byte[] key, byte[] message, byte[] out) {
    Crypto.hmacSha256(key, 0, 32, message, 0, message.length, out, 0);
  }

  private static void doFinal(Mac mac, byte[] out, int outOff) {
    try {
      mac.doFinal(out, outOff);
    } catch (ShortBufferException e) {
      throw new IllegalArgumentException("derivation output buffer too small", e);
    }
  }
}
