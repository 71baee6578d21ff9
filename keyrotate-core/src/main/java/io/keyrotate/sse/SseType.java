package io.keyrotate.sse;

/**
 * The three MinIO server-side-encryption types. Each names the domain string that is mixed into the
 * sealing-key derivation, so a key sealed for one type never unseals as another.
 */
public enum SseType {
  /** Keys managed by the server's KMS default key; domain {@code SSE-S3}. */
  SSE_S3("SSE-S3"),
  /**
   * Keys managed by a named KMS key, optionally bound to a client context; domain {@code SSE-KMS}.
   */
  SSE_KMS("SSE-KMS"),
  /** Keys provided by the client on every request; domain {@code SSE-C}. */
  SSE_C("SSE-C");

  private final String domain;

  SseType(String domain) {
    this.domain = domain;
  }

  /**
   * The domain string of the sealing-key derivation (MinIO's {@code Type.String()}).
   *
   * @return {@code SSE-S3}, {@code SSE-KMS} or {@code SSE-C}
   */
  public String domain() {
    return domain;
  }
}
