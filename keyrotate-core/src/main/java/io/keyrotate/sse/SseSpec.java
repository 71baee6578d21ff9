package io.keyrotate.sse;

import io.keyrotate.SecretBytes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a server is asked to encrypt an object on PUT: SSE-S3, SSE-KMS with a key and a client context, or
 * SSE-C with the customer's key.
 */
public sealed interface SseSpec {
  /** SSE-S3: the object key is sealed under a data key of the KMS default key. */
  record S3() implements SseSpec {}

  /**
   * SSE-KMS.
   *
   * @param keyId the KMS key, or {@code null} for the KMS default key
   * @param context the client context, stored with the object (without the implicit bucket entry)
   */
  record KmsKey(@Nullable String keyId, Map<String, String> context) implements SseSpec {
    /** Copies the context. */
    public KmsKey {
      context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }
  }

  /**
   * SSE-C: sealed under the customer's 32-byte key, which the server does not keep. The caller owns (and
   * closes) the key.
   *
   * @param key the customer key
   */
  record CustomerKey(SecretBytes key) implements SseSpec {
    /** Checks the key length. */
    public CustomerKey {
      if (key.length() != ObjectKey.SIZE) {
        throw new IllegalArgumentException("an SSE-C key has 32 bytes, not " + key.length());
      }
    }
  }

  /**
   * SSE-S3.
   *
   * @return the spec
   */
  static SseSpec s3() {
    return new S3();
  }

  /**
   * SSE-KMS.
   *
   * @param keyId the KMS key, or {@code null} for the default key
   * @param context the client context, possibly empty
   * @return the spec
   */
  static SseSpec kms(@Nullable String keyId, Map<String, String> context) {
    return new KmsKey(keyId, context);
  }

  /**
   * SSE-C.
   *
   * @param key the 32-byte customer key (not copied; the caller closes it after the request)
   * @return the spec
   */
  static SseSpec customer(SecretBytes key) {
    return new CustomerKey(key);
  }
}
