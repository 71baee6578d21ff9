package io.keyrotate.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes the figures of a campaign or test to {@code target/reliability/<name>.txt}. */
final class Figures {
  private Figures() {}

  static void write(String name, CharSequence text) {
    try {
      Path dir = Path.of("target", "reliability");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".txt"), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One {@code name: value} line per entry, in the map's order. */
  static void write(String name, Map<String, ?> figures) {
    StringBuilder b = new StringBuilder();
    figures.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
    write(name, b);
  }
}
