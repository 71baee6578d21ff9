package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyrotate.SecretBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** sio-go streams: round trips of any size, any write and read chunking, streaming = one-shot. */
class SioStreamProperties {

  /** Sizes around the 16 KiB fragment boundaries plus arbitrary ones. */
  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.oneOf(
        Arbitraries.of(0, 1, 16383, 16384, 16385, 32767, 32768, 32769),
        Arbitraries.integers().between(0, 50_000));
  }

  @Property(tries = 60)
  void streams_anySizeAndChunking_roundTripAndMatchOneShot(
      @ForAll("sizes") int size,
      @ForAll @IntRange(min = 1, max = 20_000) int writeChunk,
      @ForAll @IntRange(min = 1, max = 20_000) int readChunk,
      @ForAll AeadCipher cipher,
      @ForAll long seed)
      throws Exception {
    Random r = new Random(seed);
    byte[] plain = new byte[size];
    r.nextBytes(plain);
    byte[] k = new byte[32];
    byte[] nonce = new byte[8];
    r.nextBytes(k);
    r.nextBytes(nonce);
    byte[] aad = {(byte) seed};
    try (SecretBytes key = SecretBytes.wrapOwned(k)) {
      byte[] oneShot = SioStream.encrypt(cipher, key, nonce, aad, plain);
      assertEquals(SioStream.encryptedSize(size), oneShot.length);

      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      try (OutputStream out = SioStream.encryptingStream(sink, cipher, key, nonce, aad)) {
        for (int off = 0; off < size; off += writeChunk) {
          out.write(plain, off, Math.min(writeChunk, size - off));
        }
      }
      assertArrayEquals(oneShot, sink.toByteArray());

      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try (InputStream in =
          SioStream.decryptingStream(
              new TrickleInputStream(oneShot, readChunk), cipher, key, nonce, aad)) {
        byte[] buf = new byte[readChunk];
        int n;
        while ((n = in.read(buf)) >= 0) {
          got.write(buf, 0, n);
        }
      }
      assertArrayEquals(plain, got.toByteArray());
      assertArrayEquals(plain, SioStream.decrypt(cipher, key, nonce, aad, oneShot));
    }
  }

  /** Hands out at most {@code chunk} bytes per read, like a slow network stream. */
  private static final class TrickleInputStream extends ByteArrayInputStream {
    private final int chunk;

    TrickleInputStream(byte[] data, int chunk) {
      super(data);
      this.chunk = chunk;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, chunk));
    }
  }
}
