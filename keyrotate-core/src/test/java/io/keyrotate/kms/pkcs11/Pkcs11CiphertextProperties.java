package io.keyrotate.kms.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** The ciphertext header codec: round trips, and random or damaged bytes never parse into a header. */
class Pkcs11CiphertextProperties {
  @Property(tries = 300)
  void start_thenHeader_roundTrips(
      @ForAll @StringLength(min = 1, max = 60) String name,
      @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int version,
      @ForAll @Size(12) byte[] nonce) {
    if (!KeyLabels.isName(name) || !io.keyrotate.internal.Texts.isWellFormed(name)) {
      return;
    }
    byte[] ct = Pkcs11Ciphertext.start(name, version, nonce);
    Pkcs11Ciphertext.Header h = Pkcs11Ciphertext.header(ct);
    assertNotNull(h);
    assertEquals(name, h.name());
    assertEquals(version, h.version());
    assertEquals(ct.length - 48, h.length());
    assertEquals(
        Arrays.toString(nonce), Arrays.toString(Arrays.copyOfRange(ct, h.length() - 12, h.length())));
    assertNull(Pkcs11Ciphertext.header(Arrays.copyOf(ct, ct.length - 1)), "truncated");
    assertNull(Pkcs11Ciphertext.header(Arrays.copyOf(ct, ct.length + 1)), "extended");
  }

  @Property(tries = 500)
  void header_randomBytes_neverThrows(@ForAll @Size(max = 120) byte[] bytes) {
    Pkcs11Ciphertext.header(bytes);
    if (bytes.length > 3) {
      bytes[0] = 'K';
      bytes[1] = 'P';
      bytes[2] = 1;
      bytes[3] = 1;
      Pkcs11Ciphertext.header(bytes);
    }
  }

  @Example
  void header_otherFormatVersionOrAlgorithm_isNotThisFormat() {
    byte[] ct = Pkcs11Ciphertext.start("k", 1, new byte[12]);
    for (int i = 0; i < 4; i++) {
      byte[] bad = ct.clone();
      bad[i] ^= 0x02;
      assertNull(Pkcs11Ciphertext.header(bad), "byte " + i);
    }
    byte[] zero = ct.clone();
    zero[Pkcs11Ciphertext.headerLength(1) - 13] = 0; // version 0
    assertNull(Pkcs11Ciphertext.header(zero));
  }
}
