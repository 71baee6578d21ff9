package io.keyrotate.sse.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Blob names of MinIO's internal data inside its system bucket {@code .minio.sys}, and the byte-level
 * test MinIO uses to tell plaintext config from encrypted config. Not an API; {@code
 * io.keyrotate.sse.InternalDataFormat} documents the layout.
 */
public final class InternalNames {
  /** MinIO's system bucket. */
  public static final String SYSTEM_BUCKET = ".minio.sys";

  /** The server configuration. */
  public static final String SERVER_CONFIG = "config/config.json";

  /** Prefix of the configuration history ({@code config/history/<uuid>.kv}). */
  public static final String HISTORY_PREFIX = "config/history/";

  /** Prefix of IAM items (object store and etcd). */
  public static final String IAM_PREFIX = "config/iam/";

  /** The tier configuration object. */
  public static final String TIER_CONFIG = "config/tier-config.bin";

  /** Prefix of per-bucket metadata. */
  public static final String BUCKETS_PREFIX = "buckets/";

  /** Suffix (after {@code buckets/<b>/}) naming the bucket-targets metadata field. */
  public static final String BUCKET_TARGETS_SUFFIX = "/.metadata.bin/BucketTargetsConfigMetaJSON";

  private InternalNames() {}

  /**
   * The bucket of a bucket-targets metadata name {@code buckets/<b>/.metadata.bin/BucketTargetsConfigMetaJSON}.
   *
   * @param name a blob name
   * @return {@code <b>}, or {@code null} when {@code name} is not such a name
   */
  public static @Nullable String targetsBucket(String name) {
    if (!name.startsWith(BUCKETS_PREFIX) || !name.endsWith(BUCKET_TARGETS_SUFFIX)) {
      return null;
    }
    int end = name.length() - BUCKET_TARGETS_SUFFIX.length();
    if (end <= BUCKETS_PREFIX.length()) {
      return null;
    }
    String bucket = name.substring(BUCKETS_PREFIX.length(), end);
    return bucket.indexOf('/') >= 0 ? null : bucket;
  }

  /**
   * Whether {@code b} is valid UTF-8 (Go's {@code utf8.Valid}: no overlong forms, no surrogates, nothing
   * above U+10FFFF). MinIO reads such config as plaintext (minio-keyrotate.md §5.4 step 1).
   *
   * @param b the bytes
   * @return {@code true} for valid UTF-8, including the empty array
   */
  public static boolean isUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
