package io.keyrotate.runner;

import io.keyrotate.job.Filter;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.KeyValueFilter;
import io.keyrotate.job.Notify;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The digest that ties a checkpoint to its job definition: lower-case hex SHA-256 of a canonical JSON
 * rendering of every field of the job (members in name order, the KMS context sorted by key, durations in
 * milliseconds, instants in RFC 3339, lists in their given order). The notify token enters only as its
 * own SHA-256, so neither the rendering nor the digest reveals it.
 */
final class DefinitionHash {
  private DefinitionHash() {}

  static String of(KeyRotateJob job) {
    return HexFormat.of().formatHex(sha256(canonical(job).getBytes(StandardCharsets.UTF_8)));
  }

  static String canonical(KeyRotateJob job) {
    Json j = new Json().beginObject().field("apiVersion", job.apiVersion()).field("bucket", job.bucket());
    j.name("encryption").beginObject();
    j.field("context", new TreeMap<>(job.encryption().context()));
    j.field("key", job.encryption().key()).endObject();
    Filter f = job.filter();
    j.name("filter")
        .beginObject()
        .field("createdAfter", text(f.createdAfter()))
        .field("createdBefore", text(f.createdBefore()))
        .field("forceEncryptLocked", f.forceEncryptLocked())
        .field("kmskey", f.kmsKey());
    entries(j, "metadata", f.metadata());
    j.field("newerThan", millis(f.newerThan()))
        .field("olderThan", millis(f.olderThan()))
        .field("plaintextOnly", f.plaintextOnly());
    entries(j, "tags", f.tags());
    j.endObject();
    Notify n = job.notification();
    j.name("notify");
    if (n == null) {
      j.value((String) null);
    } else {
      String token = n.token();
      j.beginObject()
          .field("endpoint", n.endpoint().toString())
          .field(
              "tokenSha256",
              token == null
                  ? null
                  : HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8))))
          .endObject();
    }
    j.name("prefixes").beginArray();
    for (String p : job.prefixes()) {
      j.value(p);
    }
    j.endArray();
    j.name("retry")
        .beginObject()
        .field("attempts", job.retry().attempts())
        .field("delayMillis", job.retry().delay().toMillis())
        .endObject();
    return j.endObject().toString();
  }

  private static void entries(Json j, String name, List<KeyValueFilter> list) {
    j.name(name).beginArray();
    for (KeyValueFilter e : list) {
      j.beginObject().field("key", e.key()).field("value", e.value()).endObject();
    }
    j.endArray();
  }

  private static @Nullable String text(@Nullable Instant t) {
    return t == null ? null : t.toString();
  }

  private static @Nullable String millis(@Nullable Duration d) {
    return d == null ? null : Long.toString(d.toMillis());
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
