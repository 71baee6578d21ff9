package io.keyrotate.kms.pkcs11;

import org.jspecify.annotations.Nullable;

/**
 * The naming convention of versioned master keys on the token ({@code CKA_LABEL}).
 *
 * <p>A key named {@code orders} has one token object per version: {@code orders} (no suffix) is version
 * 1, {@code orders#<n>} is version {@code n} (decimal, no leading zeros, 1..{@link #MAX_VERSION}). Rotating
 * a key adds the object {@code orders#<current+1>}; older versions stay on the token and keep decrypting.
 * A key name is any label that does not itself end in {@code #<digits>}, so every label maps to exactly
 * one name and version (an existing HSM key with a plain label is version 1 of a key of that name).
 */
final class KeyLabels {
  /** The highest version number (the ciphertext stores it as an unsigned 31-bit integer). */
  static final int MAX_VERSION = Integer.MAX_VALUE;

  /** A parsed label. */
  record Parsed(String name, int version) {}

  private KeyLabels() {}

  /** The label of {@code version} of key {@code name}. */
  static String label(String name, int version) {
    if (!isName(name)) {
      throw new IllegalArgumentException("not a key name: " + name);
    }
    if (version < 1) {
      throw new IllegalArgumentException("key version must be at least 1, is " + version);
    }
    return version == 1 ? name : name + "#" + version;
  }

  /** The name and version a label stands for, or {@code null} when it is not a key label. */
  static @Nullable Parsed parse(String label) {
    int hash = label.lastIndexOf('#');
    if (hash < 0 || !isVersion(label, hash + 1)) {
      return isName(label) ? new Parsed(label, 1) : null;
    }
    String name = label.substring(0, hash);
    if (!isName(name)) {
      return null;
    }
    long v = Long.parseLong(label.substring(hash + 1));
    if (v < 2 || v > MAX_VERSION) {
      return null; // "#1" would be a second spelling of version 1; only the bare label means it
    }
    return new Parsed(name, (int) v);
  }

  /**
   * Whether {@code s} can name a key: 1..256 characters, no control characters, and not ending in {@code
   * #<digits>} (which would read as a version suffix).
   */
  static boolean isName(String s) {
    if (s.isEmpty() || s.length() > 256) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    int hash = s.lastIndexOf('#');
    return hash < 0 || !isVersion(s, hash + 1);
  }

  /** Whether {@code s} from {@code from} on is 1..10 decimal digits without a leading zero. */
  private static boolean isVersion(String s, int from) {
    int n = s.length() - from;
    if (n < 1 || n > 10 || s.charAt(from) == '0') {
      return false;
    }
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
