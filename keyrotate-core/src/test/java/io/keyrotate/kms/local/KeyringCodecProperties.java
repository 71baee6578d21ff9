package io.keyrotate.kms.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keyrotate.SecretBytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class KeyringCodecProperties {

  @Provide
  Arbitrary<Keyring> keyrings() {
    Arbitrary<String> names =
        Arbitraries.strings().withChars("abcXYZ019._-").ofMinLength(1).ofMaxLength(10)
            .filter(n -> Keyring.NAME.matcher(n).matches());
    Arbitrary<Map<String, Integer>> versions =
        Arbitraries.maps(names, Arbitraries.integers().between(1, 4)).ofMinSize(1).ofMaxSize(5);
    return Combinators.combine(versions, Arbitraries.longs().between(0, 4_000_000_000L))
        .as(
            (v, seconds) -> {
              Map<String, List<Keyring.MasterKey>> keys = new LinkedHashMap<>();
              int seed = 0;
              for (Map.Entry<String, Integer> e : v.entrySet()) {
                List<Keyring.MasterKey> list = new ArrayList<>();
                for (int i = 1; i <= e.getValue(); i++) {
                  byte[] k = new byte[32];
                  Arrays.fill(k, (byte) seed++);
                  list.add(new Keyring.MasterKey(i, Instant.ofEpochSecond(seconds, i * 7), SecretBytes.wrapOwned(k)));
                }
                keys.put(e.getKey(), list);
              }
              return new Keyring(v.keySet().iterator().next(), keys);
            });
  }

  @Property(tries = 200)
  void encodeDecode_roundTripsEveryKeyVersion(@ForAll("keyrings") Keyring ring) throws Exception {
    Keyring back = KeyringCodec.decode(KeyringCodec.encode(ring));
    assertEquals(ring.defaultKey, back.defaultKey);
    assertEquals(ring.keys.keySet(), back.keys.keySet());
    for (String name : ring.keys.keySet()) {
      List<Keyring.MasterKey> a = ring.keys.get(name);
      List<Keyring.MasterKey> b = back.keys.get(name);
      assertEquals(a.size(), b.size());
      for (int i = 0; i < a.size(); i++) {
        assertEquals(a.get(i).version(), b.get(i).version());
        assertEquals(a.get(i).created(), b.get(i).created());
        assertEquals(a.get(i).key(), b.get(i).key());
      }
    }
  }

  @Property(tries = 30)
  void decode_anyTruncation_isCorrupt(@ForAll("keyrings") Keyring ring) {
    byte[] good = KeyringCodec.encode(ring);
    for (int len : Set.of(0, 1, 8, 9, good.length / 2, good.length - 33, good.length - 1)) {
      if (len >= 0 && len < good.length) {
        byte[] cut = Arrays.copyOf(good, len);
        assertThrows(KeyringCodec.Corrupt.class, () -> KeyringCodec.decode(cut), "length " + len);
      }
    }
  }

  @Property(tries = 50)
  void decode_wipesItsInput(@ForAll("keyrings") Keyring ring) throws Exception {
    byte[] encoded = KeyringCodec.encode(ring);
    KeyringCodec.decode(encoded);
    assertEquals(0, Arrays.stream(box(encoded)).filter(b -> b != 0).count());
  }

  private static Byte[] box(byte[] b) {
    Byte[] out = new Byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i];
    }
    return out;
  }
}
