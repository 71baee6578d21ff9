package io.keyrotate.bench;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same operations as {@link DareBenchmark}, but each DARE variant runs <em>concurrently</em> with raw
 * JDK AES-GCM in one JMH group (one thread each). On this noisy 2-vCPU machine both threads then share
 * the same CPU-time budget and the same interference, so the ratio of their scores within a group is a
 * far steadier estimate of DARE's relative cost than two benchmarks run one after the other.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DarePairedBenchmark {

  /**
   * DARE buffer encryption, paired with {@link #encryptBuffer_raw}.
   *
   * @param s per-thread state
   * @return ciphertext length
   */
  @Benchmark
  @Group("encryptBuffer")
  @GroupThreads(1)
  public int encryptBuffer_dare(DareBenchmark s) {
    return s.dareEncryptBuffer();
  }

  /**
   * Raw AES-GCM encryption, paired with {@link #encryptBuffer_dare}.
   *
   * @param s per-thread state
   * @return bytes written
   * @throws GeneralSecurityException never
   */
  @Benchmark
  @Group("encryptBuffer")
  @GroupThreads(1)
  public int encryptBuffer_raw(DareBenchmark s) throws GeneralSecurityException {
    return s.rawGcmEncrypt();
  }

  /**
   * DARE buffer decryption, paired with {@link #decryptBuffer_raw}.
   *
   * @param s per-thread state
   * @return plaintext length
   */
  @Benchmark
  @Group("decryptBuffer")
  @GroupThreads(1)
  public int decryptBuffer_dare(DareBenchmark s) {
    return s.dareDecryptBuffer();
  }

  /**
   * Raw AES-GCM decryption, paired with {@link #decryptBuffer_dare}.
   *
   * @param s per-thread state
   * @return bytes written
   * @throws GeneralSecurityException never
   */
  @Benchmark
  @Group("decryptBuffer")
  @GroupThreads(1)
  public int decryptBuffer_raw(DareBenchmark s) throws GeneralSecurityException {
    return s.rawGcmDecrypt();
  }

  /**
   * DARE encrypting output stream, paired with {@link #encryptStream_raw}.
   *
   * @param s per-thread state
   * @throws IOException never
   */
  @Benchmark
  @Group("encryptStream")
  @GroupThreads(1)
  public void encryptStream_dare(DareBenchmark s) throws IOException {
    s.dareEncryptStream();
  }

  /**
   * Raw AES-GCM encryption, paired with {@link #encryptStream_dare}.
   *
   * @param s per-thread state
   * @return bytes written
   * @throws GeneralSecurityException never
   */
  @Benchmark
  @Group("encryptStream")
  @GroupThreads(1)
  public int encryptStream_raw(DareBenchmark s) throws GeneralSecurityException {
    return s.rawGcmEncrypt();
  }

  /**
   * DARE decrypting input stream, paired with {@link #decryptStream_raw}.
   *
   * @param s per-thread state
   * @return plaintext length
   * @throws IOException never
   */
  @Benchmark
  @Group("decryptStream")
  @GroupThreads(1)
  public int decryptStream_dare(DareBenchmark s) throws IOException {
    return s.dareDecryptStream();
  }

  /**
   * Raw AES-GCM decryption, paired with {@link #decryptStream_dare}.
   *
   * @param s per-thread state
   * @return bytes written
   * @throws GeneralSecurityException never
   */
  @Benchmark
  @Group("decryptStream")
  @GroupThreads(1)
  public int decryptStream_raw(DareBenchmark s) throws GeneralSecurityException {
    return s.rawGcmDecrypt();
  }
}
