package io.keyrotate.spi.conformance;

import io.keyrotate.KeyRotateException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Starts several calls at the same moment, for compare-and-set race tests. */
final class Races {
  private Races() {}

  /**
   * Runs the calls on their own threads, released together.
   *
   * @return each call's result or the {@link KeyRotateException} it threw, in call order
   */
  static List<Object> run(List<? extends Callable<?>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      CountDownLatch ready = new CountDownLatch(calls.size());
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Object>> futures = new ArrayList<>();
      for (Callable<?> call : calls) {
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  try {
                    return call.call();
                  } catch (KeyRotateException e) {
                    return e;
                  }
                }));
      }
      ready.await();
      go.countDown();
      List<Object> out = new ArrayList<>();
      for (Future<Object> f : futures) {
        out.add(f.get(30, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
