package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keyrotate.KmsException;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.spi.RewrapRequest;
import io.keyrotate.spi.RewrapResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeteredKmsTest {
  private final FakeKms fake = new FakeKms("k");

  @Test
  void calls_eachSpiCall_countedOnce_defaultRewrapCountsTwo() {
    MeteredKms m = new MeteredKms(fake, null);
    m.defaultKeyId();
    try (DataKey dk = m.generateKey(new GenerateKeyRequest("k", Map.of("a", "b")))) {
      m.decrypt(new DecryptRequest("k", dk.ciphertext(), Map.of("a", "b"))).close();
      m.rewrap(new RewrapRequest("k", dk.ciphertext(), Map.of("a", "b"), "k", Map.of())).close();
    }
    assertEquals(5, m.calls());
  }

  @Test
  void calls_nativeRewrap_countedOnce() {
    Kms nativeRewrap = new DelegatingKms(fake) {
      @Override
      public RewrapResult rewrap(RewrapRequest request) {
        return super.rewrap(request);
      }
    };
    MeteredKms m = new MeteredKms(nativeRewrap, null);
    DataKey dk = m.generateKey(new GenerateKeyRequest("k", Map.of()));
    m.rewrap(new RewrapRequest("k", dk.ciphertext(), Map.of(), "k", Map.of())).close();
    assertEquals(2, m.calls());
  }

  @Test
  void limiter_sharedRate_appliedPerCall() {
    long[] now = {0};
    List<Long> slept = new ArrayList<>();
    RateLimiter lim = new RateLimiter(2, () -> now[0], n -> {
      slept.add(n);
      now[0] += n;
    });
    MeteredKms m = new MeteredKms(fake, lim);
    for (int i = 0; i < 3; i++) {
      m.generateKey(new GenerateKeyRequest("k", Map.of())).close();
    }
    assertEquals(List.of(500_000_000L, 500_000_000L), slept);
  }

  @Test
  void failure_foreignRuntimeException_wrappedAsNonRetryableKmsException() {
    fake.failure = op -> new IllegalStateException("driver bug");
    MeteredKms m = new MeteredKms(fake, null);
    KmsException e = assertThrows(KmsException.class,
        () -> m.decrypt(new DecryptRequest("k", KmsCiphertext.copyOf(new byte[] {1}), Map.of())));
    assertEquals(false, e.isRetryable());
  }
}
