package io.keyrotate.kms.pkcs11;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Classifies the failures SunPKCS11 reports. Its {@code PKCS11Exception} lives in a package the JDK does
 * not export, so the PKCS#11 return value is read from the exception message ({@code CKR_...}), which is
 * the name of the code and never contains key material.
 */
final class TokenErrors {
  private static final Pattern CODE = Pattern.compile("\\bCKR_[A-Z0-9_]+\\b");

  /** What a failure means for the caller. */
  enum Kind {
    /**
     * The PIN was refused (incorrect, locked, expired). Never repeated automatically: each wrong PIN
     * counts towards locking the token.
     */
    LOGIN_REFUSED,
    /**
     * The session, the login or the object handles are gone, or the device is busy, removed or failing:
     * log in again, find the keys again and repeat once; if that fails too, the caller may retry later.
     */
    TRANSIENT,
    /** Anything else: configuration or programming errors that repeating cannot fix. */
    PERMANENT
  }

  private static final Set<String> LOGIN_REFUSED =
      Set.of(
          "CKR_PIN_INCORRECT", "CKR_PIN_INVALID", "CKR_PIN_LEN_RANGE", "CKR_PIN_LOCKED",
          "CKR_PIN_EXPIRED", "CKR_USER_PIN_NOT_INITIALIZED", "CKR_USER_TYPE_INVALID");

  private static final Set<String> TRANSIENT =
      Set.of(
          "CKR_SESSION_CLOSED", "CKR_SESSION_HANDLE_INVALID", "CKR_SESSION_COUNT",
          "CKR_USER_NOT_LOGGED_IN", "CKR_OBJECT_HANDLE_INVALID", "CKR_KEY_HANDLE_INVALID",
          "CKR_DEVICE_REMOVED", "CKR_DEVICE_ERROR", "CKR_DEVICE_MEMORY", "CKR_HOST_MEMORY",
          "CKR_TOKEN_NOT_PRESENT", "CKR_FUNCTION_FAILED", "CKR_GENERAL_ERROR",
          "CKR_OPERATION_ACTIVE", "CKR_CRYPTOKI_NOT_INITIALIZED", "CKR_FUNCTION_CANCELED");

  private TokenErrors() {}

  /** The first PKCS#11 return value named in the cause chain, or {@code null}. */
  static @Nullable String code(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null) {
        Matcher matcher = CODE.matcher(m);
        if (matcher.find()) {
          return matcher.group();
        }
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  static Kind kind(Throwable t) {
    String code = code(t);
    if (code == null) {
      return Kind.PERMANENT;
    }
    if (LOGIN_REFUSED.contains(code)) {
      return Kind.LOGIN_REFUSED;
    }
    return TRANSIENT.contains(code) ? Kind.TRANSIENT : Kind.PERMANENT;
  }

  /** {@code " (CKR_...)"}, or {@code ""} when the failure names no code. */
  static String suffix(Throwable t) {
    String code = code(t);
    return code == null ? "" : " (" + code + ")";
  }
}
