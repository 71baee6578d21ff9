package io.keyrotate.bench;

import io.keyrotate.ObjectVersion;
import io.keyrotate.job.Filter;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.runner.JobReport;
import io.keyrotate.runner.JobState;
import io.keyrotate.runner.KeyRotation;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.ReadRequest;
import io.keyrotate.spi.ReadResult;
import io.keyrotate.spi.ReplaceEncryptionRequest;
import io.keyrotate.spi.RewriteDataRequest;
import io.keyrotate.spi.VersionPage;
import io.keyrotate.sse.SseSpec;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.PutRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * End-to-end throughput of a rotation job on {@link FileObjectStore} + {@link LocalKms}, each against
 * the store's own floor measured in the same process on the same files (whole jobs are too long and
 * stateful for JMH's iteration model, so this is a plain harness; see README.md).
 *
 * <pre>
 * java -cp keyrotate-bench/target/benchmarks.jar io.keyrotate.bench.RotationHarness MODE [options]
 *   rewrap  --objects N       N SSE-KMS objects (1 KiB): floor = N bare replaceEncryption calls
 *                             (same metadata, same worker count), then the job rewraps all N
 *   encrypt --objects N --size B   N plaintext objects of B bytes: floor = a plain copy of every
 *                             object through rewriteData, then the job encrypts all N
 *   heap    --objects N       rewrap job only; prints the peak heap after GC (old generation)
 *   options: --dir D (default java.io.tmpdir) --workers W (default: processors) --seed S
 *            --warm N (encrypt: objects of the warm-up bucket, default 512)
 * </pre>
 *
 * <p>Prints one line of results per phase to standard output.
 */
public final class RotationHarness {
  private static final String BUCKET = "bench";
  private static final PrintStream OUT = System.out;

  private final Path dir;
  private final int workers;
  private final Random random;
  private static int warmObjects = 512;

  private RotationHarness(Path dir, int workers, long seed) {
    this.dir = dir;
    this.workers = workers;
    this.random = new Random(seed);
  }

  /**
   * Runs one mode.
   *
   * @param args the mode and options
   * @throws Exception when anything fails
   */
  @SuppressWarnings("try") // the lock is held for the block's duration
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: rewrap|encrypt|heap [--objects N] [--size B] [--dir D]"
          + " [--workers W] [--seed S]");
    }
    String mode = args[0];
    int objects = 100_000;
    int size = 1024;
    Path base = Path.of(System.getProperty("java.io.tmpdir"));
    int workers = Runtime.getRuntime().availableProcessors();
    long seed = 1;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--objects":
          objects = Integer.parseInt(args[i + 1]);
          break;
        case "--size":
          size = Integer.parseInt(args[i + 1]);
          break;
        case "--dir":
          base = Path.of(args[i + 1]);
          break;
        case "--workers":
          workers = Integer.parseInt(args[i + 1]);
          break;
        case "--warm":
          warmObjects = Integer.parseInt(args[i + 1]);
          break;
        case "--seed":
          seed = Long.parseLong(args[i + 1]);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory(base, "keyrotate-harness-");
    // JMH's own lock file: no two benchmark processes share the machine's two cores.
    try (java.nio.channels.FileChannel lockFile =
            java.nio.channels.FileChannel.open(Path.of("/tmp/jmh.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock = lockFile.lock()) {
      RotationHarness h = new RotationHarness(dir, workers, seed);
      switch (mode) {
        case "rewrap":
          h.rewrap(objects, size);
          break;
        case "encrypt":
          h.encrypt(objects, size);
          break;
        case "heap":
          h.heap(objects, size);
          break;
        default:
          throw new IllegalArgumentException("unknown mode " + mode);
      }
    } finally {
      deleteTree(dir);
    }
  }

  // ---------------------------------------------------------------- modes

  private void rewrap(int n, int size) throws Exception {
    try (LocalKms kms = LocalKms.create(dir.resolve("keyring"), "old-key");
        FileObjectStore store = FileObjectStore.builder(dir.resolve("store")).kms(kms).open()) {
      kms.createKey("new-key");
      store.createBucket(BUCKET, false);
      long t0 = System.nanoTime();
      fill(store, n, size, SseSpec.kms("old-key", Map.of()));
      report("setup", n, (long) n * size, System.nanoTime() - t0, "");
      kms.setDefaultKey("new-key");
      // Warm-up: one floor pass and one whole job, so both measured phases run JIT-compiled code.
      report("warm-up floor", n, 0, floorReplace(store), "");
      long w = System.nanoTime();
      check(job(store, kms, Filter.none()), n);
      report("warm-up job rewrap", n, 0, System.nanoTime() - w, "");
      // A new version of the target key makes every object outdated again: the job rewraps all.
      kms.rotateKey("new-key");
      long floor1 = floorReplace(store);
      report("floor replaceEncryption #1", n, 0, floor1, "");
      long t1 = System.nanoTime();
      JobReport r = job(store, kms, Filter.none());
      long job = System.nanoTime() - t1;
      check(r, n);
      report("job rewrap", n, 0, job, "kmsCalls=" + r.kmsCalls());
      long floor2 = floorReplace(store);
      report("floor replaceEncryption #2", n, 0, floor2, "");
      double floor = (floor1 + floor2) / 2.0;
      OUT.printf("RESULT rewrap objects=%d workers=%d job=%.0f obj/s floor=%.0f obj/s ratio=%.3f%n",
          n, workers, n / (job / 1e9), n / (floor / 1e9), floor / job);
    }
  }

  private void encrypt(int n, int size) throws Exception {
    try (LocalKms kms = LocalKms.create(dir.resolve("keyring"), "key");
        FileObjectStore store = FileObjectStore.builder(dir.resolve("store")).kms(kms).open()) {
      store.createBucket(BUCKET, false);
      long bytes = (long) n * size;
      long t0 = System.nanoTime();
      fill(store, n, size, null);
      report("setup", n, bytes, System.nanoTime() - t0, "");
      // Warm-up on a small bucket of its own: a copy pass and an encrypting job.
      int warm = warmObjects;
      store.createBucket("warm", false);
      fill(store, "warm", warm, size, null);
      report("warm-up plain copy", warm, (long) warm * size, floorCopy(store, "warm"), "");
      long w = System.nanoTime();
      JobReport wr = job(store, kms, Filter.none(), "warm");
      if (wr.objectsChanged() != warm) {
        throw new IllegalStateException("warm-up job: " + wr);
      }
      report("warm-up job encrypt", warm, (long) warm * size, System.nanoTime() - w, "");
      long copy1 = floorCopy(store, BUCKET);
      report("floor plain copy #1", n, bytes, copy1, "");
      long t1 = System.nanoTime();
      JobReport r = job(store, kms, Filter.builder().plaintextOnly(true).build());
      long job = System.nanoTime() - t1;
      check(r, n);
      report("job encrypt", n, bytes, job, "kmsCalls=" + r.kmsCalls());
      long copy2 = floorCopy(store, BUCKET);
      report("floor plain copy #2 (of the encrypted files)", n, bytes, copy2, "");
      double floor = (copy1 + copy2) / 2.0;
      OUT.printf(
          "RESULT encrypt objects=%d size=%d workers=%d job=%.1f MB/s copy=%.1f MB/s ratio=%.3f%n",
          n, size, workers, bytes / 1e6 / (job / 1e9), bytes / 1e6 / (floor / 1e9), floor / job);
    }
  }

  private void heap(int n, int size) throws Exception {
    try (LocalKms kms = LocalKms.create(dir.resolve("keyring"), "old-key");
        FileObjectStore store = FileObjectStore.builder(dir.resolve("store")).kms(kms).open()) {
      kms.createKey("new-key");
      store.createBucket(BUCKET, false);
      fill(store, n, size, SseSpec.kms("old-key", Map.of()));
      kms.setDefaultKey("new-key");
      System.gc();
      HeapWatch watch = new HeapWatch();
      Thread t = new Thread(watch, "heap-watch");
      t.setDaemon(true);
      long start = System.nanoTime();
      t.start();
      JobReport r = job(store, kms, Filter.none());
      long job = System.nanoTime() - start;
      watch.stop = true;
      t.join();
      check(r, n);
      OUT.printf(
          "RESULT heap objects=%d workers=%d job=%.0f obj/s peakOldGenAfterGc=%.1f MiB"
              + " peakHeapUsed=%.1f MiB maxHeap=%.0f MiB%n",
          n, workers, n / (job / 1e9), watch.peakAfterGc / 1048576.0, watch.peakUsed / 1048576.0,
          Runtime.getRuntime().maxMemory() / 1048576.0);
    }
  }

  // ---------------------------------------------------------------- phases

  private JobReport job(FileObjectStore store, LocalKms kms, Filter filter) throws Exception {
    return job(store, kms, filter, BUCKET);
  }

  private JobReport job(FileObjectStore store, LocalKms kms, Filter filter, String bucket)
      throws Exception {
    KeyRotation rotation =
        KeyRotation.builder().store(store).kms(kms).checkpoints(store.checkpoints()).workers(workers)
            .build();
    KeyRotateJob job = KeyRotateJob.builder().bucket(bucket).filter(filter).build();
    return rotation.start(job).await(Duration.ofHours(1));
  }

  private static void check(JobReport r, int n) {
    if (r.state() != JobState.COMPLETE || r.objectsChanged() != n) {
      throw new IllegalStateException("the job did not change every object: " + r);
    }
  }

  /** N objects "obj/%07d" of {@code size} random bytes, written by {@code workers} threads. */
  private void fill(FileObjectStore store, int n, int size, @Nullable SseSpec sse) throws Exception {
    fill(store, BUCKET, n, size, sse);
  }

  private void fill(FileObjectStore store, String bucket, int n, int size, @Nullable SseSpec sse)
      throws Exception {
    byte[] data = new byte[size];
    random.nextBytes(data);
    parallel(n, i -> {
      PutRequest.Builder b = PutRequest.builder(bucket, String.format("obj/%07d", i)).data(data);
      if (sse != null) {
        b.encryption(sse);
      }
      store.put(b.build());
    });
  }

  /** Every version of the bucket (the floors work from a list made beforehand, not timed). */
  private static List<ObjectVersion> all(FileObjectStore store, String bucket) {
    List<ObjectVersion> out = new ArrayList<>();
    ListRequest req = ListRequest.of(bucket, "");
    while (true) {
      VersionPage p = store.list(req);
      out.addAll(p.versions());
      if (p.next() == null) {
        return out;
      }
      req = req.withStartAfter(p.next());
    }
  }

  /** Nanoseconds for one bare replaceEncryption (same metadata) per version, by the worker count. */
  private long floorReplace(FileObjectStore store) throws Exception {
    List<ObjectVersion> vs = all(store, BUCKET);
    long t = System.nanoTime();
    parallel(vs.size(), i -> {
      ObjectVersion v = vs.get(i);
      store.replaceEncryption(new ReplaceEncryptionRequest(v, v.internalMetadata()));
    });
    return System.nanoTime() - t;
  }

  /** Nanoseconds to copy every version's stored bytes onto itself through rewriteData. */
  private long floorCopy(FileObjectStore store, String bucket) throws Exception {
    List<ObjectVersion> vs = all(store, bucket);
    long t = System.nanoTime();
    parallel(vs.size(), i -> {
      ObjectVersion v = vs.get(i);
      try (ReadResult r = store.open(ReadRequest.of(v))) {
        store.rewriteData(
            new RewriteDataRequest(v, r.stream(), v.size(), r.partSizes(), v.internalMetadata()));
      }
    });
    return System.nanoTime() - t;
  }

  private void parallel(int n, Consumer<Integer> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      AtomicLong next = new AtomicLong();
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        fs.add(pool.submit(() -> {
          for (long i; (i = next.getAndIncrement()) < n; ) {
            task.accept((int) i);
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static void report(String phase, int n, long bytes, long nanos, String extra) {
    double s = nanos / 1e9;
    OUT.printf("%-46s %8d objects %9.2f s %9.0f obj/s %9.1f MB/s %s%n",
        phase, n, s, n / s, bytes / 1e6 / s, extra);
  }

  /** Samples the heap: peak used, and peak of the heap pools' usage after their last collection. */
  private static final class HeapWatch implements Runnable {
    volatile boolean stop;
    long peakUsed;
    long peakAfterGc;

    @Override
    public void run() {
      List<MemoryPoolMXBean> pools = new ArrayList<>();
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          pools.add(p);
        }
      }
      while (!stop) {
        long used = 0;
        long after = 0;
        for (MemoryPoolMXBean p : pools) {
          used += p.getUsage().getUsed();
          MemoryUsage c = p.getCollectionUsage();
          String name = p.getName().toLowerCase(java.util.Locale.ROOT);
          if (c != null && (name.contains("old") || name.contains("tenured"))) {
            after += c.getUsed();
          }
        }
        peakUsed = Math.max(peakUsed, used);
        peakAfterGc = Math.max(peakAfterGc, after);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
