package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyrotate.spi.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class KeyOrderProperties {
  /**
   * Listing the ranges one after the other, each resumed after a marker, visits exactly the keys that
   * match some prefix and sort after the marker, once each and in key order.
   */
  @Property(tries = 500)
  void ranges_resumedAfterAnyMarker_visitExactlyTheRemainingMatchingKeysInOrder(
      @ForAll @Size(max = 25) List<@StringLength(min = 1, max = 4) @CharRange(from = 'a', to = 'd') String> keys,
      @ForAll @Size(max = 4) List<@StringLength(max = 2) @CharRange(from = 'a', to = 'd') String> prefixes,
      @ForAll @StringLength(min = 1, max = 4) @CharRange(from = 'a', to = 'd') String markerKey) {
    TreeSet<String> bucket = new TreeSet<>(KeyOrder::compare);
    bucket.addAll(keys);
    List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(prefixes));
    ObjectRef marker = new ObjectRef("b", markerKey, null);
    List<String> expected = new ArrayList<>();
    for (String k : bucket) {
      boolean matches = distinct.isEmpty() || distinct.stream().anyMatch(p -> KeyOrder.startsWith(k, p));
      if (matches && KeyOrder.compare(k, markerKey) > 0) {
        expected.add(k);
      }
    }
    List<String> visited = new ArrayList<>();
    for (String range : KeyOrder.listingRanges(distinct)) {
      KeyOrder.Resume r = KeyOrder.resume(range, marker);
      if (r == KeyOrder.Resume.SKIP_RANGE) {
        continue;
      }
      for (String k : bucket) {
        boolean after = r == KeyOrder.Resume.FROM_START || KeyOrder.compare(k, markerKey) > 0;
        if (KeyOrder.startsWith(k, range) && after) {
          visited.add(k);
        }
      }
    }
    assertEquals(expected, visited);
  }
}
