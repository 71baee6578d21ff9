package io.keyrotate.policy;

/** KMS key id comparison as MinIO does it: one leading {@code arn:aws:kms:} is ignored. */
final class KeyIds {
  static final String ARN_PREFIX = "arn:aws:kms:";

  private KeyIds() {}

  /** {@code id} without one leading {@code arn:aws:kms:} (case-sensitive, like MinIO's TrimPrefix). */
  static String strip(String id) {
    return id.startsWith(ARN_PREFIX) ? id.substring(ARN_PREFIX.length()) : id;
  }

  /** Whether two key ids name the same key once the prefix is ignored on both sides. */
  static boolean same(String a, String b) {
    return strip(a).equals(strip(b));
  }
}
