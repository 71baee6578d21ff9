package io.keyrotate.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports the benchmark JVM's CPU time per operation ({@code cpu.time.per.op}, µs). On a shared machine
 * wall-clock time per operation mostly measures how long the benchmark thread waited for a CPU; CPU time
 * counts only what it ran. It includes the JVM's own threads (JIT, GC), which are quiet after warm-up.
 *
 * <p>Use: {@code java -jar benchmarks.jar Dare -prof io.keyrotate.bench.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private long cpuAtStart;

  /** JMH instantiates profilers reflectively. */
  public CpuTimeProfiler() {}

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return -1;
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    cpuAtStart = processCpuNanos();
  }

  @Override
  public Collection<? extends Result<?>> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long cpu = processCpuNanos() - cpuAtStart;
    long ops = result.getMetadata() == null ? 0 : result.getMetadata().getMeasuredOps();
    if (cpuAtStart < 0 || ops <= 0) {
      return List.of();
    }
    return List.of(
        new ScalarResult("cpu.time.per.op", cpu / 1000.0 / ops, "us/op", AggregationPolicy.AVG));
  }

  @Override
  public String getDescription() {
    return "process CPU time per operation";
  }
}
