package io.keyrotate.store.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The tree walk against a model: for any set of keys, prefix and lower bound, it yields exactly the keys
 * that start with the prefix and are not below the bound, in unsigned UTF-8 order.
 */
class KeyCursorProperties {

  @Provide
  Arbitrary<String> keys() {
    // Few distinct characters so that keys often share prefixes and are prefixes of each other.
    return Arbitraries.strings().withChars("ab/\u00e9\u65e5\ud83d\ude00\u007f").ofMinLength(1).ofMaxLength(7)
        .filter(KeyCursorProperties::wellFormed);
  }

  @Provide
  Arbitrary<String> bounds() {
    return Arbitraries.strings().withChars("ab/\u00e9\u65e5").ofMaxLength(4);
  }

  private static boolean wellFormed(String s) {
    try {
      Location.keyBytes(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Property(tries = 80)
  void walk_yieldsMatchingKeysInUtf8Order(
      @ForAll("keySets") Set<String> keys, @ForAll("bounds") String prefix, @ForAll("bounds") String lower)
      throws IOException {
    try (FastTempDir tmp = new FastTempDir()) {
      Path root = tmp.path().resolve("objects");
      Files.createDirectories(root);
      for (String k : keys) {
        Location loc = Location.of(root, k);
        Files.createDirectories(loc.dir);
        Files.createFile(loc.meta(1));
        Files.createFile(loc.meta(3));
        // A stray data file and a foreign file are ignored by the walk.
        Files.createFile(loc.dir.resolve(loc.dataName(9, "ab")));
        Files.writeString(loc.dir.resolve("README"), "not a key");
      }
      TreeSet<byte[]> model = new TreeSet<>(Arrays::compareUnsigned);
      for (String k : keys) {
        byte[] b = utf8(k);
        byte[] p = utf8(prefix);
        boolean hasPrefix = b.length >= p.length && Arrays.equals(b, 0, p.length, p, 0, p.length);
        if (hasPrefix && Arrays.compareUnsigned(b, utf8(lower)) >= 0) {
          model.add(b);
        }
      }
      List<String> expected = new ArrayList<>();
      for (byte[] b : model) {
        expected.add(new String(b, StandardCharsets.UTF_8));
      }
      List<String> walked = new ArrayList<>();
      KeyCursor c = new KeyCursor(root, utf8(prefix), utf8(lower));
      for (KeyCursor.Hit h; (h = c.next()) != null; ) {
        walked.add(Location.keyString(h.key));
        assertEquals(3, h.seqs[0]);
        assertEquals(1, h.seqs[1]);
        assertTrue(Files.exists(h.dir.resolve(Location.metaName(h.chunk, 1))));
      }
      assertEquals(expected, walked);
    }
  }

  @Provide
  Arbitrary<Set<String>> keySets() {
    return keys().set().ofMaxSize(25);
  }
}
