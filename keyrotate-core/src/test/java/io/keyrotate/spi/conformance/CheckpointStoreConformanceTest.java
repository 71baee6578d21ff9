package io.keyrotate.spi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.spi.CheckpointStore;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.spi.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conformance tests for {@link CheckpointStore}. Extend it and implement {@link #newFixture()}.
 */
public abstract class CheckpointStoreConformanceTest {
  /** A checkpoint store and a way to reopen it, to check durability. */
  public interface Fixture extends AutoCloseable {
    /**
     * The store under test.
     *
     * @return the store
     */
    CheckpointStore store();

    /**
     * Closes the store and opens it again on the same storage; the default keeps the same instance.
     *
     * @return the reopened store
     * @throws Exception when reopening fails
     */
    default CheckpointStore reopen() throws Exception {
      return store();
    }

    /** Releases resources. */
    @Override
    default void close() {}
  }

  /**
   * Creates a fresh fixture with an empty store.
   *
   * @return the fixture
   * @throws Exception when it cannot be created
   */
  protected abstract Fixture newFixture() throws Exception;

  private @Nullable Fixture fixture;

  private Fixture fx() {
    if (fixture == null) {
      throw new IllegalStateException("no fixture");
    }
    return fixture;
  }

  @BeforeEach
  void createFixture() throws Exception {
    fixture = newFixture();
  }

  @AfterEach
  void closeFixture() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static final Instant T0 = Instant.parse("2025-06-01T10:00:00.123456789Z");

  private static JobCheckpoint checkpoint(String id, @Nullable ObjectRef done, long objects) {
    return new JobCheckpoint(
        id, "9f86d081884c7d659a2feaa0c55ad015", done, Map.of("objects", objects, "bytes", objects * 10),
        JobCheckpoint.Status.RUNNING, T0, T0.plusSeconds(objects));
  }

  @Test
  void load_unknownJob_returnsNull() {
    assertNull(fx().store().load("never-saved"));
  }

  @Test
  void save_thenLoad_returnsAnEqualCheckpoint() throws Exception {
    List<JobCheckpoint> all =
        List.of(
            checkpoint("job-1", null, 0),
            checkpoint("job-2", new ObjectRef("bucket", "photos/2024/cat.png", "3f2a-11"), 42),
            checkpoint("job-3", new ObjectRef("bucket", "unversioned key \u00e9 \ud83d\ude00", null), 7),
            new JobCheckpoint(
                "job-4", "h", new ObjectRef("b", "-", "-"), new TreeMap<>(Map.of("x y", 0L, "z", Long.MAX_VALUE)),
                JobCheckpoint.Status.COMPLETE, T0, T0));
    for (JobCheckpoint c : all) {
      fx().store().save(c);
    }
    for (JobCheckpoint c : all) {
      assertEquals(c, fx().store().load(c.jobId()));
    }
    CheckpointStore reopened = fx().reopen();
    for (JobCheckpoint c : all) {
      assertEquals(c, reopened.load(c.jobId()), "durable across reopen");
    }
  }

  @Test
  void save_again_replacesTheCheckpoint() {
    fx().store().save(checkpoint("job", null, 1));
    JobCheckpoint later = checkpoint("job", new ObjectRef("b", "k", null), 2);
    fx().store().save(later);
    assertEquals(later, fx().store().load("job"));
    assertEquals(List.of("job"), fx().store().jobIds());
  }

  @Test
  void jobIds_areListedInUtf8Order() {
    List<String> ids = List.of("b", "a", "a/b", "A", "\ud83d\ude00", "\ufffd", "../x", "job 1", "a.b");
    for (String id : ids) {
      fx().store().save(checkpoint(id, null, 1));
    }
    List<String> expected = new ArrayList<>(ids);
    expected.sort(
        (x, y) ->
            Arrays.compareUnsigned(
                x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
    assertEquals(expected, fx().store().jobIds());
    for (String id : ids) {
      assertEquals(id, fx().store().load(id).jobId());
    }
  }

  @Test
  void save_concurrentlyForDifferentJobs_keepsEveryJob() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String id = "job-" + t;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 1; i <= 20; i++) {
                    fx().store().save(checkpoint(id, new ObjectRef("b", "k" + i, null), i));
                  }
                }));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int t = 0; t < 4; t++) {
      JobCheckpoint c = fx().store().load("job-" + t);
      assertTrue(c != null && c.counters().get("objects") == 20, String.valueOf(c));
    }
  }
}
