package io.keyrotate.sse;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.SecretBytes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Key rewrap: move an object key from an old external key to a new one without touching object
 * data. These functions are pure (no KMS, no I/O): the job runner asks the KMS to decrypt the old
 * data key and generate the new one, and calls these in between.
 *
 * <p>The object key exists only in a per-thread 32-byte buffer that is wiped before every return,
 * on success and on failure; derived sealing keys likewise.
 *
 * <p>Supported moves: SSE-S3 → SSE-S3 (OSS {@code keyrotate} with {@code type: sse-s3}), SSE-KMS →
 * SSE-KMS, and SSE-S3 → SSE-KMS, which is a metadata-only conversion (minio-keyrotate.md §3.6: the
 * {@code …-S3-Sealed-Key} entry is removed and {@code …-Kms-Sealed-Key}, IV, key id, KMS
 * ciphertext, algorithm and the optional context are written). SSE-C keys are rewrapped with {@link
 * #rewrapSseC}.
 *
 * <p>Thread-safe.
 */
public final class Rewrap {
  private Rewrap() {}

  /**
   * Rewraps the object key of an SSE-S3 or SSE-KMS version.
   *
   * @param request metadata, object name, both data keys and the new key's id, ciphertext and
   *     context
   * @return the version's new internal metadata (all non-sealing entries unchanged)
   * @throws FormatException when the current metadata is malformed
   * @throws IntegrityException when the old data key does not unseal the object key
   * @throws IllegalArgumentException for an SSE-C source or an SSE-KMS → SSE-S3 request
   */
  public static Map<String, String> rewrap(RewrapRequest request) {
    SseMetadata old = SseMetadata.parse(request.metadata());
    if (old.type() == SseType.SSE_C) {
      throw new IllegalArgumentException("SSE-C keys are rewrapped with Rewrap.rewrapSseC");
    }
    if (old.type() == SseType.SSE_KMS && request.target() == SseType.SSE_S3) {
      throw new IllegalArgumentException("converting SSE-KMS to SSE-S3 is not supported");
    }
    byte[] iv = request.ivOrRandom();
    byte[] nonce = request.nonceOrRandom();
    byte[] sealed = new byte[ObjectKey.SEALED_SIZE];
    rewrapSealedKey(
        old.sealedKey(),
        request.bucket(),
        request.object(),
        request.oldDataKey(),
        old.iv(),
        old.type(),
        request.newDataKey(),
        iv,
        request.target(),
        request.cipher(),
        nonce,
        sealed,
        0);
    SseMetadata updated =
        request.target() == SseType.SSE_S3
            ? SseMetadata.sseS3(iv, sealed, request.newKeyId(), request.newKmsCiphertext())
            : SseMetadata.sseKms(
                iv, sealed, request.newKeyId(), request.newKmsCiphertext(), request.newContext());
    return updated.applyTo(request.metadata());
  }

  /**
   * Unseals a {@code DAREv2-HMAC-SHA256} sealed key with the old external key and seals the same
   * object key with the new one. This is the allocation-free core of every rewrap.
   *
   * @param sealedKey the current 64-byte sealed key
   * @param bucket bucket name
   * @param object object name
   * @param oldKey the current external key (32 bytes)
   * @param oldIv the current IV (32 bytes)
   * @param oldType the SSE type the key is sealed for
   * @param newKey the new external key (32 bytes)
   * @param newIv a fresh IV (32 bytes)
   * @param newType the SSE type to seal for
   * @param cipher the DARE suite of the new package
   * @param nonce a fresh 12-byte DARE nonce
   * @param out receives the new 64-byte sealed key
   * @param outOff first output byte
   * @throws IntegrityException when the old key does not unseal the key ({@code out} is untouched)
   */
  public static void rewrapSealedKey(
      byte[] sealedKey,
      String bucket,
      String object,
      SecretBytes oldKey,
      byte[] oldIv,
      SseType oldType,
      SecretBytes newKey,
      byte[] newIv,
      SseType newType,
      AeadCipher cipher,
      byte[] nonce,
      byte[] out,
      int outOff) {
    ObjectKey.checkExtKey(oldKey);
    ObjectKey.checkExtKey(newKey);
    ObjectKey.checkLength(oldIv, ObjectKey.IV_SIZE, "old IV");
    Kdf.Scratch s = Kdf.scratch();
    try {
      oldKey.copyTo(s.oldKey, 0);
      newKey.copyTo(s.newKey, 0);
      ObjectKey.unsealInto(
          sealedKey, 0, sealedKey.length, s.oldKey, oldIv, oldType, bucket, object, s.oek);
      ObjectKey.sealInto(
          s.oek, s.newKey, newIv, newType, bucket, object, cipher, nonce, out, outOff);
    } finally {
      Arrays.fill(s.oek, (byte) 0);
      Arrays.fill(s.oldKey, (byte) 0);
      Arrays.fill(s.newKey, (byte) 0);
    }
  }

  /**
   * Changes the client key of an SSE-C version, as MinIO's {@code rotateKey} does for an SSE-C
   * {@code CopyObject}: the IV is kept, only a new DARE nonce is used, and the algorithm becomes
   * {@code DAREv2-HMAC-SHA256}. When both keys are equal and the algorithm is already current, the
   * metadata is returned unchanged. Legacy {@code DARE-SHA256} keys are unsealed correctly (MinIO
   * would re-seal an all-zero key here).
   *
   * @param metadata the version's internal metadata (SSE-C)
   * @param bucket bucket name
   * @param object object name
   * @param oldClientKey the current client key (32 bytes)
   * @param newClientKey the new client key (32 bytes)
   * @param cipher the DARE suite of the new package
   * @param nonce a fresh 12-byte DARE nonce
   * @return the new internal metadata
   * @throws IntegrityException when the old client key is wrong
   * @throws FormatException when the metadata is not valid SSE-C metadata
   */
  public static Map<String, String> rewrapSseC(
      Map<String, String> metadata,
      String bucket,
      String object,
      SecretBytes oldClientKey,
      SecretBytes newClientKey,
      AeadCipher cipher,
      byte[] nonce) {
    SseMetadata old = SseMetadata.parse(SseType.SSE_C, metadata);
    boolean sameKey = oldClientKey.equals(newClientKey);
    ObjectKey oek;
    try {
      oek = old.unsealObjectKey(oldClientKey, bucket, object);
    } catch (IntegrityException e) {
      throw new IntegrityException(
          sameKey
              ? "the SSE-C key for key rotation is not correct"
              : "the SSE-C client key does not unseal the object key",
          null);
    }
    try (oek) {
      if (sameKey && ObjectKey.SEAL_ALGORITHM.equals(old.sealAlgorithm())) {
        return new LinkedHashMap<>(metadata);
      }
      byte[] iv = old.iv();
      byte[] sealed = oek.seal(newClientKey, iv, SseType.SSE_C, bucket, object, cipher, nonce);
      return SseMetadata.sseC(iv, sealed).applyTo(metadata);
    }
  }
}
