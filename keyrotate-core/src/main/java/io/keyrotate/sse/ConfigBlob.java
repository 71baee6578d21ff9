package io.keyrotate.sse;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.SecretBytes;
import io.keyrotate.sse.internal.GoBase64;
import io.keyrotate.sse.internal.GoStrings;
import io.keyrotate.sse.internal.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * MinIO's KMS-encrypted config blob ({@code internal/config/crypto.go}), the format of IAM items,
 * the server config and its history when a KMS is configured (minio-keyrotate.md §5.1):
 *
 * <pre>
 *   0x01 ‖ LE32(L) ‖ JSON header (L ≤ 1 MiB) ‖ sio-go stream (16 KiB fragments, no associated data)
 *   header = {"keyid":…,"kmskey":b64(KMS ciphertext),"algorithm":"AES-256-GCM"|"ChaCha20-Poly1305",
 *             "nonce":b64(8 bytes)}
 * </pre>
 *
 * <p>The data key is the plaintext of {@code kmskey}, which the caller obtains from its KMS for key
 * {@link #keyId()} with the blob's context (usually {@link #context(String)}); this class never
 * calls a KMS. The header is not authenticated by itself, but every field feeds decryption, so
 * tampering is detected. Reading is strict JSON in any member order; as with MinIO's decoder,
 * member names match case-insensitively, unknown members are ignored and a repeated member keeps
 * its last value. Writing reproduces MinIO's bytes exactly (member order above, Go's HTML-safe
 * string escaping; a key id containing U+0008 or U+000C is written as a six-character {@code
 * u0008}/{@code u000c} escape as Go before 1.22 did, where newer Go writes {@code \b}/{@code \f};
 * readers accept both).
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigBlob {
  /** Largest accepted header, as in MinIO. */
  public static final int MAX_HEADER = 1 << 20;

  private static final int VERSION = 0x01;
  private static final String META_BUCKET = ".minio.sys";

  private final String keyId;
  private final byte[] kmsCiphertext;
  private final AeadCipher cipher;
  private final byte[] nonce;
  private final byte[] stream;

  private ConfigBlob(
      String keyId, byte[] kmsCiphertext, AeadCipher cipher, byte[] nonce, byte[] stream) {
    this.keyId = keyId;
    this.kmsCiphertext = kmsCiphertext;
    this.cipher = cipher;
    this.nonce = nonce;
    this.stream = stream;
  }

  /**
   * The KMS context MinIO binds to the blob stored at {@code path} in {@code .minio.sys}: {@code
   * {".minio.sys": path.Join(".minio.sys", path)}}.
   *
   * @param path e.g. {@code config/iam/users/alice/identity.json}
   * @return the context
   */
  public static KmsContext context(String path) {
    return KmsContext.of(META_BUCKET, GoPath.join(META_BUCKET, path));
  }

  /**
   * Parses the header of a blob.
   *
   * @param blob the stored bytes
   * @return the parsed blob
   * @throws FormatException for an unknown version, an oversized or truncated header, or a header
   *     that is not the expected JSON object (naming the field at fault)
   */
  public static ConfigBlob parse(byte[] blob) {
    if (blob.length < 5) {
      throw new FormatException("config blob truncated: " + blob.length + " bytes, no header");
    }
    int version = blob[0] & 0xFF;
    if (version != VERSION) {
      throw new FormatException("config blob has unknown version " + version);
    }
    long len =
        (blob[1] & 0xFFL)
            | (blob[2] & 0xFFL) << 8
            | (blob[3] & 0xFFL) << 16
            | (blob[4] & 0xFFL) << 24;
    if (len > MAX_HEADER) {
      throw new FormatException("config blob header too large: " + len + " bytes (limit 1 MiB)");
    }
    if (5 + len > blob.length) {
      throw new FormatException("config blob truncated inside its header");
    }
    int end = 5 + (int) len;
    Object v;
    try {
      v = Json.parse(Arrays.copyOfRange(blob, 5, end));
    } catch (FormatException e) {
      throw new FormatException("config blob header: " + e.getMessage(), e);
    }
    if (!(v instanceof Map)) {
      throw new FormatException("config blob header is not a JSON object");
    }
    Object keyId = null;
    Object kmsKey = null;
    Object algorithm = null;
    Object nonce = null;
    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
      String name = (String) e.getKey();
      if (name.equalsIgnoreCase("keyid")) {
        keyId = e.getValue();
      } else if (name.equalsIgnoreCase("kmskey")) {
        kmsKey = e.getValue();
      } else if (name.equalsIgnoreCase("algorithm")) {
        algorithm = e.getValue();
      } else if (name.equalsIgnoreCase("nonce")) {
        nonce = e.getValue();
      }
    }
    String id = string(keyId, "keyid");
    byte[] ct = base64(kmsKey, "kmskey");
    AeadCipher c;
    try {
      c = AeadCipher.fromConfigName(string(algorithm, "algorithm"));
    } catch (FormatException e) {
      throw new FormatException("config blob header field 'algorithm': " + e.getMessage(), e);
    }
    byte[] n = base64(nonce, "nonce");
    if (n.length != SioStream.NONCE_SIZE) {
      throw new FormatException(
          "config blob header field 'nonce' has "
              + n.length
              + " bytes, not "
              + SioStream.NONCE_SIZE);
    }
    return new ConfigBlob(id, ct, c, n, Arrays.copyOfRange(blob, end, blob.length));
  }

  private static String string(@Nullable Object v, String field) {
    if (!(v instanceof String)) {
      throw new FormatException(
          "config blob header field '"
              + field
              + "' is "
              + (v == null ? "missing" : "not a string"));
    }
    return (String) v;
  }

  private static byte[] base64(@Nullable Object v, String field) {
    try {
      return GoBase64.decode(string(v, field));
    } catch (IllegalArgumentException e) {
      throw new FormatException("config blob header field '" + field + "' is not standard base64");
    }
  }

  /**
   * Encrypts a blob with a random stream nonce.
   *
   * @param keyId the KMS key name of the data key
   * @param kmsCiphertext the KMS ciphertext of the data key
   * @param cipher the stream algorithm
   * @param dataKey the plaintext data key (32 bytes)
   * @param plaintext the config data
   * @param random nonce source
   * @return the blob bytes
   */
  public static byte[] encrypt(
      String keyId,
      byte[] kmsCiphertext,
      AeadCipher cipher,
      SecretBytes dataKey,
      byte[] plaintext,
      SecureRandom random) {
    byte[] nonce = new byte[SioStream.NONCE_SIZE];
    random.nextBytes(nonce);
    return encrypt(keyId, kmsCiphertext, cipher, nonce, dataKey, plaintext);
  }

  /**
   * Encrypts a blob with a given stream nonce (reproducible vectors; never reuse a nonce with a
   * key).
   *
   * @param keyId the KMS key name of the data key
   * @param kmsCiphertext the KMS ciphertext of the data key
   * @param cipher the stream algorithm
   * @param nonce 8 bytes
   * @param dataKey the plaintext data key (32 bytes)
   * @param plaintext the config data
   * @return the blob bytes
   */
  public static byte[] encrypt(
      String keyId,
      byte[] kmsCiphertext,
      AeadCipher cipher,
      byte[] nonce,
      SecretBytes dataKey,
      byte[] plaintext) {
    ObjectKey.checkLength(nonce, SioStream.NONCE_SIZE, "config blob nonce");
    ByteArrayOutputStream json = new ByteArrayOutputStream(128 + kmsCiphertext.length * 2);
    json.writeBytes("{\"keyid\":".getBytes(StandardCharsets.US_ASCII));
    GoStrings.appendJsonString(json, keyId);
    json.writeBytes(",\"kmskey\":".getBytes(StandardCharsets.US_ASCII));
    GoStrings.appendJsonString(json, GoBase64.encode(kmsCiphertext));
    json.writeBytes(",\"algorithm\":".getBytes(StandardCharsets.US_ASCII));
    GoStrings.appendJsonString(json, cipher.configName());
    json.writeBytes(",\"nonce\":".getBytes(StandardCharsets.US_ASCII));
    GoStrings.appendJsonString(json, GoBase64.encode(nonce));
    json.write('}');
    byte[] header = json.toByteArray();
    if (header.length > MAX_HEADER) {
      throw new IllegalArgumentException("config blob header would exceed 1 MiB");
    }
    byte[] stream = SioStream.encrypt(cipher, dataKey, nonce, new byte[0], plaintext);
    byte[] out = new byte[5 + header.length + stream.length];
    out[0] = VERSION;
    out[1] = (byte) header.length;
    out[2] = (byte) (header.length >>> 8);
    out[3] = (byte) (header.length >>> 16);
    out[4] = (byte) (header.length >>> 24);
    System.arraycopy(header, 0, out, 5, header.length);
    System.arraycopy(stream, 0, out, 5 + header.length, stream.length);
    return out;
  }

  /**
   * Decrypts the blob's data.
   *
   * @param dataKey the plaintext of {@link #kmsCiphertext()}
   * @return the config data
   * @throws IntegrityException when the stream does not verify (wrong key, nonce, algorithm or
   *     tampered data)
   */
  public byte[] decrypt(SecretBytes dataKey) {
    return SioStream.decrypt(cipher, dataKey, nonce, new byte[0], stream);
  }

  /**
   * The KMS key name from the header.
   *
   * @return the name
   */
  public String keyId() {
    return keyId;
  }

  /**
   * The KMS ciphertext of the data key.
   *
   * @return a copy
   */
  public byte[] kmsCiphertext() {
    return kmsCiphertext.clone();
  }

  /**
   * The stream algorithm.
   *
   * @return the suite
   */
  public AeadCipher cipher() {
    return cipher;
  }

  /**
   * The 8-byte stream nonce.
   *
   * @return a copy
   */
  public byte[] nonce() {
    return nonce.clone();
  }

  /** Key id and algorithm only. */
  @Override
  public String toString() {
    return "ConfigBlob[key "
        + keyId
        + ", "
        + cipher.configName()
        + ", "
        + stream.length
        + " bytes]";
  }
}
