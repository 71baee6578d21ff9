package io.keyrotate.reliability;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.TestReporter;

/**
 * One bounded, seeded fuzz campaign: runs each input on a worker thread under a generous time limit,
 * measures what the input made that thread allocate, and sorts the outcomes. An input passes when the
 * code under test returns normally or throws one of the documented exception types; anything else (an
 * undocumented exception or {@link Error}, a hang, or an allocation far beyond the input's size) is a
 * finding, printed with the input so it can be replayed. {@link #finish} publishes the figures through
 * the {@link TestReporter} and into {@code target/reliability/<name>.txt}, then fails the test if there
 * was any finding.
 */
final class Campaign implements AutoCloseable {
  /** What one input exercises. */
  @FunctionalInterface
  interface Body<T> {
    void run(T input) throws Exception;
  }

  /** A fixed allowance on top of {@link #allocationFactor} times the input size. */
  private static final long ALLOCATION_BASE = 32L << 20;

  private final String name;
  private final String seed;
  private final List<Class<? extends Throwable>> allowed;
  private final long timeoutMillis;
  private final long allocationFactor;
  private ExecutorService worker = newWorker();
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private final List<String> findings = new ArrayList<>();
  private long tried;
  private long maxAllocated;

  @SafeVarargs
  Campaign(String name, String seed, Class<? extends Throwable>... allowed) {
    this(name, seed, 10_000, 64, allowed);
  }

  @SafeVarargs
  Campaign(
      String name, String seed, long timeoutMillis, long allocationFactor,
      Class<? extends Throwable>... allowed) {
    this.name = name;
    this.seed = seed;
    List<Class<? extends Throwable>> types = new ArrayList<>();
    for (Class<? extends Throwable> c : allowed) {
      types.add(c);
    }
    this.allowed = List.copyOf(types);
    this.timeoutMillis = timeoutMillis;
    this.allocationFactor = allocationFactor;
  }

  /**
   * Runs one input.
   *
   * @param input the input
   * @param size its size in bytes (for the allocation bound)
   * @param describe a short replayable description of the input for the report
   * @param body what to do with it
   */
  <T> void run(T input, long size, java.util.function.Supplier<String> describe, Body<T> body) {
    tried++;
    Future<long[]> f =
        worker.submit(
            () -> {
              long before = allocatedByThisThread();
              Throwable thrown = null;
              try {
                body.run(input);
              } catch (Throwable t) { // NOPMD: classifying every outcome is the point
                thrown = t;
              }
              long allocated = allocatedByThisThread() - before;
              if (thrown != null) {
                throw new Outcome(thrown, allocated);
              }
              return new long[] {allocated};
            });
    long allocated;
    Throwable thrown = null;
    try {
      allocated = f.get(timeoutMillis, TimeUnit.MILLISECONDS)[0];
    } catch (TimeoutException e) {
      f.cancel(true);
      worker.shutdownNow();
      worker = newWorker(); // the stuck thread is abandoned (daemon); later inputs get a fresh one
      finding("no result within " + timeoutMillis + " ms (hang)", describe.get(), null);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      Outcome o = (Outcome) e.getCause();
      thrown = o.thrown;
      allocated = o.allocated;
    }
    maxAllocated = Math.max(maxAllocated, allocated);
    long bound = ALLOCATION_BASE + allocationFactor * size;
    if (allocated > bound) {
      finding("allocated " + allocated + " bytes (bound " + bound + ")", describe.get(), thrown);
    }
    if (thrown == null) {
      outcomes.merge("returned normally", 1, Integer::sum);
    } else if (isAllowed(thrown)) {
      outcomes.merge(thrown.getClass().getSimpleName(), 1, Integer::sum);
    } else {
      finding("undocumented " + thrown, describe.get(), thrown);
    }
  }

  /**
   * Bytes this thread allocated so far (HotSpot's {@code com.sun.management.ThreadMXBean}), read
   * reflectively because the test sources compile inside the module, which does not read
   * {@code jdk.management}; the tests themselves run on the class path.
   */
  private static long allocatedByThisThread() {
    try {
      Object mx =
          Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
      return (Long)
          Class.forName("com.sun.management.ThreadMXBean")
              .getMethod("getCurrentThreadAllocatedBytes")
              .invoke(mx);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("HotSpot's thread allocation counter is required", e);
    }
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "campaign");
          t.setDaemon(true);
          return t;
        });
  }

  private boolean isAllowed(Throwable t) {
    for (Class<? extends Throwable> c : allowed) {
      if (c.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Convenience for byte inputs: the description is the hex of (a prefix of) the input. */
  void runBytes(byte[] input, Body<byte[]> body) {
    run(input, input.length, () -> hexPrefix(input), body);
  }

  static String hexPrefix(byte[] b) {
    int n = Math.min(b.length, 96);
    return b.length + " bytes: " + HexFormat.of().formatHex(b, 0, n) + (n < b.length ? "…" : "");
  }

  private void finding(String what, String input, Throwable t) {
    outcomes.merge("FINDING", 1, Integer::sum);
    if (findings.size() < 20) {
      StringBuilder b = new StringBuilder(what).append("\n    input: ").append(input);
      if (t != null) {
        for (StackTraceElement e : t.getStackTrace()) {
          if (!e.getClassName().startsWith("io.keyrotate")) {
            continue;
          }
          b.append("\n    at ").append(e);
          if (e.getClassName().startsWith("io.keyrotate.reliability")) {
            break;
          }
        }
      }
      findings.add(b.toString());
    }
  }

  long tried() {
    return tried;
  }

  /** Publishes the figures and fails on findings. */
  void finish(TestReporter reporter) {
    worker.shutdownNow();
    StringBuilder b = new StringBuilder();
    b.append("campaign: ").append(name).append('\n');
    b.append("seed: ").append(seed).append('\n');
    b.append("inputs tried: ").append(tried).append('\n');
    b.append("max allocation per input: ").append(maxAllocated).append(" bytes\n");
    outcomes.forEach((k, v) -> b.append("outcome ").append(k).append(": ").append(v).append('\n'));
    findings.forEach(f -> b.append("finding: ").append(f).append('\n'));
    reporter.publishEntry("campaign " + name, tried + " inputs, outcomes " + outcomes);
    Figures.write(name, b);
    if (!findings.isEmpty()) {
      fail(b.toString());
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  /** Carries an outcome and the allocation out of the worker. */
  private static final class Outcome extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Throwable thrown;
    final long allocated;

    Outcome(Throwable thrown, long allocated) {
      super(null, null, false, false);
      this.thrown = thrown;
      this.allocated = allocated;
    }
  }
}
