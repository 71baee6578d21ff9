package io.keyrotate.kms.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.UniqueElements;

/** The configuration file parser: what Properties can store reads back; unknown keys never pass. */
class Pkcs11ConfigProperties {
  private static Properties roundTrip(Properties p) throws IOException {
    StringWriter w = new StringWriter();
    p.store(w, null);
    Properties back = new Properties();
    back.load(new StringReader(w.toString()));
    return back;
  }

  @Property(tries = 200)
  void parse_storedProperties_readBackEveryField(
      @ForAll @LongRange(min = 0) long slot,
      @ForAll @Size(min = 1, max = 4) @UniqueElements List<@StringLength(min = 1, max = 12) @AlphaChars @NumericChars String> keys,
      @ForAll @StringLength(min = 1, max = 20) @AlphaChars String pinVariable)
      throws IOException {
    Properties p = new Properties();
    p.setProperty("library", "/opt/hsm/lib pkcs11.so");
    p.setProperty("slot", Long.toString(slot));
    p.setProperty("pin.env", pinVariable);
    p.setProperty("keys", String.join(" , ", keys));
    p.setProperty("defaultKey", keys.get(keys.size() - 1));
    Pkcs11Config c = Pkcs11Config.parse(roundTrip(p), Path.of("/etc/keyrotate"));
    assertEquals(Path.of("/opt/hsm/lib pkcs11.so"), c.library());
    assertEquals(slot, c.slot());
    assertEquals(new ArrayList<>(new LinkedHashSet<>(keys)), c.keys());
    assertEquals(keys.get(keys.size() - 1), c.defaultKey());
    assertEquals("env " + pinVariable, c.pin().toString());
  }

  @Property(tries = 200)
  void parse_anyUnknownKey_isRejectedByName(@ForAll @StringLength(min = 1, max = 20) String key) {
    if (Pkcs11Config.FILE_KEYS.contains(key)) {
      return;
    }
    Properties p = new Properties();
    p.setProperty("library", "/l.so");
    p.setProperty("slotListIndex", "0");
    p.setProperty("pin.env", "P");
    p.setProperty("defaultKey", "k");
    p.setProperty(key, "x");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pkcs11Config.parse(p, null));
    assertTrue(e.getMessage().contains("unknown key"), e.getMessage());
  }
}
