package io.keyrotate.runner;

import io.keyrotate.IntegrityException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A KMS for engine tests that remembers every data key it made: a ciphertext decrypts only under the key
 * and context it was generated with (else {@link IntegrityException}), an unknown key is a non-retryable
 * {@link KmsException}. A hook can make calls fail.
 */
final class FakeKms implements Kms {
  private record Made(String keyId, Map<String, String> context, byte[] plaintext) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<ByteBuffer, Made> made = new ConcurrentHashMap<>();
  final Set<String> keys = ConcurrentHashMap.newKeySet();
  volatile String defaultKey;
  final AtomicInteger generated = new AtomicInteger();
  final AtomicInteger decrypted = new AtomicInteger();
  /** Called with "generate" or "decrypt" before each call; a returned exception is thrown. */
  volatile Function<String, @Nullable RuntimeException> failure = op -> null;

  FakeKms(String defaultKey, String... others) {
    this.defaultKey = defaultKey;
    keys.add(defaultKey);
    keys.addAll(Set.of(others));
  }

  @Override
  public String defaultKeyId() {
    return defaultKey;
  }

  @Override
  public DataKey generateKey(GenerateKeyRequest request) {
    RuntimeException f = failure.apply("generate");
    if (f != null) {
      throw f;
    }
    if (!keys.contains(request.keyId())) {
      throw new KmsException("no such key: " + request.keyId());
    }
    generated.incrementAndGet();
    byte[] pt = new byte[32];
    random.nextBytes(pt);
    byte[] ct = new byte[24];
    random.nextBytes(ct);
    made.put(ByteBuffer.wrap(ct), new Made(request.keyId(), Map.copyOf(request.context()), pt.clone()));
    return new DataKey(SecretBytes.copyOf(pt), KmsCiphertext.copyOf(ct), request.keyId());
  }

  @Override
  public SecretBytes decrypt(DecryptRequest request) {
    RuntimeException f = failure.apply("decrypt");
    if (f != null) {
      throw f;
    }
    if (!keys.contains(request.keyId())) {
      throw new KmsException("no such key: " + request.keyId());
    }
    decrypted.incrementAndGet();
    Made m = made.get(ByteBuffer.wrap(request.ciphertext().toByteArray()));
    if (m == null || !m.keyId().equals(request.keyId()) || !m.context().equals(Map.copyOf(request.context()))) {
      throw new IntegrityException("ciphertext does not authenticate under " + request.keyId());
    }
    return SecretBytes.copyOf(m.plaintext());
  }
}
