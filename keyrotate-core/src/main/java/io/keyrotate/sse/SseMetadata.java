package io.keyrotate.sse;

import io.keyrotate.FormatException;
import io.keyrotate.SecretBytes;
import io.keyrotate.sse.internal.GoBase64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code X-Minio-Internal-Server-Side-Encryption-*} entries of one object version, parsed and
 * validated exactly as MinIO's {@code internal/crypto} parsers do, and written back in MinIO's
 * spelling.
 *
 * <p><b>Detection</b> ({@link #detectType}): a {@code …-Kms-Sealed-Key} entry means SSE-KMS, else
 * {@code …-S3-Sealed-Key} SSE-S3, else {@code …-Sealed-Key} SSE-C. Keys are matched exactly
 * (MinIO's maps are case-sensitive). A map with other encryption entries but no sealed key is
 * {@linkplain #isEncrypted encrypted} with an unknown type: MinIO treats it as tampered.
 *
 * <p><b>Parsing</b> ({@link #parse(SseType, Map)}) checks, in MinIO's order: IV, seal algorithm and
 * sealed key present; for SSE-S3/SSE-KMS the KMS key id and KMS ciphertext both present or both
 * absent (absent = legacy non-KMS layout); IV decodes to 32 bytes; algorithm {@code
 * DAREv2-HMAC-SHA256} (SSE-C also accepts {@code DARE-SHA256}); sealed key decodes to 64 bytes; KMS
 * ciphertext decodes; the optional SSE-KMS context is base64 of a JSON object of strings. Base64
 * follows Go's decoder (CR/LF skipped, padding required). Failures are {@link FormatException}s
 * naming the entry; values are never quoted.
 *
 * <p>Immutable and thread-safe; accessors return copies.
 */
public final class SseMetadata {
  /** Seal algorithm entry. */
  public static final String SEAL_ALGORITHM =
      "X-Minio-Internal-Server-Side-Encryption-Seal-Algorithm";

  /** IV entry (base64 of 32 bytes). */
  public static final String IV = "X-Minio-Internal-Server-Side-Encryption-Iv";

  /** SSE-S3 sealed object key entry. */
  public static final String S3_SEALED_KEY =
      "X-Minio-Internal-Server-Side-Encryption-S3-Sealed-Key";

  /** SSE-KMS sealed object key entry. */
  public static final String KMS_SEALED_KEY =
      "X-Minio-Internal-Server-Side-Encryption-Kms-Sealed-Key";

  /** SSE-C sealed object key entry. */
  public static final String SSEC_SEALED_KEY = "X-Minio-Internal-Server-Side-Encryption-Sealed-Key";

  /** KMS key name entry (SSE-S3 and SSE-KMS). */
  public static final String KMS_KEY_ID = "X-Minio-Internal-Server-Side-Encryption-S3-Kms-Key-Id";

  /** KMS ciphertext of the data key (SSE-S3 and SSE-KMS). */
  public static final String KMS_DATA_KEY =
      "X-Minio-Internal-Server-Side-Encryption-S3-Kms-Sealed-Key";

  /** SSE-KMS client context entry (base64 of canonical JSON), absent when empty. */
  public static final String CONTEXT = "X-Minio-Internal-Server-Side-Encryption-Context";

  /** Present (empty value) when the object was uploaded with the multipart API. */
  public static final String MULTIPART = "X-Minio-Internal-Encrypted-Multipart";

  /** Decimal plaintext size of multipart or compressed objects. */
  public static final String ACTUAL_SIZE = "X-Minio-Internal-actual-size";

  /** Every entry that describes how the object key is sealed; replaced as a whole on rewrite. */
  private static final List<String> SEAL_ENTRIES =
      List.of(
          SEAL_ALGORITHM,
          IV,
          S3_SEALED_KEY,
          KMS_SEALED_KEY,
          SSEC_SEALED_KEY,
          KMS_KEY_ID,
          KMS_DATA_KEY,
          CONTEXT);

  private final SseType type;
  private final String sealAlgorithm;
  private final byte[] iv;
  private final byte[] sealedKey;
  private final @Nullable String kmsKeyId;
  private final byte @Nullable [] kmsCiphertext;
  private final KmsContext context;

  private SseMetadata(
      SseType type,
      String sealAlgorithm,
      byte[] iv,
      byte[] sealedKey,
      @Nullable String kmsKeyId,
      byte @Nullable [] kmsCiphertext,
      KmsContext context) {
    this.type = type;
    this.sealAlgorithm = sealAlgorithm;
    this.iv = iv;
    this.sealedKey = sealedKey;
    this.kmsKeyId = kmsKeyId;
    this.kmsCiphertext = kmsCiphertext;
    this.context = context;
  }

  // ---------------------------------------------------------------- construction

  /**
   * SSE-S3 entries.
   *
   * @param iv 32-byte IV
   * @param sealedKey 64-byte sealed object key (domain SSE-S3)
   * @param kmsKeyId KMS key name, or {@code null} for the legacy non-KMS layout
   * @param kmsCiphertext KMS ciphertext of the data key; {@code null} exactly when {@code kmsKeyId}
   *     is
   * @return the metadata
   */
  public static SseMetadata sseS3(
      byte[] iv, byte[] sealedKey, @Nullable String kmsKeyId, byte @Nullable [] kmsCiphertext) {
    checkKms(kmsKeyId, kmsCiphertext);
    return new SseMetadata(
        SseType.SSE_S3,
        ObjectKey.SEAL_ALGORITHM,
        copy(iv, ObjectKey.IV_SIZE, "IV"),
        copy(sealedKey, ObjectKey.SEALED_SIZE, "sealed key"),
        kmsKeyId,
        kmsCiphertext == null ? null : kmsCiphertext.clone(),
        KmsContext.empty());
  }

  /**
   * SSE-KMS entries.
   *
   * @param iv 32-byte IV
   * @param sealedKey 64-byte sealed object key (domain SSE-KMS)
   * @param kmsKeyId KMS key name
   * @param kmsCiphertext KMS ciphertext of the data key
   * @param context the client context, stored without the implicit bucket entry; empty for none
   * @return the metadata
   */
  public static SseMetadata sseKms(
      byte[] iv, byte[] sealedKey, String kmsKeyId, byte[] kmsCiphertext, KmsContext context) {
    return new SseMetadata(
        SseType.SSE_KMS,
        ObjectKey.SEAL_ALGORITHM,
        copy(iv, ObjectKey.IV_SIZE, "IV"),
        copy(sealedKey, ObjectKey.SEALED_SIZE, "sealed key"),
        kmsKeyId,
        kmsCiphertext.clone(),
        context);
  }

  /**
   * SSE-C entries ({@code DAREv2-HMAC-SHA256}).
   *
   * @param iv 32-byte IV
   * @param sealedKey 64-byte sealed object key (domain SSE-C)
   * @return the metadata
   */
  public static SseMetadata sseC(byte[] iv, byte[] sealedKey) {
    return new SseMetadata(
        SseType.SSE_C,
        ObjectKey.SEAL_ALGORITHM,
        copy(iv, ObjectKey.IV_SIZE, "IV"),
        copy(sealedKey, ObjectKey.SEALED_SIZE, "sealed key"),
        null,
        null,
        KmsContext.empty());
  }

  private static void checkKms(@Nullable String keyId, byte @Nullable [] ciphertext) {
    if ((keyId == null) != (ciphertext == null)) {
      throw new IllegalArgumentException("KMS key id and KMS ciphertext go together");
    }
  }

  private static byte[] copy(byte[] b, int len, String what) {
    ObjectKey.checkLength(b, len, what);
    return b.clone();
  }

  // ---------------------------------------------------------------- detection

  /**
   * MinIO's {@code IsEncrypted} type: SSE-KMS, then SSE-S3, then SSE-C, by sealed-key entry.
   *
   * @param metadata the object's internal metadata
   * @return the type, or {@code null} when no sealed-key entry exists
   */
  public static @Nullable SseType detectType(Map<String, String> metadata) {
    if (metadata.containsKey(KMS_SEALED_KEY)) {
      return SseType.SSE_KMS;
    }
    if (metadata.containsKey(S3_SEALED_KEY)) {
      return SseType.SSE_S3;
    }
    if (metadata.containsKey(SSEC_SEALED_KEY)) {
      return SseType.SSE_C;
    }
    return null;
  }

  /**
   * Whether the object carries any server-side-encryption entry (sealed key, multipart flag, IV,
   * algorithm, key id, KMS ciphertext or context).
   *
   * @param metadata the object's internal metadata
   * @return {@code true} when MinIO would treat the object as encrypted
   */
  public static boolean isEncrypted(Map<String, String> metadata) {
    return detectType(metadata) != null
        || metadata.containsKey(MULTIPART)
        || metadata.containsKey(IV)
        || metadata.containsKey(SEAL_ALGORITHM)
        || metadata.containsKey(KMS_KEY_ID)
        || metadata.containsKey(KMS_DATA_KEY)
        || metadata.containsKey(CONTEXT);
  }

  /**
   * Whether the object was uploaded with the multipart API (exact entry name).
   *
   * @param metadata the object's internal metadata
   * @return {@code true} when {@value #MULTIPART} is present
   */
  public static boolean isMultipart(Map<String, String> metadata) {
    return metadata.containsKey(MULTIPART);
  }

  // ---------------------------------------------------------------- parsing

  /**
   * Detects the type and parses it.
   *
   * @param metadata the object's internal metadata
   * @return the parsed entries
   * @throws FormatException when the object is not encrypted, carries encryption entries without a
   *     sealed key (MinIO: "the object was modified and may be compromised"), or an entry is
   *     malformed
   */
  public static SseMetadata parse(Map<String, String> metadata) {
    SseType t = detectType(metadata);
    if (t == null) {
      if (isEncrypted(metadata)) {
        throw new FormatException(
            "object metadata has encryption entries but no sealed key entry "
                + "(the object was modified and may be compromised)");
      }
      throw new FormatException("object metadata has no server-side-encryption entries");
    }
    return parse(t, metadata);
  }

  /**
   * Parses the entries of a given type, as MinIO's {@code S3/S3KMS/SSEC.ParseMetadata} do.
   *
   * @param type the SSE type to parse as
   * @param metadata the object's internal metadata
   * @return the parsed entries
   * @throws FormatException naming the first missing or malformed entry
   */
  public static SseMetadata parse(SseType type, Map<String, String> metadata) {
    String sealedKeyEntry = sealedKeyEntry(type);
    String b64Iv = require(metadata, IV, "the internal encryption IV");
    String algorithm = require(metadata, SEAL_ALGORITHM, "the internal seal algorithm");
    String b64Sealed =
        require(metadata, sealedKeyEntry, "the internal sealed key for " + type.domain());
    String keyId = null;
    String b64Kms = null;
    if (type != SseType.SSE_C) {
      keyId = metadata.get(KMS_KEY_ID);
      b64Kms = metadata.get(KMS_DATA_KEY);
      if (keyId == null && b64Kms != null) {
        throw missing(KMS_KEY_ID, "the internal KMS key-ID for " + type.domain());
      }
      if (keyId != null && b64Kms == null) {
        throw missing(KMS_DATA_KEY, "the internal sealed KMS data key for " + type.domain());
      }
    }
    byte[] iv = decode(b64Iv, IV, "the internal encryption IV is malformed");
    if (iv.length != ObjectKey.IV_SIZE) {
      throw malformed(IV, "the internal encryption IV is malformed (not 32 bytes)");
    }
    boolean algorithmOk =
        ObjectKey.SEAL_ALGORITHM.equals(algorithm)
            || (type == SseType.SSE_C && ObjectKey.LEGACY_SEAL_ALGORITHM.equals(algorithm));
    if (!algorithmOk) {
      throw malformed(SEAL_ALGORITHM, "the internal seal algorithm is invalid and not supported");
    }
    String sealedWhat = "the internal sealed key for " + type.domain() + " is invalid";
    byte[] sealed = decode(b64Sealed, sealedKeyEntry, sealedWhat);
    if (sealed.length != ObjectKey.SEALED_SIZE) {
      throw malformed(sealedKeyEntry, sealedWhat + " (not 64 bytes)");
    }
    byte[] kms = null;
    if (b64Kms != null) {
      kms =
          decode(
              b64Kms,
              KMS_DATA_KEY,
              "the internal sealed KMS data key for " + type.domain() + " is invalid");
    }
    KmsContext ctx = KmsContext.empty();
    String b64Ctx = type == SseType.SSE_KMS ? metadata.get(CONTEXT) : null;
    if (b64Ctx != null) {
      byte[] json = decode(b64Ctx, CONTEXT, "the internal KMS context is not base64-encoded");
      try {
        ctx = KmsContext.parseJson(json);
      } catch (FormatException e) {
        throw new FormatException(
            "object metadata entry "
                + CONTEXT
                + " is malformed: the internal sealed KMS context is "
                + "invalid ("
                + e.getMessage()
                + ")",
            e);
      }
    }
    return new SseMetadata(type, algorithm, iv, sealed, keyId, kms, ctx);
  }

  private static String sealedKeyEntry(SseType type) {
    switch (type) {
      case SSE_S3:
        return S3_SEALED_KEY;
      case SSE_KMS:
        return KMS_SEALED_KEY;
      default:
        return SSEC_SEALED_KEY;
    }
  }

  private static String require(Map<String, String> m, String entry, String what) {
    String v = m.get(entry);
    if (v == null) {
      throw missing(entry, what);
    }
    return v;
  }

  private static byte[] decode(String b64, String entry, String what) {
    try {
      return GoBase64.decode(b64);
    } catch (IllegalArgumentException e) {
      throw malformed(entry, what + " (not base64)");
    }
  }

  private static FormatException missing(String entry, String what) {
    return new FormatException("object metadata is missing " + what + " (" + entry + ")");
  }

  private static FormatException malformed(String entry, String what) {
    return new FormatException("object metadata entry " + entry + " is malformed: " + what);
  }

  // ---------------------------------------------------------------- accessors

  /**
   * The SSE type.
   *
   * @return SSE-S3, SSE-KMS or SSE-C
   */
  public SseType type() {
    return type;
  }

  /**
   * The stored seal algorithm.
   *
   * @return {@link ObjectKey#SEAL_ALGORITHM}, or {@link ObjectKey#LEGACY_SEAL_ALGORITHM} for old
   *     SSE-C
   */
  public String sealAlgorithm() {
    return sealAlgorithm;
  }

  /**
   * The sealing IV.
   *
   * @return a copy of the 32 bytes
   */
  public byte[] iv() {
    return iv.clone();
  }

  /**
   * The sealed object key.
   *
   * @return a copy of the 64 bytes
   */
  public byte[] sealedKey() {
    return sealedKey.clone();
  }

  /**
   * The KMS key name (SSE-S3/SSE-KMS), stored verbatim (no {@code arn:aws:kms:} prefix processing).
   *
   * @return the name, or {@code null} for SSE-C and the legacy non-KMS layout
   */
  public @Nullable String kmsKeyId() {
    return kmsKeyId;
  }

  /**
   * The KMS ciphertext of the data key.
   *
   * @return a copy, or {@code null} for SSE-C and the legacy non-KMS layout
   */
  public byte @Nullable [] kmsCiphertext() {
    return kmsCiphertext == null ? null : kmsCiphertext.clone();
  }

  /**
   * The stored SSE-KMS client context (without the implicit bucket entry).
   *
   * @return the context; empty for SSE-S3, SSE-C and SSE-KMS without a context
   */
  public KmsContext context() {
    return context;
  }

  /**
   * The associated data MinIO passes to the KMS for this object's data key: SSE-S3 {@code {bucket:
   * path.Join(bucket, object)}}; SSE-KMS the stored context plus that pair unless the bucket name
   * is already a key.
   *
   * @param bucket bucket name
   * @param object object name
   * @return the KMS context
   * @throws IllegalStateException for SSE-C (no KMS involved)
   */
  public KmsContext kmsAssociatedData(String bucket, String object) {
    if (type == SseType.SSE_C) {
      throw new IllegalStateException("SSE-C objects have no KMS data key");
    }
    return associatedData(type == SseType.SSE_KMS ? context : KmsContext.empty(), bucket, object);
  }

  /**
   * MinIO's KMS associated data for a client context: {@code context ∪ {bucket: path.Join(bucket,
   * object)}} unless the bucket name is already a key (then the client's value wins).
   *
   * @param clientContext the client context (empty for SSE-S3)
   * @param bucket bucket name
   * @param object object name
   * @return the context to bind to the KMS ciphertext
   */
  public static KmsContext associatedData(KmsContext clientContext, String bucket, String object) {
    return clientContext.withDefault(bucket, GoPath.join(bucket, object));
  }

  /**
   * Unseals the object key with the data key (SSE-S3/SSE-KMS, from the KMS) or client key (SSE-C).
   *
   * @param extKey the 32-byte external key
   * @param bucket bucket name
   * @param object object name
   * @return the object key; close it after use
   * @throws io.keyrotate.IntegrityException when the key does not match
   */
  public ObjectKey unsealObjectKey(SecretBytes extKey, String bucket, String object) {
    return ObjectKey.unseal(sealedKey, extKey, iv, sealAlgorithm, type, bucket, object);
  }

  // ---------------------------------------------------------------- writing

  /**
   * The entries of this metadata alone, spelled as MinIO writes them ({@code CreateMetadata}).
   *
   * @return a new map
   */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(SEAL_ALGORITHM, sealAlgorithm);
    m.put(IV, GoBase64.encode(iv));
    m.put(sealedKeyEntry(type), GoBase64.encode(sealedKey));
    if (kmsKeyId != null && kmsCiphertext != null) {
      m.put(KMS_KEY_ID, kmsKeyId);
      m.put(KMS_DATA_KEY, GoBase64.encode(kmsCiphertext));
    }
    if (type == SseType.SSE_KMS && !context.isEmpty()) {
      m.put(CONTEXT, GoBase64.encode(context.toJson()));
    }
    return m;
  }

  /**
   * A copy of {@code metadata} with every sealing entry (algorithm, IV, all three sealed keys, KMS
   * key id and ciphertext, context) replaced by this metadata's entries; every other entry (user
   * metadata, multipart flag, actual size, ...) is kept.
   *
   * @param metadata the version's current internal metadata
   * @return the new metadata map
   */
  public Map<String, String> applyTo(Map<String, String> metadata) {
    Map<String, String> m = new LinkedHashMap<>(metadata);
    for (String e : SEAL_ENTRIES) {
      m.remove(e);
    }
    m.putAll(toMap());
    return m;
  }

  /** Type and key id only (no IV, sealed key or ciphertext). */
  @Override
  public String toString() {
    return "SseMetadata[" + type.domain() + (kmsKeyId == null ? "" : ", key " + kmsKeyId) + "]";
  }
}
