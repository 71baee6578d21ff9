package io.keyrotate.runner;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One share of a job split across the nodes of a storage cluster: shard {@code index} of {@code count}
 * processes exactly the versions whose key hashes to it, so the {@code count} shards together process
 * every version once.
 *
 * <p>The hash is stable across JVMs, versions and languages, so nodes that run other implementations can
 * agree: take SHA-256 of the UTF-8 bytes of {@code bucket + "/" + key}, read its first 8 bytes as an
 * unsigned big-endian integer, and take the remainder by {@code count}. All versions of one key fall in
 * the same shard.
 *
 * @param index this shard, {@code 0 <= index < count}
 * @param count the number of shards, at least 1
 */
public record Shard(int index, int count) {
  private static final Shard ALL = new Shard(0, 1);

  /** Validates the range. */
  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "shard index must be in [0, count) with count >= 1, got " + index + " of " + count);
    }
  }

  /**
   * The single shard of an unsharded job.
   *
   * @return shard 0 of 1
   */
  public static Shard all() {
    return ALL;
  }

  /**
   * Whether a key belongs to this shard.
   *
   * @param bucket the bucket
   * @param key the object key
   * @return {@code true} when this shard processes the key's versions
   */
  public boolean contains(String bucket, String key) {
    return count == 1 || of(bucket, key, count) == index;
  }

  /**
   * The shard of a key.
   *
   * @param bucket the bucket
   * @param key the object key
   * @param count the number of shards
   * @return the shard index in {@code [0, count)}
   */
  public static int of(String bucket, String key, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1: " + count);
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
    byte[] h = sha.digest((bucket + "/" + key).getBytes(StandardCharsets.UTF_8));
    return (int) Long.remainderUnsigned(ByteBuffer.wrap(h).getLong(), count);
  }

  /**
   * The suffix this shard adds to the job id for its own checkpoint; empty for an unsharded job.
   *
   * @return e.g. {@code .shard-2-of-8}
   */
  String checkpointSuffix() {
    return count == 1 ? "" : ".shard-" + index + "-of-" + count;
  }
}
