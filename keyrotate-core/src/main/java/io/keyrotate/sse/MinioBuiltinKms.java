package io.keyrotate.sse;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.sse.internal.Crypto;
import io.keyrotate.sse.internal.GoBase64;
import io.keyrotate.sse.internal.HChaCha20;
import io.keyrotate.sse.internal.Json;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * MinIO's builtin single-key KMS ({@code MINIO_KMS_SECRET_KEY=<name>:<base64 32-byte key>}, {@code
 * internal/kms/secret-key.go}): generates and decrypts data keys in MinIO's ciphertext formats, so
 * a local KMS can read and write what such a MinIO deployment stores.
 *
 * <p><b>Binary ciphertext</b> (written): {@code AES-256-GCM(HMAC-SHA256(master, iv), nonce,
 * dataKey, AAD = canonical context) ‖ iv[16] ‖ nonce[12]}, 76 bytes for a 32-byte data key.
 *
 * <p><b>Legacy JSON ciphertext</b> (read only): {@code {"aead": "AES-256-GCM-HMAC-SHA-256" |
 * "ChaCha20Poly1305", "iv": b64(16), "nonce": b64(12), "bytes": b64(ciphertext ‖ tag)}}, member
 * names matched case-insensitively, an {@code id} member ignored. For ChaCha20Poly1305 the sealing
 * key is HChaCha20(master, iv). A ciphertext is read as JSON only when it starts with {@code {},
 * ends with {@code }} and parses as such an object; otherwise it is binary (MinIO's rule).
 * Ciphertexts shorter than 28 bytes are rejected (MinIO panics on them).
 *
 * <p>Security: the master key is held in a private array wiped by {@link #close()}; sealing keys
 * are wiped after use; nothing secret appears in messages or {@link #toString()}. Thread-safe until
 * closed.
 */
public final class MinioBuiltinKms implements AutoCloseable {
  private static final String LEGACY_AES = "AES-256-GCM-HMAC-SHA-256";
  private static final String LEGACY_CHACHA = "ChaCha20Poly1305";
  private static final int IV = 16;
  private static final int NONCE = 12;

  private final String keyName;
  private final byte[] masterKey;
  private volatile boolean closed;

  private MinioBuiltinKms(String keyName, byte[] masterKey) {
    this.keyName = keyName;
    this.masterKey = masterKey;
  }

  /**
   * Parses a {@code MINIO_KMS_SECRET_KEY} value: split at the first {@code ':'}, the rest standard
   * padded base64 of 32 bytes (Go's decoder: newlines skipped). An empty name is accepted, as in
   * MinIO.
   *
   * @param secretKey {@code <name>:<base64>}
   * @return the KMS
   * @throws FormatException when the value is malformed; the message never contains the key
   */
  public static MinioBuiltinKms parse(String secretKey) {
    int colon = secretKey.indexOf(':');
    if (colon < 0) {
      throw new FormatException("builtin KMS secret key must have the form <name>:<base64 key>");
    }
    byte[] key;
    try {
      key = GoBase64.decode(secretKey.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new FormatException("builtin KMS secret key: the key part is not standard base64");
    }
    if (key.length != 32) {
      int n = key.length;
      Arrays.fill(key, (byte) 0);
      throw new FormatException("builtin KMS secret key: the key has " + n + " bytes, not 32");
    }
    return new MinioBuiltinKms(secretKey.substring(0, colon), key);
  }

  /**
   * A KMS with the given key name and a copy of the 32-byte master key.
   *
   * @param keyName the key name
   * @param masterKey the master key
   * @return the KMS
   */
  public static MinioBuiltinKms of(String keyName, SecretBytes masterKey) {
    if (masterKey.length() != 32) {
      throw new IllegalArgumentException("the builtin KMS master key has 32 bytes");
    }
    return new MinioBuiltinKms(keyName, masterKey.toByteArray());
  }

  /**
   * The configured key name (also the default key).
   *
   * @return the name
   */
  public String keyName() {
    return keyName;
  }

  /**
   * Generates a random 32-byte data key and its 76-byte ciphertext.
   *
   * @param requestedKey the key name; {@code ""} means the default (the only) key
   * @param context the KMS context bound as associated data
   * @param random the random source
   * @return the data key; close it after use
   * @throws KmsException when the name is not the configured key
   */
  public DataKey generateKey(String requestedKey, KmsContext context, SecureRandom random) {
    checkName(requestedKey.isEmpty() ? keyName : requestedKey);
    byte[] ivNonce = new byte[IV + NONCE];
    byte[] ek = new byte[32];
    random.nextBytes(ivNonce); // MinIO reads iv and nonce in one call, then the key
    random.nextBytes(ek);
    try (SecretBytes plain = SecretBytes.wrapOwned(ek)) {
      byte[] ct =
          encrypt(
              plain,
              context,
              Arrays.copyOfRange(ivNonce, 0, IV),
              Arrays.copyOfRange(ivNonce, IV, IV + NONCE));
      return new DataKey(keyName, SecretBytes.copyOf(ek), ct);
    }
  }

  /**
   * Encrypts a data key in the binary layout with the given randomness (reproducible vectors;
   * {@link #generateKey} draws it).
   *
   * @param plaintext the data key
   * @param context the KMS context bound as associated data
   * @param iv 16 random bytes (HMAC input of the sealing key)
   * @param nonce 12 random bytes (AES-GCM nonce)
   * @return {@code ciphertext ‖ tag ‖ iv ‖ nonce}
   */
  public byte[] encrypt(SecretBytes plaintext, KmsContext context, byte[] iv, byte[] nonce) {
    checkOpen();
    ObjectKey.checkLength(iv, IV, "KMS iv");
    ObjectKey.checkLength(nonce, NONCE, "KMS nonce");
    byte[] aad = context.toJson();
    byte[] pt = plaintext.toByteArray();
    byte[] sealingKey = new byte[32];
    try {
      Crypto.hmacSha256(masterKey, 0, 32, iv, 0, IV, sealingKey, 0);
      byte[] out = new byte[pt.length + Crypto.TAG + IV + NONCE];
      int n =
          Crypto.seal(
              AeadCipher.AES_256_GCM,
              sealingKey,
              0,
              32,
              nonce,
              0,
              aad,
              0,
              aad.length,
              pt,
              0,
              pt.length,
              out,
              0);
      System.arraycopy(iv, 0, out, n, IV);
      System.arraycopy(nonce, 0, out, n + IV, NONCE);
      return out;
    } finally {
      Arrays.fill(pt, (byte) 0);
      Arrays.fill(sealingKey, (byte) 0);
    }
  }

  /**
   * Decrypts a data key (binary or legacy JSON layout).
   *
   * @param requestedKey the stored key name; must equal the configured name (no default
   *     substitution)
   * @param ciphertext the stored KMS ciphertext
   * @param context the KMS context the ciphertext is bound to
   * @return the data key; close it after use
   * @throws KmsException when the name is not the configured key
   * @throws FormatException when the ciphertext is shorter than 28 bytes
   * @throws IntegrityException when the ciphertext does not authenticate under this key and context
   */
  public SecretBytes decrypt(String requestedKey, byte[] ciphertext, KmsContext context) {
    checkOpen();
    checkName(requestedKey);
    byte[] aad = context.toJson();
    Legacy legacy = Legacy.parse(ciphertext);
    if (legacy != null) {
      return legacy.decrypt(masterKey, aad);
    }
    int n = ciphertext.length;
    if (n < IV + NONCE) {
      throw new FormatException("KMS ciphertext too short (" + n + " bytes)");
    }
    byte[] iv = Arrays.copyOfRange(ciphertext, n - IV - NONCE, n - NONCE);
    byte[] sealingKey = new byte[32];
    try {
      Crypto.hmacSha256(masterKey, 0, 32, iv, 0, IV, sealingKey, 0);
      return open(
          AeadCipher.AES_256_GCM,
          sealingKey,
          ciphertext,
          n - NONCE,
          aad,
          ciphertext,
          0,
          n - IV - NONCE);
    } finally {
      Arrays.fill(sealingKey, (byte) 0);
    }
  }

  private static SecretBytes open(
      AeadCipher suite,
      byte[] key,
      byte[] nonce,
      int nonceOff,
      byte[] aad,
      byte[] in,
      int inOff,
      int inLen) {
    if (inLen < Crypto.TAG) {
      throw new IntegrityException("failed to decrypt the KMS ciphertext");
    }
    byte[] out = new byte[inLen - Crypto.TAG];
    try {
      Crypto.open(suite, key, 0, 32, nonce, nonceOff, aad, 0, aad.length, in, inOff, inLen, out, 0);
    } catch (IntegrityException e) {
      throw new IntegrityException(
          "failed to decrypt the KMS ciphertext (wrong key, context or tampered data)", null);
    }
    return SecretBytes.wrapOwned(out);
  }

  private void checkName(String name) {
    if (!keyName.equals(name)) {
      throw new KmsException("KMS key '" + name + "' does not exist");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("builtin KMS was closed");
    }
  }

  /** Wipes the master key. */
  @Override
  public void close() {
    closed = true;
    Arrays.fill(masterKey, (byte) 0);
  }

  /** The key name only. */
  @Override
  public String toString() {
    return "MinioBuiltinKms[" + keyName + ", redacted]";
  }

  /** A parsed legacy JSON ciphertext. */
  private static final class Legacy {
    private final String aead;
    private final byte[] iv;
    private final byte[] nonce;
    private final byte[] bytes;

    private Legacy(String aead, byte[] iv, byte[] nonce, byte[] bytes) {
      this.aead = aead;
      this.iv = iv;
      this.nonce = nonce;
      this.bytes = bytes;
    }

    /** MinIO's rule: JSON only if it starts with '{', ends with '}' and parses; else binary. */
    static @Nullable Legacy parse(byte[] ct) {
      if (ct.length < 2 || ct[0] != '{' || ct[ct.length - 1] != '}') {
        return null;
      }
      Object v;
      try {
        v = Json.parse(ct);
      } catch (FormatException e) {
        return null;
      }
      if (!(v instanceof Map)) {
        return null;
      }
      Object aead = null;
      Object iv = null;
      Object nonce = null;
      Object bytes = null;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        String name = (String) e.getKey();
        if (name.equalsIgnoreCase("aead")) {
          aead = e.getValue();
        } else if (name.equalsIgnoreCase("iv")) {
          iv = e.getValue();
        } else if (name.equalsIgnoreCase("nonce")) {
          nonce = e.getValue();
        } else if (name.equalsIgnoreCase("bytes")) {
          bytes = e.getValue();
        }
      }
      if (!(LEGACY_AES.equals(aead) || LEGACY_CHACHA.equals(aead))) {
        return null;
      }
      try {
        return new Legacy((String) aead, bytesOf(iv), bytesOf(nonce), bytesOf(bytes));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    private static byte[] bytesOf(@Nullable Object v) {
      if (v == null) {
        return new byte[0];
      }
      if (!(v instanceof String)) {
        throw new IllegalArgumentException("not a base64 string");
      }
      return GoBase64.decode((String) v);
    }

    SecretBytes decrypt(byte[] masterKey, byte[] aad) {
      if (iv.length != IV || nonce.length != NONCE) {
        throw new IntegrityException("failed to decrypt the KMS ciphertext (bad iv or nonce size)");
      }
      byte[] sealingKey = null;
      try {
        if (LEGACY_CHACHA.equals(aead)) {
          sealingKey = HChaCha20.subkey(masterKey, iv);
          return open(
              AeadCipher.CHACHA20_POLY1305, sealingKey, nonce, 0, aad, bytes, 0, bytes.length);
        }
        sealingKey = new byte[32];
        Crypto.hmacSha256(masterKey, 0, 32, iv, 0, IV, sealingKey, 0);
        return open(AeadCipher.AES_256_GCM, sealingKey, nonce, 0, aad, bytes, 0, bytes.length);
      } finally {
        if (sealingKey != null) {
          Arrays.fill(sealingKey, (byte) 0);
        }
      }
    }
  }

  /**
   * A generated data key: the KMS key name, the plaintext and its ciphertext. Closing wipes the
   * plaintext. {@link #toString()} is redacted.
   */
  public static final class DataKey implements AutoCloseable {
    private final String keyId;
    private final SecretBytes plaintext;
    private final byte[] ciphertext;

    DataKey(String keyId, SecretBytes plaintext, byte[] ciphertext) {
      this.keyId = keyId;
      this.plaintext = plaintext;
      this.ciphertext = ciphertext;
    }

    /**
     * The KMS key name that encrypted the data key.
     *
     * @return the name
     */
    public String keyId() {
      return keyId;
    }

    /**
     * The plaintext data key (owned by this object; wiped by {@link #close()}).
     *
     * @return the 32-byte key
     */
    public SecretBytes plaintext() {
      return plaintext;
    }

    /**
     * The KMS ciphertext to store.
     *
     * @return a copy
     */
    public byte[] ciphertext() {
      return ciphertext.clone();
    }

    @Override
    public void close() {
      plaintext.close();
    }

    @Override
    public String toString() {
      return "DataKey[" + keyId + ", redacted]";
    }
  }
}
