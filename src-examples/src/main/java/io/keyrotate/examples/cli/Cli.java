package io.keyrotate.examples.cli;

import io.keyrotate.ObjectStoreException;
import io.keyrotate.SecretBytes;
import io.keyrotate.spi.Kms;
import io.keyrotate.store.fs.FileObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Small helpers shared by the commands: argument parsing, opening stores, formatting. */
final class Cli {
  private Cli() {}

  /** The store's format marker; a directory without it is not a store. */
  static final String STORE_MARKER = "krfs.format";

  /**
   * Opens an existing store.
   *
   * @param dir the store directory
   * @param kms the KMS for SSE-S3/SSE-KMS puts and gets, or {@code null}
   * @return the store; the caller closes it
   */
  static FileObjectStore openStore(Path dir, @Nullable Kms kms) {
    if (!Files.isRegularFile(dir.resolve(STORE_MARKER))) {
      throw new CliInputException(
          "--store: " + dir + " is not a keyrotate store (create one with 'keyrotate store mkbucket'"
              + " or 'keyrotate demo')");
    }
    return openOrCreateStore(dir, kms);
  }

  /** Opens a store, creating it when the directory is missing or empty. */
  static FileObjectStore openOrCreateStore(Path dir, @Nullable Kms kms) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new CliInputException("--store: not a directory: " + dir);
    }
    FileObjectStore.Builder b = FileObjectStore.builder(dir);
    if (kms != null) {
      b.kms(kms);
    }
    try {
      return b.open();
    } catch (ObjectStoreException e) {
      if (Files.isRegularFile(dir.resolve(STORE_MARKER))) {
        throw e; // a store that is in use or damaged: not bad input (exit 1)
      }
      throw new CliInputException("--store: " + e.getMessage());
    }
  }

  /** An object address {@code bucket/key}. */
  record Address(String bucket, String key) {}

  /**
   * Parses {@code bucket/key}.
   *
   * @param s the argument
   * @param keyRequired whether a key must follow the bucket
   * @return the parts (key empty when absent and not required)
   */
  static Address address(String s, boolean keyRequired) {
    int slash = s.indexOf('/');
    String bucket = slash < 0 ? s : s.substring(0, slash);
    String key = slash < 0 ? "" : s.substring(slash + 1);
    if (bucket.isEmpty() || (keyRequired && key.isEmpty())) {
      throw new CliInputException(
          "expected " + (keyRequired ? "BUCKET/KEY" : "BUCKET[/PREFIX]") + ", got '" + s + "'");
    }
    return new Address(bucket, key);
  }

  /**
   * Parses repeated {@code k=v} options.
   *
   * @param option the option name, for errors
   * @param entries the values
   * @return the map in the order given
   */
  static Map<String, String> pairs(String option, List<String> entries) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String e : entries) {
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new CliInputException(option + ": expected KEY=VALUE, got '" + e + "'");
      }
      String k = e.substring(0, eq);
      if (out.containsKey(k)) {
        throw new CliInputException(option + ": key '" + k + "' is given twice");
      }
      out.put(k, e.substring(eq + 1));
    }
    return out;
  }

  /**
   * Parses an instant: RFC 3339 ({@code 2026-01-02T03:04:05Z}) or a date ({@code 2026-01-02}, midnight
   * UTC).
   */
  static Instant instant(String option, String s) {
    try {
      return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new CliInputException(
          option + ": expected an RFC 3339 instant (2026-01-02T03:04:05Z) or a date (2026-01-02), got '"
              + s + "'");
    }
  }

  /**
   * Parses a 32-byte key given as 64 hex digits; the message never echoes the value.
   *
   * @param option the option name, for errors
   * @param hex the value
   * @return the key; the caller closes it
   */
  static SecretBytes hexKey(String option, String hex) {
    String h = hex.trim();
    if (h.length() != 64) {
      throw new CliInputException(
          option + ": expected 64 hex digits (32 bytes), got " + h.length() + " characters");
    }
    byte[] bytes = new byte[32];
    for (int i = 0; i < bytes.length; i++) {
      int hi = Character.digit(h.charAt(2 * i), 16);
      int lo = Character.digit(h.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        java.util.Arrays.fill(bytes, (byte) 0);
        throw new CliInputException(option + ": not a hex string");
      }
      bytes[i] = (byte) (hi << 4 | lo);
    }
    return SecretBytes.wrapOwned(bytes);
  }

  /** Bytes as a short human figure: {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 MiB}. */
  static String bytes(double n) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (n >= 1024 && u < units.length - 1) {
      n /= 1024;
      u++;
    }
    return u == 0 ? String.format(Locale.ROOT, "%.0f %s", n, units[u])
        : String.format(Locale.ROOT, "%.1f %s", n, units[u]);
  }

  /** A duration in seconds as {@code 1h02m03s}, {@code 4m05s} or {@code 6.7s}. */
  static String seconds(double s) {
    if (!(s >= 0) || Double.isInfinite(s)) {
      return "?";
    }
    long t = (long) s;
    if (t >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm%02ds", t / 3600, t % 3600 / 60, t % 60);
    }
    if (t >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }
    return String.format(Locale.ROOT, "%.1fs", s);
  }

  /** A JSON string literal. */
  static String json(@Nullable String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** A JSON object of string values. */
  static String json(Map<String, String> m) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, String> e : m.entrySet()) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append(json(e.getKey())).append(':').append(json(e.getValue()));
    }
    return b.append('}').toString();
  }
}
