package io.keyrotate.sse;

import io.keyrotate.FormatException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * ETags of encrypted objects as MinIO stores and shows them ({@code cmd/encryption-v1.go:
 * DecryptETag}, {@code internal/etag}), plus the deterministic multipart DARE nonce.
 *
 * <p>A single-part ETag is stored sealed ({@link ObjectKey#sealETag}) as lower-case hex; a
 * multipart ETag ({@code <32 hex>-<parts>}) is stored plain. Rotation never changes them because
 * the object key does not change.
 *
 * <p>Thread-safe (stateless).
 */
public final class SseETags {
  private static final HexFormat HEX = HexFormat.of();

  private SseETags() {}

  /**
   * MinIO's {@code DecryptETag}: a multipart ETag is validated and returned as is; any other ETag
   * is hex decoded and, when longer than 16 bytes, unsealed with the object key.
   *
   * @param key the object key
   * @param storedETag the stored ETag text
   * @return the plain ETag as lower-case hex (or the multipart ETag unchanged)
   * @throws FormatException for malformed hex, a malformed multipart ETag or a malformed package
   * @throws io.keyrotate.IntegrityException when a sealed ETag does not authenticate
   */
  public static String decryptStored(ObjectKey key, String storedETag) {
    if (storedETag.indexOf('-') >= 0) {
      checkMultipart(storedETag);
      return storedETag;
    }
    return HEX.formatHex(key.unsealETag(hex(storedETag)));
  }

  /**
   * The ETag MinIO shows to clients for a single-part object: the decrypted MD5 for SSE-S3; for
   * SSE-KMS and SSE-C the hex of the last 16 bytes (the AEAD tag) of a sealed ETag. Unsealed and
   * multipart ETags are shown as stored.
   *
   * @param type the object's SSE type
   * @param key the object key (used for SSE-S3 only)
   * @param storedETag the stored ETag text
   * @return the client-visible ETag
   */
  public static String clientVisible(SseType type, ObjectKey key, String storedETag) {
    if (type == SseType.SSE_S3 || storedETag.indexOf('-') >= 0) {
      return decryptStored(key, storedETag);
    }
    byte[] raw = hex(storedETag);
    return raw.length <= 16 ? storedETag : HEX.formatHex(raw, raw.length - 16, raw.length);
  }

  /**
   * A multipart object's ETag ({@code internal/etag.Multipart}): MD5 of the concatenated raw
   * client-visible part ETags, then {@code -} and the part count.
   *
   * @param clientPartETags the parts' client-visible ETags in part order (hex)
   * @return the object ETag
   */
  public static String multipart(List<String> clientPartETags) {
    MessageDigest md5 = digest("MD5");
    for (String e : clientPartETags) {
      md5.update(hex(e));
    }
    return HEX.formatHex(md5.digest()) + "-" + clientPartETags.size();
  }

  /**
   * The DARE nonce MinIO uses for a multipart part: the first 12 bytes of SHA-256(uploadId ‖
   * decimal part number). Readers take the nonce from the package header, so any nonce decrypts.
   *
   * @param uploadId the multipart upload id
   * @param partNumber the part number
   * @return 12 bytes
   */
  public static byte[] partNonce(String uploadId, long partNumber) {
    MessageDigest sha = digest("SHA-256");
    sha.update((uploadId + partNumber).getBytes(StandardCharsets.UTF_8));
    return Arrays.copyOf(sha.digest(), ObjectKey.NONCE_SIZE);
  }

  private static void checkMultipart(String etag) {
    int dash = etag.indexOf('-');
    if (etag.indexOf('-', dash + 1) >= 0 || dash != 32) {
      throw new FormatException(
          "malformed multipart ETag (the object was modified and may be compromised)");
    }
    hex(etag.substring(0, 32));
    String parts = etag.substring(33);
    try {
      Integer.parseInt(parts); // Go's strconv.ParseInt(s, 10, 32): optional sign, decimal, int32
    } catch (NumberFormatException e) {
      throw new FormatException("malformed multipart ETag part count (the object was modified)");
    }
  }

  private static byte[] hex(String s) {
    try {
      return HEX.parseHex(s);
    } catch (IllegalArgumentException e) {
      throw new FormatException("stored ETag is not valid hex");
    }
  }

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + name, e);
    }
  }
}
