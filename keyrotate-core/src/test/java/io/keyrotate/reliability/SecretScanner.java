package io.keyrotate.reliability;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds key material in text: for each registered secret, its hex (lower and upper case), base64
 * (standard and URL alphabets, with and without padding) and raw bytes read as ISO-8859-1, plus the hex
 * of every 12-byte window (so a truncated print is caught too). Counts the texts it checked.
 */
final class SecretScanner {
  private static final int WINDOW = 12;

  private final Map<String, String> needles = new LinkedHashMap<>();
  private int checked;

  /** Registers a secret under a name used in failure messages (never the secret itself). */
  SecretScanner secret(String name, byte[] secret) {
    if (secret.length < 8) {
      throw new IllegalArgumentException("too short to scan for without false positives");
    }
    HexFormat hex = HexFormat.of();
    needles.put(name + " (hex)", hex.formatHex(secret));
    needles.put(name + " (HEX)", hex.withUpperCase().formatHex(secret));
    needles.put(name + " (base64)", Base64.getEncoder().withoutPadding().encodeToString(secret));
    needles.put(name + " (base64url)", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    needles.put(name + " (raw)", new String(secret, StandardCharsets.ISO_8859_1));
    for (int i = 0; i + WINDOW <= secret.length; i += WINDOW / 2) {
      byte[] w = java.util.Arrays.copyOfRange(secret, i, i + WINDOW);
      needles.put(name + " (hex window " + i + ")", hex.formatHex(w));
      needles.put(name + " (HEX window " + i + ")", hex.withUpperCase().formatHex(w));
    }
    return this;
  }

  /** Fails when {@code text} contains any encoding of any registered secret. */
  void assertClean(String where, String text) {
    checked++;
    List<String> found = new ArrayList<>();
    // Padded base64 contains the unpadded form, so the unpadded needle covers both.
    needles.forEach((name, needle) -> {
      if (text.contains(needle)) {
        found.add(name);
      }
    });
    if (!found.isEmpty()) {
      fail(where + " leaks " + found);
    }
  }

  /** Checks an exception's message, toString and every cause's, and suppressed ones. */
  void assertClean(String where, Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      assertClean(where + ": " + c.getClass().getSimpleName() + " message", String.valueOf(c.getMessage()));
      assertClean(where + ": " + c.getClass().getSimpleName(), c.toString());
      for (Throwable s : c.getSuppressed()) {
        assertClean(where + " (suppressed)", s);
      }
    }
  }

  int checked() {
    return checked;
  }
}
