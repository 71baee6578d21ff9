package io.keyrotate.bench;

import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.Dare;
import io.keyrotate.crypto.DareDecryptOptions;
import io.keyrotate.crypto.DareEncryptOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DARE 2.0 AES-256-GCM over a 1 MiB stream (16 packages) against raw JDK AES-GCM over the same sixteen
 * 64 KiB chunks (init + 4-byte AAD + doFinal into a reused buffer per chunk), so the ratio shows the cost
 * of the format and the API on top of the cipher. One operation = 1 MiB of plaintext.
 *
 * <ul>
 *   <li>{@code dareEncryptBuffer}/{@code dareDecryptBuffer}: {@link Dare#encrypt(byte[], int, int,
 *       byte[], int, SecretBytes, DareEncryptOptions)} into a reused array (random nonce per stream).
 *   <li>{@code dareEncryptStream}: one 1 MiB write to {@link Dare#newEncryptingOutputStream} over a
 *       discarding sink; {@code dareDecryptStream}: {@link Dare#newDecryptingInputStream} over a
 *       {@code ByteArrayInputStream}, read into a reused 1 MiB array.
 *   <li>{@code rawGcmEncrypt}/{@code rawGcmDecrypt}: the baseline.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class DareBenchmark {
  static final int GCM_TAG_BITS = 128;
  private static final int SIZE = 1 << 20;
  private static final int CHUNK = 65536;
  private static final int CHUNKS = SIZE / CHUNK;

  private final byte[] plaintext = new byte[SIZE];
  private final byte[] ciphertext = new byte[(int) Dare.encryptedSize(SIZE)];
  private final byte[] rawCiphertext = new byte[CHUNKS * (CHUNK + 16)];
  private final byte[] outBuffer = new byte[(int) Dare.encryptedSize(SIZE)];
  private final byte[] plainBuffer = new byte[SIZE];
  private final byte[] aad = {0x20, 0x00, (byte) 0xff, (byte) 0xff};
  private final byte[] nonce = new byte[12];
  private long counter;

  private SecretBytes key = SecretBytes.copyOf(new byte[32]);
  private SecretKeySpec keySpec = new SecretKeySpec(new byte[32], "AES");
  private @Nullable Cipher gcm;

  /**
   * Random plaintext and key; the ciphertexts the decrypt benchmarks read.
   *
   * @throws GeneralSecurityException never on a JDK with AES-GCM
   */
  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    this.gcm = gcm;
    Random r = new Random(1);
    r.nextBytes(plaintext);
    byte[] k = new byte[32];
    r.nextBytes(k);
    key = SecretBytes.copyOf(k);
    keySpec = new SecretKeySpec(k, "AES");
    Dare.encrypt(plaintext, 0, SIZE, ciphertext, 0, key, DareEncryptOptions.defaults());
    for (int i = 0; i < CHUNKS; i++) {
      nonce[11] = (byte) i;
      gcm.init(Cipher.ENCRYPT_MODE, keySpec, new GCMParameterSpec(GCM_TAG_BITS, nonce));
      gcm.updateAAD(aad);
      gcm.doFinal(plaintext, i * CHUNK, CHUNK, rawCiphertext, i * (CHUNK + 16));
    }
  }

  /** Wipes the key. */
  @TearDown(Level.Trial)
  public void tearDown() {
    key.close();
  }

  /**
   * DARE 2.0 encryption of 1 MiB into a reused array.
   *
   * @return the ciphertext length
   */
  @Benchmark
  public int dareEncryptBuffer() {
    return Dare.encrypt(plaintext, 0, SIZE, outBuffer, 0, key, DareEncryptOptions.defaults());
  }

  /**
   * DARE 2.0 decryption of 1 MiB into a reused array.
   *
   * @return the plaintext length
   */
  @Benchmark
  public int dareDecryptBuffer() {
    return Dare.decrypt(
        ciphertext, 0, ciphertext.length, plainBuffer, 0, key, DareDecryptOptions.defaults());
  }

  /**
   * DARE 2.0 encrypting output stream, one 1 MiB write, discarding sink.
   *
   * @throws IOException never
   */
  @Benchmark
  public void dareEncryptStream() throws IOException {
    try (OutputStream out =
        Dare.newEncryptingOutputStream(
            OutputStream.nullOutputStream(), key, DareEncryptOptions.defaults())) {
      out.write(plaintext);
    }
  }

  /**
   * DARE 2.0 decrypting input stream read into a reused 1 MiB array.
   *
   * @return the plaintext length
   * @throws IOException never
   */
  @Benchmark
  public int dareDecryptStream() throws IOException {
    int total = 0;
    try (InputStream in =
        Dare.newDecryptingInputStream(
            new ByteArrayInputStream(ciphertext), key, DareDecryptOptions.defaults())) {
      int n;
      while ((n = in.read(plainBuffer, total, SIZE - total)) > 0) {
        total += n;
      }
    }
    return total;
  }

  /**
   * Raw JDK AES-GCM over sixteen 64 KiB chunks, fresh nonce per chunk.
   *
   * @return bytes written
   * @throws GeneralSecurityException never
   */
  @Benchmark
  public int rawGcmEncrypt() throws GeneralSecurityException {
    Cipher gcm = Objects.requireNonNull(this.gcm);
    long c = ++counter;
    for (int i = 0; i < 8; i++) {
      nonce[i] = (byte) (c >>> (8 * i));
    }
    int total = 0;
    for (int i = 0; i < CHUNKS; i++) {
      nonce[11] = (byte) i;
      gcm.init(Cipher.ENCRYPT_MODE, keySpec, new GCMParameterSpec(GCM_TAG_BITS, nonce));
      gcm.updateAAD(aad);
      total += gcm.doFinal(plaintext, i * CHUNK, CHUNK, outBuffer, i * (CHUNK + 32) + 16);
    }
    return total;
  }

  /**
   * Raw JDK AES-GCM decryption of sixteen 64 KiB chunks.
   *
   * @return bytes written
   * @throws GeneralSecurityException never
   */
  @Benchmark
  public int rawGcmDecrypt() throws GeneralSecurityException {
    Cipher gcm = Objects.requireNonNull(this.gcm);
    Arrays.fill(nonce, 0, 8, (byte) 0);
    int total = 0;
    for (int i = 0; i < CHUNKS; i++) {
      nonce[11] = (byte) i;
      gcm.init(Cipher.DECRYPT_MODE, keySpec, new GCMParameterSpec(GCM_TAG_BITS, nonce));
      gcm.updateAAD(aad);
      total += gcm.doFinal(rawCiphertext, i * (CHUNK + 16), CHUNK + 16, plainBuffer, i * CHUNK);
    }
    return total;
  }
}
