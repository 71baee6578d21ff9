package io.keyrotate.sse;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.SecretBytes;
import io.keyrotate.sse.internal.DarePackage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A 32-byte MinIO object encryption key (OEK): the key that encrypts an object's data, sealed in
 * the object's metadata under a key derived from the KMS data key (or SSE-C client key).
 *
 * <p><b>Sealing</b> ({@code internal/crypto/key.go}): sealing key = HMAC-SHA256(EK, IV ‖ domain ‖
 * {@code "DAREv2-HMAC-SHA256"} ‖ {@link GoPath#join path.Join}(bucket, object)); the sealed key is
 * one final 64-byte DARE 2.0 package of the OEK under that key. Any change of EK, IV, domain,
 * bucket or object makes {@link #unseal} fail with {@link IntegrityException}. The legacy {@code
 * DARE-SHA256} algorithm (pre-2018 SSE-C objects: sealing key = SHA-256(EK ‖ IV), one DARE 1.0
 * package) is read, never written; unlike MinIO, which returns an all-zero key for it, this class
 * returns the real key.
 *
 * <p><b>Derived keys</b>: part keys HMAC(OEK, LE32(part)), the ETag key HMAC(OEK, {@code
 * "SSE-etag"}), other labels such as {@code compression-index} HMAC(OEK, label).
 *
 * <p>Security: the key bytes live in one private array that {@link #close()} wipes; {@link
 * #toString()} is redacted. Temporary sealing keys are wiped before each method returns.
 * Thread-safety: methods may be called concurrently, but not concurrently with {@link #close()}.
 */
public final class ObjectKey implements AutoCloseable {
  /** Length of an object key in bytes. */
  public static final int SIZE = 32;

  /** Length of a sealed object key in bytes. */
  public static final int SEALED_SIZE = 64;

  /** Length of the sealing IV in bytes. */
  public static final int IV_SIZE = 32;

  /** Length of a DARE nonce in bytes. */
  public static final int NONCE_SIZE = 12;

  /** The current seal algorithm name stored in metadata. */
  public static final String SEAL_ALGORITHM = Kdf.SEAL_ALGORITHM;

  /** The legacy seal algorithm, accepted for SSE-C only. */
  public static final String LEGACY_SEAL_ALGORITHM = "DARE-SHA256";

  private static final byte[] ETAG_LABEL = "SSE-etag".getBytes(StandardCharsets.US_ASCII);

  private final byte[] key;
  private volatile boolean closed;

  private ObjectKey(byte[] owned) {
    this.key = owned;
  }

  /**
   * Wraps a copy of a 32-byte key.
   *
   * @param key the object key
   * @return a new object key
   */
  public static ObjectKey of(SecretBytes key) {
    if (key.length() != SIZE) {
      throw new IllegalArgumentException("an object key has 32 bytes, not " + key.length());
    }
    return new ObjectKey(key.toByteArray());
  }

  /**
   * MinIO's {@code GenerateKey}: OEK = HMAC-SHA256(EK, {@code "object-encryption-key generation"} ‖
   * 32 random bytes).
   *
   * @param extKey the 32-byte KMS data key or SSE-C key
   * @param random a strong random source
   * @return a new object key
   */
  public static ObjectKey generate(SecretBytes extKey, SecureRandom random) {
    byte[] r = new byte[32];
    random.nextBytes(r);
    try {
      return generate(extKey, r);
    } finally {
      Arrays.fill(r, (byte) 0);
    }
  }

  /**
   * {@link #generate(SecretBytes, SecureRandom)} with the 32 random bytes given, for reproducible
   * vectors.
   *
   * @param extKey the 32-byte KMS data key or SSE-C key
   * @param random32 exactly 32 random bytes
   * @return a new object key
   */
  public static ObjectKey generate(SecretBytes extKey, byte[] random32) {
    checkLength(random32, 32, "random input");
    byte[] ek = extKeyBytes(extKey);
    byte[] oek = new byte[SIZE];
    try {
      Kdf.objectKey(ek, random32, oek);
      return new ObjectKey(oek);
    } finally {
      Arrays.fill(ek, (byte) 0);
    }
  }

  /**
   * Derives MinIO's sealing key (KEK) for an object. Exposed for tests and tooling; {@link #seal}
   * and {@link #unseal} derive it themselves.
   *
   * @param extKey the 32-byte KMS data key or SSE-C key
   * @param iv the 32-byte IV stored with the sealed key
   * @param domain the SSE type
   * @param bucket bucket name
   * @param object object name
   * @return the 32-byte sealing key; close it after use
   */
  public static SecretBytes sealingKey(
      SecretBytes extKey, byte[] iv, SseType domain, String bucket, String object) {
    checkLength(iv, IV_SIZE, "IV");
    byte[] ek = extKeyBytes(extKey);
    byte[] kek = new byte[32];
    try {
      Kdf.sealingKey(ek, 0, iv, domain, bucket, object, kek, 0);
      return SecretBytes.wrapOwned(kek);
    } finally {
      Arrays.fill(ek, (byte) 0);
    }
  }

  /**
   * Seals this key for an object ({@code DAREv2-HMAC-SHA256}).
   *
   * @param extKey the 32-byte KMS data key or SSE-C key
   * @param iv 32 fresh random bytes, stored next to the sealed key
   * @param domain the SSE type
   * @param bucket bucket name
   * @param object object name
   * @param cipher the DARE suite of the sealed package
   * @param nonce 12 fresh random bytes (bit 7 of byte 0 is replaced by the final flag)
   * @return the 64-byte sealed key
   */
  public byte[] seal(
      SecretBytes extKey,
      byte[] iv,
      SseType domain,
      String bucket,
      String object,
      AeadCipher cipher,
      byte[] nonce) {
    checkOpen();
    checkExtKey(extKey);
    byte[] out = new byte[SEALED_SIZE];
    Kdf.Scratch s = Kdf.scratch();
    extKey.copyTo(s.newKey, 0);
    try {
      sealInto(key, s.newKey, iv, domain, bucket, object, cipher, nonce, out, 0);
      return out;
    } finally {
      Arrays.fill(s.newKey, (byte) 0);
    }
  }

  /**
   * {@link #seal(SecretBytes, byte[], SseType, String, String, AeadCipher, byte[])} with a random
   * nonce.
   *
   * @param extKey the 32-byte KMS data key or SSE-C key
   * @param iv 32 fresh random bytes
   * @param domain the SSE type
   * @param bucket bucket name
   * @param object object name
   * @param cipher the DARE suite
   * @param random nonce source
   * @return the 64-byte sealed key
   */
  public byte[] seal(
      SecretBytes extKey,
      byte[] iv,
      SseType domain,
      String bucket,
      String object,
      AeadCipher cipher,
      SecureRandom random) {
    byte[] nonce = new byte[NONCE_SIZE];
    random.nextBytes(nonce);
    return seal(extKey, iv, domain, bucket, object, cipher, nonce);
  }

  /**
   * Unseals an object key.
   *
   * @param sealedKey the 64-byte sealed key
   * @param extKey the 32-byte KMS data key or SSE-C key
   * @param iv the stored 32-byte IV
   * @param sealAlgorithm {@link #SEAL_ALGORITHM} or, for legacy SSE-C keys, {@link
   *     #LEGACY_SEAL_ALGORITHM}
   * @param domain the SSE type the key was sealed for
   * @param bucket bucket name
   * @param object object name
   * @return the object key
   * @throws FormatException for an unknown algorithm or a malformed package
   * @throws IntegrityException when the key, IV, domain, bucket or object do not match
   */
  public static ObjectKey unseal(
      byte[] sealedKey,
      SecretBytes extKey,
      byte[] iv,
      String sealAlgorithm,
      SseType domain,
      String bucket,
      String object) {
    checkLength(iv, IV_SIZE, "IV");
    checkExtKey(extKey);
    byte[] oek = new byte[SIZE];
    Kdf.Scratch s = Kdf.scratch();
    extKey.copyTo(s.oldKey, 0);
    boolean ok = false;
    try {
      if (SEAL_ALGORITHM.equals(sealAlgorithm)) {
        unsealInto(sealedKey, 0, sealedKey.length, s.oldKey, iv, domain, bucket, object, oek);
      } else if (LEGACY_SEAL_ALGORITHM.equals(sealAlgorithm)) {
        unsealLegacy(sealedKey, s.oldKey, iv, oek);
      } else {
        throw new FormatException(
            "the sealing algorithm is not supported (expected " + SEAL_ALGORITHM + ")");
      }
      ok = true;
      return new ObjectKey(oek);
    } finally {
      Arrays.fill(s.oldKey, (byte) 0);
      if (!ok) {
        Arrays.fill(oek, (byte) 0);
      }
    }
  }

  /**
   * Seals {@code oek} under the key derived from {@code ek}; writes 64 bytes at {@code
   * out[outOff]}. Wipes its own temporaries; the caller owns and wipes {@code oek} and {@code ek}.
   */
  static void sealInto(
      byte[] oek,
      byte[] ek,
      byte[] iv,
      SseType domain,
      String bucket,
      String object,
      AeadCipher cipher,
      byte[] nonce,
      byte[] out,
      int outOff) {
    checkLength(iv, IV_SIZE, "IV");
    checkLength(nonce, NONCE_SIZE, "nonce");
    Kdf.Scratch s = Kdf.scratch();
    try {
      Kdf.sealingKey(ek, 0, iv, domain, bucket, object, s.kek, 0);
      DarePackage.seal20(cipher, s.kek, 0, nonce, 0, 0, true, oek, 0, SIZE, out, outOff);
    } finally {
      Arrays.fill(s.kek, (byte) 0);
    }
  }

  /** Unseals a v2 sealed key into {@code oek} (32 bytes). On failure {@code oek} holds zeros. */
  static void unsealInto(
      byte[] sealed,
      int off,
      int len,
      byte[] ek,
      byte[] iv,
      SseType domain,
      String bucket,
      String object,
      byte[] oek) {
    if (len != SEALED_SIZE) {
      throw new FormatException("a sealed object key has 64 bytes, not " + len);
    }
    Kdf.Scratch s = Kdf.scratch();
    try {
      Kdf.sealingKey(ek, 0, iv, domain, bucket, object, s.kek, 0);
      DarePackage.openSingle20(s.kek, 0, sealed, off, len, oek, 0);
    } catch (IntegrityException e) {
      throw new IntegrityException(
          "the sealed object key does not match the key, IV, SSE type or object name", null);
    } finally {
      Arrays.fill(s.kek, (byte) 0);
    }
  }

  private static void unsealLegacy(byte[] sealed, byte[] ek, byte[] iv, byte[] oek) {
    if (sealed.length != SEALED_SIZE) {
      throw new FormatException("a sealed object key has 64 bytes, not " + sealed.length);
    }
    byte[] kek = null;
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ek, 0, 32);
      sha.update(iv, 0, IV_SIZE);
      kek = sha.digest();
      DarePackage.openSingle10(kek, 0, sealed, 0, sealed.length, oek, 0);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    } catch (IntegrityException e) {
      throw new IntegrityException(
          "the legacy sealed object key does not match the key or IV", null);
    } finally {
      if (kek != null) {
        Arrays.fill(kek, (byte) 0);
      }
    }
  }

  /**
   * The key of multipart part {@code partNumber}: HMAC-SHA256(OEK, LE32(part)).
   *
   * @param partNumber the S3 part number, 0 to 2^32−1 (MinIO uses 1 to 10000)
   * @return the 32-byte part key; close it after use
   */
  public SecretBytes partKey(long partNumber) {
    if (partNumber < 0 || partNumber > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("part number must be an unsigned 32-bit value");
    }
    byte[] msg = {
      (byte) partNumber,
      (byte) (partNumber >>> 8),
      (byte) (partNumber >>> 16),
      (byte) (partNumber >>> 24)
    };
    return derive(msg);
  }

  /**
   * A key for other OEK-protected data: HMAC-SHA256(OEK, label), e.g. {@code compression-index} or
   * {@code object-checksum}.
   *
   * @param label the label, encoded as UTF-8
   * @return the 32-byte derived key; close it after use
   */
  public SecretBytes derivedKey(String label) {
    return derive(label.getBytes(StandardCharsets.UTF_8));
  }

  private SecretBytes derive(byte[] msg) {
    checkOpen();
    byte[] out = new byte[32];
    Kdf.label(key, msg, out);
    return SecretBytes.wrapOwned(out);
  }

  /**
   * Seals an ETag ({@code ObjectKey.SealETag}): one DARE 2.0 package under HMAC(OEK, {@code
   * "SSE-etag"}). As in MinIO, an empty ETag, or any ETag when this key is all zeros (MinIO's
   * marker for "not encrypted"), is returned unchanged.
   *
   * @param etag the raw ETag bytes (usually a 16-byte MD5)
   * @param cipher the DARE suite
   * @param nonce 12 random bytes
   * @return the sealed ETag ({@code etag.length + 32} bytes) or {@code etag} itself
   */
  public byte[] sealETag(byte[] etag, AeadCipher cipher, byte[] nonce) {
    checkOpen();
    checkLength(nonce, NONCE_SIZE, "nonce");
    if (etag.length == 0 || isZero()) {
      return etag.clone();
    }
    byte[] k = new byte[32];
    try {
      Kdf.label(key, ETAG_LABEL, k);
      byte[] out = new byte[etag.length + DarePackage.OVERHEAD];
      DarePackage.seal20(cipher, k, 0, nonce, 0, 0, true, etag, 0, etag.length, out, 0);
      return out;
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /**
   * Unseals an ETag. ETags of 16 bytes or fewer are not sealed and are returned unchanged (MinIO's
   * {@code IsETagSealed}).
   *
   * @param sealed the stored ETag bytes
   * @return the plain ETag
   * @throws FormatException for a malformed package
   * @throws IntegrityException when the package does not authenticate under this key
   */
  public byte[] unsealETag(byte[] sealed) {
    checkOpen();
    if (sealed.length <= 16) {
      return sealed.clone();
    }
    byte[] k = new byte[32];
    try {
      Kdf.label(key, ETAG_LABEL, k);
      byte[] out = new byte[Math.max(0, sealed.length - DarePackage.OVERHEAD)];
      DarePackage.openSingle20(k, 0, sealed, 0, sealed.length, out, 0);
      return out;
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /**
   * A copy of the key bytes, for data encryption.
   *
   * @return the 32-byte key; close it after use
   */
  public SecretBytes secret() {
    checkOpen();
    return SecretBytes.copyOf(key);
  }

  /**
   * Whether all key bytes are zero (MinIO's "no key" marker), compared in constant time.
   *
   * @return {@code true} for the all-zero key
   */
  public boolean isZero() {
    checkOpen();
    int acc = 0;
    for (byte b : key) {
      acc |= b;
    }
    return acc == 0;
  }

  /** Wipes the key. Idempotent. */
  @Override
  public void close() {
    closed = true;
    Arrays.fill(key, (byte) 0);
  }

  /** Redacted. */
  @Override
  public String toString() {
    return "ObjectKey[redacted]";
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("object key was closed (wiped)");
    }
  }

  static byte[] extKeyBytes(SecretBytes extKey) {
    checkExtKey(extKey);
    return extKey.toByteArray();
  }

  static void checkExtKey(SecretBytes extKey) {
    if (extKey.length() != 32) {
      throw new IllegalArgumentException("an external key has 32 bytes, not " + extKey.length());
    }
  }

  static void checkLength(byte[] b, int expected, String what) {
    if (b.length != expected) {
      throw new IllegalArgumentException(what + " must be " + expected + " bytes, not " + b.length);
    }
  }
}
