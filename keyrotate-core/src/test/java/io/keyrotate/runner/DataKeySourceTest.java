package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataKeySourceTest {
  private final FakeKms kms = new FakeKms("k");
  private long now;

  @Test
  void get_noReuse_oneKmsCallPerObject() {
    DataKeySource s = new DataKeySource(kms, null, () -> now);
    for (int i = 0; i < 5; i++) {
      s.get("k", Map.of("b", "b/o" + i)).close();
    }
    assertEquals(5, kms.generated.get());
    assertFalse(s.reusing());
  }

  @Test
  void get_reuse_sameKeyForUpToNObjectsThenFresh() {
    DataKeySource s = new DataKeySource(kms, new DataKeyReuse(3, Duration.ofMinutes(5)), () -> now);
    DataKey a = s.get("k", Map.of("b", "b"));
    DataKey b = s.get("k", Map.of("b", "b"));
    DataKey c = s.get("k", Map.of("b", "b"));
    DataKey d = s.get("k", Map.of("b", "b"));
    assertEquals(2, kms.generated.get());
    assertEquals(a.ciphertext(), c.ciphertext());
    assertArrayEquals(a.plaintext().toByteArray(), b.plaintext().toByteArray());
    assertNotEquals(a.ciphertext(), d.ciphertext());
    a.close();
    // closing one caller's copy leaves the others usable, and the KMS still decrypts the shared key
    assertArrayEquals(
        kms.decrypt(new DecryptRequest("k", b.ciphertext(), Map.of("b", "b"))).toByteArray(),
        b.plaintext().toByteArray());
  }

  @Test
  void get_reuse_expiresAfterMaxAge() {
    DataKeySource s = new DataKeySource(kms, new DataKeyReuse(100, Duration.ofSeconds(2)), () -> now);
    s.get("k", Map.of()).close();
    now += 1_999_999_999L;
    s.get("k", Map.of()).close();
    assertEquals(1, kms.generated.get());
    now += 1;
    s.get("k", Map.of()).close();
    assertEquals(2, kms.generated.get());
  }

  @Test
  void get_reuse_differentContextsGetDifferentKeys() {
    DataKeySource s = new DataKeySource(kms, new DataKeyReuse(100, Duration.ofMinutes(1)), () -> now);
    DataKey x = s.get("k", Map.of("b1", "b1"));
    DataKey y = s.get("k", Map.of("b2", "b2"));
    assertNotEquals(x.ciphertext(), y.ciphertext());
    s.close();
    assertEquals(32, x.plaintext().length(), "copies outlive the cache");
  }
}
