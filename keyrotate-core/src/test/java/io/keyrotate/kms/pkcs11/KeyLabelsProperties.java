package io.keyrotate.kms.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.CharRange;

/** The label convention {@code name} / {@code name#<n>}: every label means one name and version. */
class KeyLabelsProperties {
  @Property(tries = 300)
  void label_thenParse_givesNameAndVersionBack(
      @ForAll @StringLength(min = 1, max = 40) @Chars({'a', 'Z', '0', '9', '#', '-', '/', ' '})
          @CharRange(from = 'a', to = 'f')
          String name,
      @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int version) {
    if (!KeyLabels.isName(name)) {
      return;
    }
    KeyLabels.Parsed p = KeyLabels.parse(KeyLabels.label(name, version));
    assertNotNull(p);
    assertEquals(name, p.name());
    assertEquals(version, p.version());
  }

  @Property(tries = 500)
  void parse_anyLabel_isCanonical(@ForAll @StringLength(max = 30) String label) {
    KeyLabels.Parsed p = KeyLabels.parse(label);
    if (p != null) {
      assertTrue(KeyLabels.isName(p.name()));
      assertEquals(label, KeyLabels.label(p.name(), p.version()), "one spelling per name and version");
    }
  }

  @Example
  void parse_examples() {
    assertEquals(new KeyLabels.Parsed("orders", 1), KeyLabels.parse("orders"));
    assertEquals(new KeyLabels.Parsed("orders", 12), KeyLabels.parse("orders#12"));
    assertEquals(new KeyLabels.Parsed("a#b", 3), KeyLabels.parse("a#b#3"));
    assertEquals(new KeyLabels.Parsed("orders#0", 1), KeyLabels.parse("orders#0"));
    assertEquals(new KeyLabels.Parsed("orders#01", 1), KeyLabels.parse("orders#01"));
    assertNull(KeyLabels.parse("orders#1"), "version 1 has only the bare label");
    assertNull(KeyLabels.parse("orders#2147483648"));
    assertNull(KeyLabels.parse("#2"));
    assertNull(KeyLabels.parse(""));
    assertNull(KeyLabels.parse("tab\there"));
    assertFalse(KeyLabels.isName("orders#7"));
  }
}
