package io.keyrotate.crypto.internal;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.KeyRotateException;
import org.jspecify.annotations.Nullable;

/**
 * Why a DARE stream was rejected. Each reason carries sio's error text (without the {@code "sio: "}
 * prefix) so that results can be compared with the reference implementation, and whether it is a framing
 * problem ({@link FormatException}) or an authentication failure ({@link IntegrityException}).
 */
public enum Reject {
  /** A chunk is too short, too long, or a non-final package is not 64 KiB. */
  INVALID_PAYLOAD_SIZE("invalid payload size", false, "package truncated or length field altered"),
  /** Header byte 0 is not an accepted version, or versions are mixed. */
  UNSUPPORTED_VERSION("unsupported version", false, "not a DARE stream of an accepted version"),
  /** Header byte 1 is unknown, not accepted, or differs from the first package's. */
  UNSUPPORTED_CIPHER_SUITE("unsupported cipher suite", false, "unknown, refused or changing cipher"),
  /** A package's stream nonce differs from the first package's (spliced from another stream). */
  HEADER_NONCE_MISMATCH("header nonce mismatch", true, "package from another stream"),
  /** The AEAD tag did not verify: wrong key, wrong sequence number, or altered bytes. */
  AUTHENTICATION_FAILED(
      "authentication failed", true, "wrong key, wrong sequence number, or altered data"),
  /** The input ended without a final package. */
  UNEXPECTED_EOF("unexpected EOF", true, "stream truncated: no final package"),
  /** Bytes follow the final package. */
  DATA_AFTER_FINAL("unexpected data after final package", true, "stream extended"),
  /** DARE 1.0: a header's sequence number is not the expected one. */
  SEQUENCE_MISMATCH("sequence number mismatch", true, "packages reordered, dropped or replayed"),
  /** More than 2^32 packages: the sequence number would repeat a nonce. */
  TOO_MANY_PACKAGES("size is too large for DARE", false, "more than 2^32 packages");

  private final String sioText;
  private final boolean integrity;
  private final String explanation;

  Reject(String sioText, boolean integrity, String explanation) {
    this.sioText = sioText;
    this.integrity = integrity;
    this.explanation = explanation;
  }

  /**
   * sio's error text for this reason, without the {@code "sio: "} prefix.
   *
   * @return e.g. {@code "authentication failed"}
   */
  public String sioText() {
    return sioText;
  }

  /**
   * Builds the exception for a rejected package.
   *
   * @param packageIndex 0-based index of the package within the input, or -1 for the stream as a whole
   * @param cause the provider's exception, or {@code null}
   * @return an {@link IntegrityException} or a {@link FormatException}; never contains key material
   */
  public KeyRotateException exception(long packageIndex, @Nullable Throwable cause) {
    String where = packageIndex < 0 ? "DARE stream" : "DARE package " + packageIndex;
    String message = where + ": " + sioText + " (" + explanation + ")";
    return integrity ? new IntegrityException(message, cause) : new FormatException(message, cause);
  }
}
