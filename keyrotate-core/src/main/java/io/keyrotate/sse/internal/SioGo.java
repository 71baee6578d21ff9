package io.keyrotate.sse.internal;

import io.keyrotate.IntegrityException;
import io.keyrotate.sse.AeadCipher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The sio-go stream format (secure-io/sio-go v0.3.1), which MinIO uses inside KMS-encrypted config
 * blobs.
 *
 * <p>Framing: the AEAD nonce is the caller's prefix (nonce size − 4 bytes; 8 for both suites here)
 * followed by a little-endian 32-bit sequence number. A setup tag T = AEAD-Seal(nonce ‖ LE32(0),
 * plaintext = empty, AAD = the caller's associated data) is computed once and never stored.
 * Fragment {@code k = 1, 2, …} is AEAD-Seal(nonce ‖ LE32(k), fragment, AAD = flag ‖ T) with flag
 * {@code 0x00} for every fragment but the last and {@code 0x80} for the last. Every fragment holds
 * {@code bufSize} plaintext bytes except the last (0 to {@code bufSize}); the output is the
 * concatenation of the fragments' ciphertext‖tag, without headers. So truncation, reordering,
 * extension and a changed key, nonce or associated data all fail authentication.
 *
 * <p>Decryption releases a fragment's plaintext only after its tag has verified. The one-shot
 * {@link #decrypt(byte[])} releases nothing unless the whole stream verifies.
 *
 * <p>An instance holds a copy of the key; {@link #close()} wipes it. Not thread-safe.
 */
public final class SioGo implements AutoCloseable {
  /** MinIO's buffer size for config blobs. */
  public static final int MINIO_BUFFER_SIZE = 16384;

  private static final int NONCE = 12;
  private static final int PREFIX = NONCE - 4;

  private final AeadCipher suite;
  private final byte[] key;
  private final int bufSize;
  private final byte[] nonce = new byte[NONCE];
  private final byte[] aad = new byte[1 + Crypto.TAG];

  /**
   * Prepares a stream codec.
   *
   * @param suite AEAD suite
   * @param key the key (32 bytes; 16 also accepted for AES, as in sio-go's AES-128 test vectors)
   * @param noncePrefix 8 bytes
   * @param associatedData the stream's associated data (MinIO passes none)
   * @param bufSize plaintext bytes per fragment
   */
  public SioGo(
      AeadCipher suite, byte[] key, byte[] noncePrefix, byte[] associatedData, int bufSize) {
    if (noncePrefix.length != PREFIX) {
      throw new IllegalArgumentException("sio-go nonce must be 8 bytes, not " + noncePrefix.length);
    }
    if (bufSize < 1) {
      throw new IllegalArgumentException("buffer size must be positive");
    }
    boolean keyOk = key.length == 32 || (key.length == 16 && suite == AeadCipher.AES_256_GCM);
    if (!keyOk) {
      throw new IllegalArgumentException("sio-go key has the wrong length " + key.length);
    }
    this.suite = suite;
    this.key = key.clone();
    this.bufSize = bufSize;
    System.arraycopy(noncePrefix, 0, nonce, 0, PREFIX);
    byte[] tag = new byte[Crypto.TAG];
    setSeq(0);
    Crypto.seal(
        suite,
        this.key,
        0,
        this.key.length,
        nonce,
        0,
        associatedData,
        0,
        associatedData.length,
        new byte[0],
        0,
        0,
        tag,
        0);
    System.arraycopy(tag, 0, aad, 1, Crypto.TAG);
  }

  /**
   * The ciphertext size of an {@code n}-byte plaintext: 16 bytes per started fragment, at least
   * one.
   *
   * @param n plaintext size
   * @param bufSize plaintext bytes per fragment
   * @return the ciphertext size
   */
  public static long encryptedSize(long n, int bufSize) {
    long fragments = n == 0 ? 1 : (n + bufSize - 1) / bufSize;
    return n + fragments * Crypto.TAG;
  }

  private void setSeq(int seq) {
    nonce[PREFIX] = (byte) seq;
    nonce[PREFIX + 1] = (byte) (seq >>> 8);
    nonce[PREFIX + 2] = (byte) (seq >>> 16);
    nonce[PREFIX + 3] = (byte) (seq >>> 24);
  }

  private int sealFragment(
      int seq, boolean fin, byte[] in, int off, int len, byte[] out, int outOff) {
    setSeq(seq);
    aad[0] = (byte) (fin ? 0x80 : 0x00);
    return Crypto.seal(
        suite, key, 0, key.length, nonce, 0, aad, 0, aad.length, in, off, len, out, outOff);
  }

  private int openFragment(
      int seq, boolean fin, byte[] in, int off, int len, byte[] out, int outOff) {
    if (len < Crypto.TAG) {
      throw new IntegrityException("sio-go stream truncated");
    }
    setSeq(seq);
    aad[0] = (byte) (fin ? 0x80 : 0x00);
    try {
      return Crypto.open(
          suite, key, 0, key.length, nonce, 0, aad, 0, aad.length, in, off, len, out, outOff);
    } catch (IntegrityException e) {
      throw new IntegrityException("sio-go fragment " + seq + " is not authentic", null);
    }
  }

  private static int nextSeq(int seq) {
    if (seq == -1) {
      throw new IllegalStateException("sio-go stream exceeds 2^32-1 fragments");
    }
    return seq + 1;
  }

  /**
   * Encrypts a whole plaintext.
   *
   * @param plaintext the data
   * @return the stream
   */
  public byte[] encrypt(byte[] plaintext) {
    long size = encryptedSize(plaintext.length, bufSize);
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("plaintext too large for a byte array");
    }
    byte[] out = new byte[(int) size];
    int in = 0;
    int o = 0;
    int seq = 1;
    while (plaintext.length - in > bufSize) {
      o += sealFragment(seq, false, plaintext, in, bufSize, out, o);
      in += bufSize;
      seq = nextSeq(seq);
    }
    sealFragment(seq, true, plaintext, in, plaintext.length - in, out, o);
    return out;
  }

  /**
   * Decrypts a whole stream; nothing is returned unless every fragment verifies.
   *
   * @param ciphertext the stream
   * @return the plaintext
   * @throws IntegrityException when the stream is truncated, extended, reordered or tampered with
   */
  public byte[] decrypt(byte[] ciphertext) {
    int frag = bufSize + Crypto.TAG;
    // Every fragment but the last is exactly `frag` bytes; the last holds 16 to `frag` bytes.
    int full = ciphertext.length == 0 ? 0 : (ciphertext.length - 1) / frag;
    int last = ciphertext.length - full * frag;
    if (last < Crypto.TAG) {
      throw new IntegrityException("sio-go stream truncated");
    }
    int ptLen = full * bufSize + last - Crypto.TAG;
    byte[] out = new byte[ptLen];
    boolean ok = false;
    try {
      int in = 0;
      int o = 0;
      int seq = 1;
      while (ciphertext.length - in > frag) {
        o += openFragment(seq, false, ciphertext, in, frag, out, o);
        in += frag;
        seq = nextSeq(seq);
      }
      openFragment(seq, true, ciphertext, in, ciphertext.length - in, out, o);
      ok = true;
      return out;
    } finally {
      if (!ok) {
        Arrays.fill(out, (byte) 0);
      }
    }
  }

  /**
   * A stream that encrypts what is written to it and writes the ciphertext to {@code sink}. {@code
   * close()} writes the final fragment (also for empty input) and closes {@code sink}.
   *
   * @param sink receives the ciphertext
   * @return the encrypting stream
   */
  public OutputStream encryptingStream(OutputStream sink) {
    return new Encrypting(sink);
  }

  /**
   * A stream that reads ciphertext from {@code source} and returns verified plaintext, one fragment
   * at a time. A verification failure throws {@link IntegrityException} from {@code read};
   * plaintext of earlier fragments was authentic, but the stream as a whole must then be treated as
   * failed.
   *
   * @param source provides the ciphertext
   * @return the decrypting stream
   */
  public InputStream decryptingStream(InputStream source) {
    return new Decrypting(source);
  }

  /** Wipes the key copy. */
  @Override
  public void close() {
    Arrays.fill(key, (byte) 0);
    Arrays.fill(aad, (byte) 0);
  }

  private final class Encrypting extends OutputStream {
    private final OutputStream sink;
    private final byte[] buf = new byte[bufSize];
    private final byte[] out = new byte[bufSize + Crypto.TAG];
    private int n;
    private int seq = 1;
    private boolean closed;

    Encrypting(OutputStream sink) {
      this.sink = sink;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (closed) {
        throw new IOException("stream closed");
      }
      while (len > 0) {
        if (n == bufSize) {
          // More data follows a full buffer, so that buffer is not the final fragment.
          sink.write(out, 0, sealFragment(seq, false, buf, 0, n, out, 0));
          seq = nextSeq(seq);
          n = 0;
        }
        int take = Math.min(len, bufSize - n);
        System.arraycopy(b, off, buf, n, take);
        n += take;
        off += take;
        len -= take;
      }
    }

    @Override
    public void flush() throws IOException {
      sink.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        sink.write(out, 0, sealFragment(seq, true, buf, 0, n, out, 0));
      } finally {
        Arrays.fill(buf, (byte) 0);
        sink.close();
      }
    }
  }

  private final class Decrypting extends InputStream {
    private final InputStream source;
    private final byte[] ct = new byte[bufSize + Crypto.TAG + 1];
    private final byte[] pt = new byte[bufSize];
    private int ctFill;
    private int ptPos;
    private int ptLen;
    private int seq = 1;
    private boolean done;
    private @Nullable IntegrityException failure;

    Decrypting(InputStream source) {
      this.source = source;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int r = read(one, 0, 1);
      return r < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (failure != null) {
        throw failure; // a failed stream stays failed
      }
      if (len == 0) {
        return 0;
      }
      while (ptPos == ptLen) {
        if (done) {
          return -1;
        }
        try {
          nextFragment();
        } catch (IntegrityException e) {
          failure = e;
          throw e;
        }
      }
      int take = Math.min(len, ptLen - ptPos);
      System.arraycopy(pt, ptPos, b, off, take);
      ptPos += take;
      return take;
    }

    private void nextFragment() throws IOException {
      int frag = bufSize + Crypto.TAG;
      while (ctFill < ct.length) {
        int r = source.read(ct, ctFill, ct.length - ctFill);
        if (r < 0) {
          break;
        }
        ctFill += r;
      }
      boolean fin = ctFill <= frag; // no byte beyond a full fragment: this is the last one
      int len = fin ? ctFill : frag;
      Arrays.fill(pt, (byte) 0);
      ptLen = openFragment(seq, fin, ct, 0, len, pt, 0);
      ptPos = 0;
      if (fin) {
        done = true;
        ctFill = 0;
      } else {
        ct[0] = ct[frag]; // the look-ahead byte starts the next fragment
        ctFill = 1;
        seq = nextSeq(seq);
      }
    }

    @Override
    public int available() {
      return ptLen - ptPos;
    }

    @Override
    public void close() throws IOException {
      Arrays.fill(pt, (byte) 0);
      ptLen = 0;
      ptPos = 0;
      done = true;
      source.close();
    }
  }
}
