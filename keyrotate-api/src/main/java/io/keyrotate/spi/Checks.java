package io.keyrotate.spi;

import io.keyrotate.internal.Texts;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Validation shared by the request values of this package. */
final class Checks {
  private Checks() {}

  /** A key id: 1..256 characters, no control characters, well-formed Unicode. */
  static String keyId(String keyId) {
    return text(keyId, "key id", 256);
  }

  /**
   * Checks a free-form identifier: 1..{@code maxChars} characters, no control characters, well-formed
   * Unicode (no unpaired surrogates).
   */
  static String text(String s, String what, int maxChars) {
    if (s.isEmpty() || s.length() > maxChars) {
      throw new IllegalArgumentException(
          what + " must have 1.." + maxChars + " characters, has " + s.length());
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(what + " must not contain control characters");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(what + " is not well-formed Unicode");
      }
    }
    return s;
  }

  /** An unmodifiable copy of a KMS context that keeps the given order; no null keys or values. */
  static Map<String, String> context(Map<String, String> context) {
    LinkedHashMap<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : context.entrySet()) {
      copy.put(
          Objects.requireNonNull(e.getKey(), "context key"),
          Objects.requireNonNull(e.getValue(), "context value"));
    }
    return Collections.unmodifiableMap(copy);
  }

  /** The longest blob name, in UTF-8 bytes (S3's longest key). */
  static final int MAX_BLOB_NAME_BYTES = 1024;

  /**
   * A blob name: a relative slash-separated path of non-empty segments, none of them {@code .} or {@code
   * ..}, no control characters, well-formed Unicode, at most 1024 UTF-8 bytes.
   */
  static String blobName(String name) {
    text(name, "blob name", MAX_BLOB_NAME_BYTES);
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BLOB_NAME_BYTES) {
      throw new IllegalArgumentException(
          "blob name has " + bytes + " UTF-8 bytes; at most " + MAX_BLOB_NAME_BYTES + " are allowed");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "blob name must be a relative path of non-empty segments other than . and ..: '"
                + Texts.clip(name) + "'");
      }
    }
    return name;
  }

  /** An opaque version tag: 1..256 printable ASCII characters. */
  static String version(String version) {
    return token(version, "version");
  }

  /** A token: 1..256 printable ASCII characters, no spaces. */
  static String token(String token, String what) {
    if (token.isEmpty() || token.length() > 256) {
      throw new IllegalArgumentException(what + " must have 1..256 characters");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException(what + " must be printable ASCII without spaces");
      }
    }
    return token;
  }
}
