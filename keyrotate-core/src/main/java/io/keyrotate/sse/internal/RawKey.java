package io.keyrotate.sse.internal;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A reusable, wipeable raw key handed to JCA {@code init} calls.
 *
 * <p>Why not {@link javax.crypto.spec.SecretKeySpec}: a spec copies the key into an array nobody
 * can wipe (its {@code clear()} is not public) and costs two allocations per {@code init}. One
 * {@code RawKey} per thread and algorithm is refilled for every operation and {@link #wipe() wiped}
 * right after the provider has consumed it. Providers read the key through {@link #getEncoded()},
 * which returns a copy as the {@link java.security.Key} contract requires.
 *
 * <p>Not thread-safe: owned by one thread. Never serialisable.
 */
final class RawKey implements SecretKey {
  @Serial private static final long serialVersionUID = 1L;
  private static final int MAX = 64;

  private final String algorithm;
  private final byte[] bytes = new byte[MAX];
  private int length;

  RawKey(String algorithm) {
    this.algorithm = algorithm;
  }

  /** Loads {@code len} key bytes; the previous content is overwritten. */
  void set(byte[] src, int off, int len) {
    if (len <= 0 || len > MAX) {
      throw new IllegalArgumentException("key length " + len + " not in 1.." + MAX);
    }
    Arrays.fill(bytes, (byte) 0);
    System.arraycopy(src, off, bytes, 0, len);
    length = len;
  }

  /** Overwrites the key bytes with zeros. */
  void wipe() {
    Arrays.fill(bytes, (byte) 0);
    length = 0;
  }

  @Override
  public String getAlgorithm() {
    return algorithm;
  }

  @Override
  public String getFormat() {
    return "RAW";
  }

  @Override
  public byte[] getEncoded() {
    return Arrays.copyOf(bytes, length);
  }

  @Override
  public void destroy() {
    wipe();
  }

  @Override
  public boolean isDestroyed() {
    return length == 0;
  }

  @Override
  public String toString() {
    return "RawKey[" + algorithm + ", redacted]";
  }

  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    throw new NotSerializableException("key material is never serialised");
  }
}
