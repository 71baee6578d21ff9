package io.keyrotate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextsTest {

  @Test
  void clip_shortText_isKeptWithControlCharactersEscaped() {
    assertEquals("a\\u000ab\\u007f", Texts.clip("a\nb\u007f"));
  }

  @Test
  void clip_longText_isCutAndCounted() {
    assertEquals("x".repeat(64) + "…(100 chars)", Texts.clip("x".repeat(100)));
  }

  @Test
  void clip_atASurrogatePair_neverSplitsIt() {
    String s = "x".repeat(63) + "😀" + "y".repeat(10);
    String clipped = Texts.clip(s);
    assertTrue(Texts.isWellFormed(clipped), clipped);
    assertEquals("x".repeat(63) + "…(75 chars)", clipped);
  }

  @Test
  void isWellFormed_detectsLoneSurrogates() {
    assertTrue(Texts.isWellFormed(""));
    assertTrue(Texts.isWellFormed("a😀b"));
    assertFalse(Texts.isWellFormed("\ud83d"));
    assertFalse(Texts.isWellFormed("\ude00a"));
    assertFalse(Texts.isWellFormed("a\ud83dx"));
  }
}
