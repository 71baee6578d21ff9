package io.keyrotate.runner;

import io.keyrotate.spi.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The listing order of {@link io.keyrotate.spi.ObjectStore}: keys compared by their UTF-8 bytes,
 * unsigned. Used to split a job's prefixes into disjoint listing ranges and to resume each range after a
 * checkpoint marker.
 */
final class KeyOrder {
  private KeyOrder() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Compares two keys as S3 does: by UTF-8 bytes, unsigned. */
  static int compare(String a, String b) {
    return Arrays.compareUnsigned(utf8(a), utf8(b));
  }

  /** Whether {@code key} starts with {@code prefix}, byte-wise. */
  static boolean startsWith(String key, String prefix) {
    byte[] k = utf8(key);
    byte[] p = utf8(prefix);
    return k.length >= p.length && Arrays.equals(k, 0, p.length, p, 0, p.length);
  }

  /**
   * The prefixes to list, in listing order and without overlap: a prefix covered by a shorter one is
   * dropped (so {@code [a, ab]} lists {@code a} once), and an empty list or an empty prefix means the whole
   * bucket ({@code [""]}). Listing the result one after the other visits every candidate key exactly once,
   * in global listing order.
   */
  static List<String> listingRanges(List<String> prefixes) {
    if (prefixes.isEmpty() || prefixes.contains("")) {
      return List.of("");
    }
    List<String> sorted = new ArrayList<>(prefixes);
    sorted.sort(KeyOrder::compare);
    List<String> out = new ArrayList<>();
    for (String p : sorted) {
      if (out.isEmpty() || !startsWith(p, out.get(out.size() - 1))) {
        out.add(p);
      }
    }
    return List.copyOf(out);
  }

  /** What to do with one listing range when resuming after a marker. */
  enum Resume {
    /** The whole range lies before the marker: every version in it is done. */
    SKIP_RANGE,
    /** List the range from its beginning. */
    FROM_START,
    /** List the range after the marker, which lies inside it. */
    AFTER_MARKER
  }

  /**
   * Where listing range {@code prefix} resumes when every version up to and including {@code marker} is
   * done.
   */
  static Resume resume(String prefix, @Nullable ObjectRef marker) {
    if (marker == null) {
      return Resume.FROM_START;
    }
    if (startsWith(marker.key(), prefix)) {
      return Resume.AFTER_MARKER;
    }
    // Keys with this prefix form one contiguous run in key order; the marker is outside the run, so it
    // is either before all of them or after all of them.
    return compare(marker.key(), prefix) < 0 ? Resume.FROM_START : Resume.SKIP_RANGE;
  }
}
