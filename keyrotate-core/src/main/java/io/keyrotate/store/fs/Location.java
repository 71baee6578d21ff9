package io.keyrotate.store.fs;

import io.keyrotate.internal.files.LineFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Where one key lives on disk. The key's UTF-8 bytes are split into 2-byte chunks written as 4 lower-case
 * hex digits; every chunk but the last is a directory level, and the last chunk (1 or 2 bytes) prefixes
 * the names of the key's files in that directory ({@code <chunk>@m<seq>} metadata, {@code
 * <chunk>@d<seq>-<gen>} data). Hex keeps any key (with {@code /}, {@code ..}, NUL, unicode) inside the
 * tree and preserves the unsigned byte order, so a sorted walk lists keys in S3 order; no directory has
 * more than 65536 sub-directories.
 */
final class Location {
  /** The longest key, in UTF-8 bytes (S3's limit). */
  static final int MAX_KEY_BYTES = 1024;

  private static final HexFormat HEX = HexFormat.of();

  final String key;
  final Path dir;
  final String chunk;

  private Location(String key, Path dir, String chunk) {
    this.key = key;
    this.dir = dir;
    this.chunk = chunk;
  }

  /**
   * Locates a key under a tree root.
   *
   * @throws IllegalArgumentException when the key is empty, longer than 1024 UTF-8 bytes or not
   *     well-formed Unicode
   */
  static Location of(Path root, String key) {
    byte[] b = keyBytes(key);
    Path dir = root;
    int full = (b.length - 1) / 2; // chunks that become directories
    for (int i = 0; i < full; i++) {
      dir = dir.resolve(HEX.formatHex(b, 2 * i, 2 * i + 2));
    }
    return new Location(key, dir, HEX.formatHex(b, 2 * full, b.length));
  }

  /** The UTF-8 bytes of a valid key. */
  static byte[] keyBytes(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("object key must not be empty");
    }
    byte[] b;
    try {
      b = LineFormat.utf8(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("object key is not well-formed Unicode", e);
    }
    if (b.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "object key has " + b.length + " UTF-8 bytes; at most " + MAX_KEY_BYTES + " are allowed");
    }
    return b;
  }

  /** The UTF-8 bytes of a prefix or bound: any well-formed string, possibly empty. */
  static byte[] keyBytesOrPrefix(String s) {
    try {
      return LineFormat.utf8(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("prefix is not well-formed Unicode", e);
    }
  }

  /** The key a tree walk found. */
  static String keyString(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  String metaName(long seq) {
    return metaName(chunk, seq);
  }

  static String metaName(String chunk, long seq) {
    return chunk + "@m" + HEX.toHexDigits(seq);
  }

  String dataName(long seq, String gen) {
    return chunk + "@d" + HEX.toHexDigits(seq) + "-" + gen;
  }

  /** Whether {@code name} is a data file name of version {@code seq} in a directory of {@code chunk}. */
  static boolean isDataName(String chunk, long seq, String name) {
    String prefix = chunk + "@d" + HEX.toHexDigits(seq) + "-";
    if (!name.startsWith(prefix) || name.length() == prefix.length()) {
      return false;
    }
    for (int i = prefix.length(); i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  Path meta(long seq) {
    return dir.resolve(metaName(seq));
  }
}
