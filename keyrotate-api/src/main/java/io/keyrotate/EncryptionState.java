package io.keyrotate;

import io.keyrotate.internal.ContextJson;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How one object version is encrypted, read from MinIO's internal metadata entries.
 *
 * <p>Detection follows MinIO's order ({@code internal/crypto/metadata.go: IsEncrypted}): a {@code
 * …-Kms-Sealed-Key} entry means SSE-KMS; else {@code …-S3-Sealed-Key} means SSE-S3; else {@code
 * …-Sealed-Key} means SSE-C; else any other SSE entry (multipart marker, IV, algorithm, key id, KMS
 * ciphertext, context) means encrypted with an unknown or damaged type; else plaintext. SSE-S3 and
 * SSE-KMS entries are then validated as MinIO's {@code ParseMetadata} does; anything MinIO would refuse to
 * read is {@link Unknown} with the reason, so it is never overwritten.
 */
public sealed interface EncryptionState {
  /** Metadata entry: seal algorithm. */
  String SEAL_ALGORITHM = "X-Minio-Internal-Server-Side-Encryption-Seal-Algorithm";
  /** Metadata entry: 32-byte KEK-derivation IV, base64. */
  String IV = "X-Minio-Internal-Server-Side-Encryption-Iv";
  /** Metadata entry: sealed object key of an SSE-S3 object. */
  String S3_SEALED_KEY = "X-Minio-Internal-Server-Side-Encryption-S3-Sealed-Key";
  /** Metadata entry: sealed object key of an SSE-KMS object. */
  String KMS_SEALED_KEY = "X-Minio-Internal-Server-Side-Encryption-Kms-Sealed-Key";
  /** Metadata entry: sealed object key of an SSE-C object. */
  String SSEC_SEALED_KEY = "X-Minio-Internal-Server-Side-Encryption-Sealed-Key";
  /** Metadata entry: KMS key id (SSE-S3 and SSE-KMS). */
  String KMS_KEY_ID = "X-Minio-Internal-Server-Side-Encryption-S3-Kms-Key-Id";
  /** Metadata entry: KMS ciphertext of the data key (SSE-S3 and SSE-KMS). */
  String KMS_DATA_KEY = "X-Minio-Internal-Server-Side-Encryption-S3-Kms-Sealed-Key";
  /** Metadata entry: client KMS context, base64 of canonical JSON (SSE-KMS). */
  String CONTEXT = "X-Minio-Internal-Server-Side-Encryption-Context";
  /** Metadata entry: present (empty) when the object was uploaded in parts. */
  String ENCRYPTED_MULTIPART = "X-Minio-Internal-Encrypted-Multipart";
  /** The only seal algorithm written, and the only one accepted for SSE-S3 and SSE-KMS. */
  String DARE_V2_HMAC_SHA256 = "DAREv2-HMAC-SHA256";
  /** The legacy seal algorithm, accepted for SSE-C only. */
  String DARE_SHA256 = "DARE-SHA256";

  /** Not encrypted. */
  record Plaintext() implements EncryptionState {}

  /**
   * SSE-S3: the object key is sealed under a data key of the KMS key {@code keyId}.
   *
   * @param keyId the KMS key id, or {@code null} for legacy objects sealed without a KMS
   */
  record SseS3(@Nullable String keyId) implements EncryptionState {}

  /**
   * SSE-KMS: the object key is sealed under a data key of the KMS key {@code keyId} with a client
   * context.
   *
   * @param keyId the KMS key id, or {@code null} for legacy objects sealed without a KMS
   * @param context the stored client context (without the implicit bucket entry), in stored order
   */
  record SseKms(@Nullable String keyId, Map<String, String> context) implements EncryptionState {
    /** Copies the context. */
    public SseKms {
      context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }
  }

  /** SSE-C: sealed under a customer key the server does not keep. */
  record SseC() implements EncryptionState {}

  /**
   * Encryption metadata that is present but unreadable (damaged, tampered, or an unknown type).
   *
   * @param reason what is wrong, naming the entry; never a secret value
   */
  record Unknown(String reason) implements EncryptionState {}

  /**
   * Parses the state from internal metadata. Total: never throws.
   *
   * @param internal the internal metadata map (exact key spelling)
   * @return the encryption state
   */
  static EncryptionState parse(Map<String, String> internal) {
    if (internal.containsKey(KMS_SEALED_KEY)) {
      return parseS3OrKms(internal, KMS_SEALED_KEY, true);
    }
    if (internal.containsKey(S3_SEALED_KEY)) {
      return parseS3OrKms(internal, S3_SEALED_KEY, false);
    }
    if (internal.containsKey(SSEC_SEALED_KEY)) {
      String alg = internal.get(SEAL_ALGORITHM);
      if (alg != null && !alg.equals(DARE_V2_HMAC_SHA256) && !alg.equals(DARE_SHA256)) {
        return new Unknown("SSE-C object has an unknown seal algorithm in " + SEAL_ALGORITHM);
      }
      return new SseC();
    }
    for (String k :
        new String[] {ENCRYPTED_MULTIPART, IV, SEAL_ALGORITHM, KMS_KEY_ID, KMS_DATA_KEY, CONTEXT}) {
      if (internal.containsKey(k)) {
        return new Unknown("encrypted with an unknown type: " + k + " is present but no sealed key");
      }
    }
    return new Plaintext();
  }

  private static EncryptionState parseS3OrKms(
      Map<String, String> m, String sealedKeyEntry, boolean kms) {
    String iv = m.get(IV);
    if (iv == null) {
      return new Unknown("missing " + IV);
    }
    if (decodedLength(iv) != 32) {
      return new Unknown(IV + " is not base64 of 32 bytes");
    }
    String alg = m.get(SEAL_ALGORITHM);
    if (alg == null) {
      return new Unknown("missing " + SEAL_ALGORITHM);
    }
    if (!alg.equals(DARE_V2_HMAC_SHA256)) {
      return new Unknown(SEAL_ALGORITHM + " is not " + DARE_V2_HMAC_SHA256);
    }
    if (decodedLength(m.get(sealedKeyEntry)) != 64) {
      return new Unknown(sealedKeyEntry + " is not base64 of a 64-byte sealed key");
    }
    String keyId = m.get(KMS_KEY_ID);
    String kmsKey = m.get(KMS_DATA_KEY);
    if ((keyId == null) != (kmsKey == null)) {
      return new Unknown(KMS_KEY_ID + " and " + KMS_DATA_KEY + " must be both present or both absent");
    }
    if (kmsKey != null && decodedLength(kmsKey) <= 0) {
      return new Unknown(KMS_DATA_KEY + " is not valid base64");
    }
    if (!kms) {
      return new SseS3(keyId);
    }
    String ctx = m.get(CONTEXT);
    Map<String, String> context = Map.of();
    if (ctx != null) {
      try {
        context = ContextJson.parseBase64(ctx, 1 << 20);
      } catch (IllegalArgumentException e) {
        return new Unknown(CONTEXT + " is not base64 of a JSON object of strings");
      }
    }
    return new SseKms(keyId, context);
  }

  private static int decodedLength(@Nullable String b64) {
    if (b64 == null) {
      return -1; // a map that holds null values is damaged input, not a crash
    }
    try {
      return ContextJson.decodeBase64(b64).length;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }
}
