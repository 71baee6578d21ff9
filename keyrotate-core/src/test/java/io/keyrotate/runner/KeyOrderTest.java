package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.spi.ObjectRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyOrderTest {
  @Test
  void compare_supplementaryCharacters_byUtf8NotUtf16() {
    // U+FFFD sorts after U+1F600 in UTF-16 code units, before it in UTF-8 bytes
    assertTrue("\uFFFD".compareTo("\ud83d\ude00") > 0);
    assertTrue(KeyOrder.compare("\uFFFD", "\ud83d\ude00") < 0);
  }

  @Test
  void listingRanges_coveredAndEmptyPrefixes_collapse() {
    assertEquals(List.of(""), KeyOrder.listingRanges(List.of()));
    assertEquals(List.of(""), KeyOrder.listingRanges(List.of("a", "")));
    assertEquals(List.of("a", "b/"), KeyOrder.listingRanges(List.of("b/", "ab", "a", "b/c")));
  }

  @Test
  void resume_markerBeforeInsideAndAfterARange() {
    assertEquals(KeyOrder.Resume.FROM_START, KeyOrder.resume("m/", null));
    assertEquals(KeyOrder.Resume.FROM_START, KeyOrder.resume("m/", new ObjectRef("b", "a", null)));
    assertEquals(KeyOrder.Resume.AFTER_MARKER, KeyOrder.resume("m/", new ObjectRef("b", "m/x", null)));
    assertEquals(KeyOrder.Resume.SKIP_RANGE, KeyOrder.resume("m/", new ObjectRef("b", "n", null)));
    assertEquals(KeyOrder.Resume.FROM_START, KeyOrder.resume("m/", new ObjectRef("b", "m", null)));
  }
}
