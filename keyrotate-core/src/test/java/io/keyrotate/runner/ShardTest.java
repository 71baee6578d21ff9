package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShardTest {
  @Test
  void of_fixedInputs_stableAcrossJvmsAsSpecified() {
    // sha256sum of "b/k" = 710800c9e207017d...; its first 8 bytes mod 7 = 2
    assertEquals(2, Shard.of("b", "k", 7));
    // "b/a" = bc8a2f071c78f3e3...: the top bit is set, so the value must be read unsigned
    assertEquals(1, Shard.of("b", "a", 7));
  }

  @Test
  void contains_everyKeyInExactlyOneShard() {
    int[] counts = new int[5];
    for (int i = 0; i < 5000; i++) {
      int hits = 0;
      for (int s = 0; s < 5; s++) {
        if (new Shard(s, 5).contains("bucket", "key-" + i)) {
          hits++;
          counts[s]++;
        }
      }
      assertEquals(1, hits);
    }
    for (int c : counts) {
      assertTrue(c > 850 && c < 1150, "uneven: " + c);
    }
  }

  @Test
  void constructor_outOfRange_rejected() {
    assertThrows(IllegalArgumentException.class, () -> new Shard(2, 2));
    assertThrows(IllegalArgumentException.class, () -> new Shard(-1, 2));
    assertThrows(IllegalArgumentException.class, () -> new Shard(0, 0));
  }
}
