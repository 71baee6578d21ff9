package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.keyrotate.kms.local.LocalKms;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/** Any object, any part layout, any range: decrypt(encrypt(p))[range] = p[range]. */
class SseToolkitProperties {
  private static final LocalKms KMS =
      LocalKms.fromMinioSecretKey("my-key:eEm+JI9/q4JhH8QwKvf3LKo4DEBl6QbfvAl1CAbMIv8=");

  @AfterContainer
  static void close() {
    KMS.close();
  }

  @Property(tries = 60)
  void rangeOfAnyLayout_decryptsToThatRange(
      @ForAll @IntRange(min = 0, max = 300_000) int size,
      @ForAll @IntRange(min = 0, max = 4) int cuts,
      @ForAll long seed) throws Exception {
    Random r = new Random(seed);
    byte[] plain = new byte[size];
    r.nextBytes(plain);
    List<Long> parts = new ArrayList<>();
    if (cuts > 0 && size > cuts) {
      long left = size;
      for (int i = 0; i < cuts; i++) {
        long p = 1 + (long) (r.nextDouble() * (left - (cuts - i)));
        parts.add(p);
        left -= p;
      }
      parts.add(left);
      parts.removeIf(p -> p == 0);
      if (parts.stream().mapToLong(Long::longValue).sum() != size) {
        parts.clear();
      }
    }
    SseToolkit t = SseToolkit.of(KMS);
    byte[] stored;
    List<Long> storedParts;
    Map<String, String> meta;
    try (EncryptedObject e =
        t.encrypt(new EncryptObjectRequest("b", "k", new ByteArrayInputStream(plain), SseSpec.s3(), parts))) {
      stored = e.stored().readAllBytes();
      storedParts = e.storedPartSizes();
      meta = e.internalMetadata();
    }
    int a = size == 0 ? 0 : r.nextInt(size + 1);
    int b = a + (size == a ? 0 : r.nextInt(size - a + 1));
    StoredBytes src = (off, len) -> new ByteArrayInputStream(stored, (int) off, (int) len);
    try (InputStream in =
        t.decrypt(new DecryptObjectRequest("b", "k", meta, storedParts, stored.length, src, a, b - a, null))) {
      assertArrayEquals(Arrays.copyOfRange(plain, a, b), in.readAllBytes(), parts + " " + a + ".." + b);
    }
  }
}
