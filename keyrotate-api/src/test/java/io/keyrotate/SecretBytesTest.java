package io.keyrotate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretBytesTest {

  @Test
  void copyOf_isIndependentOfTheSourceArray() {
    byte[] src = {1, 2, 3};
    try (SecretBytes s = SecretBytes.copyOf(src)) {
      src[0] = 9;
      assertArrayEquals(new byte[] {1, 2, 3}, s.toByteArray());
    }
  }

  @Test
  void toString_neverShowsTheBytes() {
    byte[] key = HexFormat.of().parseHex("deadbeefcafebabe0011223344556677");
    try (SecretBytes s = SecretBytes.copyOf(key)) {
      String text = s.toString();
      assertFalse(text.toLowerCase().contains("deadbeef"), text);
      assertTrue(text.contains("redacted"), text);
      assertEquals("SecretBytes[16 bytes, redacted]", text);
    }
  }

  @Test
  void close_wipesAndBlocksFurtherUse() {
    byte[] owned = {5, 6, 7, 8};
    SecretBytes s = SecretBytes.wrapOwned(owned);
    s.close();
    assertArrayEquals(new byte[4], owned);
    assertTrue(s.isClosed());
    assertThrows(IllegalStateException.class, s::toByteArray);
    assertThrows(IllegalStateException.class, s::length);
    s.close(); // idempotent
  }

  @Test
  void equals_comparesContentsAndHashCodeOnlyTheLength() {
    try (SecretBytes a = SecretBytes.copyOf(new byte[] {1, 2});
        SecretBytes b = SecretBytes.copyOf(new byte[] {1, 2});
        SecretBytes c = SecretBytes.copyOf(new byte[] {1, 3})) {
      assertEquals(a, b);
      assertNotEquals(a, c);
      assertEquals(2, a.hashCode());
      assertEquals(a.hashCode(), c.hashCode());
    }
  }

  @Test
  void copyTo_writesAtOffset() {
    try (SecretBytes s = SecretBytes.copyOf(new byte[] {7, 8, 9, 10}, 1, 2)) {
      byte[] dst = new byte[4];
      s.copyTo(dst, 1);
      assertArrayEquals(new byte[] {0, 8, 9, 0}, dst);
    }
  }
}
