package io.keyrotate.runner;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.KeyRotateException;
import io.keyrotate.KmsException;
import io.keyrotate.ObjectChangedException;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.internal.Texts;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.Notify;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.ObjectRef;
import io.keyrotate.spi.VersionPage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one job: the lister thread, the worker threads and the coordinator thread, and the handle
 * the caller holds.
 *
 * <p>Flow: the lister pages through the job's listing ranges (resuming after the checkpoint), registers
 * each version of this shard with the {@link ProgressTracker} and puts it on a bounded queue. Workers take
 * versions, decide, and perform changing decisions with retries; each finished version is written to the
 * JSON-lines report, passed to the listeners and then marked finished in the tracker, in that order, so a
 * checkpoint never covers a version whose outcome was not recorded. The coordinator saves checkpoints
 * every interval (and when a pause takes effect), and at the end rotates internal data, saves the final
 * checkpoint, sends the webhook and completes the report.
 *
 * <p>Cancel and abort stop the lister and the workers between versions; nothing is interrupted mid-write
 * (thread interrupts would close file channels under a store), and retry waits end early.
 */
final class JobRun implements JobHandle {
  private static final Logger LOG = LoggerFactory.getLogger(KeyRotation.class);

  /** The per-job values {@link KeyRotation} resolved at start. */
  record Setup(
      String jobId,
      String checkpointId,
      KeyRotateJob job,
      String definitionHash,
      String targetKeyId,
      MeteredKms kms,
      Control control,
      Sleeper sleeper,
      @Nullable JobCheckpoint base,
      Decider decider,
      VersionRotator rotator,
      @Nullable InternalRotator internal) {}

  private record Item(long seq, ObjectVersion version) {}

  private final KeyRotation cfg;
  private final Setup s;
  private final Control control;
  private final ProgressTracker tracker;
  private final ArrayBlockingQueue<Item> queue;
  private final CompletableFuture<JobReport> done = new CompletableFuture<>();
  private final CountDownLatch workersDone;
  private final AtomicInteger busy = new AtomicInteger();
  private final @Nullable RateLimiter objectLimiter;
  private final @Nullable JsonLinesWriter lines;
  private final List<ObjectOutcome> failures = new ArrayList<>();
  private final List<ObjectOutcome> plan = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final Instant startTime;
  private final Instant jobStarted;
  private final long startNanos;
  private final long baseKmsCalls;
  private final long baseBytes;
  private final int maxAttempts;
  private final long delayNanos;
  private boolean truncated;
  private volatile boolean listerDone;
  private volatile boolean linesClosed;
  private volatile @Nullable JobState finalState;
  private volatile @Nullable Thread lister;

  JobRun(KeyRotation cfg, Setup s) {
    this.cfg = cfg;
    this.s = s;
    this.control = s.control();
    JobCheckpoint base = s.base();
    Map<String, Long> baseCounters = base == null ? Map.of() : base.counters();
    this.baseKmsCalls = baseCounters.getOrDefault(Counters.KMS_CALLS, 0L);
    this.baseBytes = baseCounters.getOrDefault(Counters.BYTES, 0L);
    Map<String, Long> objectCounters = new TreeMap<>(baseCounters);
    objectCounters.remove(Counters.KMS_CALLS); // tracked live by the metered KMS
    this.tracker =
        new ProgressTracker(cfg.window, base == null ? null : base.doneThrough(), objectCounters);
    this.queue = new ArrayBlockingQueue<>(cfg.queueCapacity);
    this.workersDone = new CountDownLatch(cfg.workers);
    this.objectLimiter =
        cfg.objectsPerSecond > 0 ? new RateLimiter(cfg.objectsPerSecond, cfg.ticker, s.sleeper()) : null;
    this.startTime = cfg.clock.instant();
    this.jobStarted = base == null ? startTime : base.started();
    this.startNanos = cfg.ticker.nanoTime();
    this.maxAttempts = s.job().retry().attempts();
    this.delayNanos = s.job().retry().delay().toNanos();
    this.lines = cfg.reportFile == null ? null : new JsonLinesWriter(cfg.reportFile, base != null);
  }

  void start() {
    // An initial checkpoint makes the job resumable from its first second and reserves its id.
    save(JobCheckpoint.Status.RUNNING);
    JobStatus initial = status();
    for (JobListener l : cfg.listeners) {
      try {
        l.jobStarted(initial);
      } catch (RuntimeException e) {
        warn("listener " + l.getClass().getName() + " failed on jobStarted: " + e);
      }
    }
    String prefix = "keyrotate-" + Texts.clip(s.jobId());
    Thread t = new Thread(this::listAll, prefix + "-lister");
    lister = t;
    t.start();
    for (int i = 0; i < cfg.workers; i++) {
      new Thread(this::work, prefix + "-worker-" + i).start();
    }
    new Thread(this::coordinate, prefix + "-coordinator").start();
  }

  // ---------------------------------------------------------------- handle

  @Override
  public String jobId() {
    return s.jobId();
  }

  @Override
  public JobStatus status() {
    ProgressTracker.Snapshot snap = tracker.snapshot();
    Counters total = new Counters(snap.total());
    JobState fin = finalState;
    JobState state = fin != null ? fin : control.paused() ? JobState.PAUSED : JobState.RUNNING;
    long nanos = Math.max(1, cfg.ticker.nanoTime() - startNanos);
    double secs = nanos / 1e9;
    return new JobStatus(
        s.jobId(),
        state,
        startTime,
        Duration.ofNanos(nanos),
        snap.registered(),
        snap.registered() - snap.finished(),
        total.get(Counters.VERSIONS),
        total.changed(),
        total.action(ObjectOutcome.Action.SKIP),
        total.action(ObjectOutcome.Action.NOT_SELECTED),
        total.action(ObjectOutcome.Action.FAIL),
        total.get(Counters.BYTES),
        baseKmsCalls + s.kms().calls(),
        snap.finished() / secs,
        (total.get(Counters.BYTES) - baseBytes) / secs,
        s.kms().calls() / secs,
        snap.marker());
  }

  @Override
  public boolean pause() {
    return finalState == null && control.pause();
  }

  @Override
  public boolean resume() {
    return control.resume();
  }

  @Override
  public void cancel() {
    if (finalState == null) {
      control.cancel();
    }
  }

  @Override
  public boolean isDone() {
    return done.isDone();
  }

  @Override
  public JobReport await() throws InterruptedException {
    try {
      return done.get();
    } catch (ExecutionException e) {
      throw broken(e);
    }
  }

  @Override
  public JobReport await(Duration timeout) throws InterruptedException, TimeoutException {
    try {
      return done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw broken(e);
    }
  }

  private static KeyRotateException broken(ExecutionException e) {
    return new KeyRotateException("the job runner failed: " + e.getCause(), e.getCause(), false);
  }

  // ---------------------------------------------------------------- lister

  private void listAll() {
    try {
      JobCheckpoint base = s.base();
      ObjectRef marker = base == null ? null : base.doneThrough();
      for (String range : KeyOrder.listingRanges(s.job().prefixes())) {
        KeyOrder.Resume r = KeyOrder.resume(range, marker);
        if (r == KeyOrder.Resume.SKIP_RANGE) {
          continue;
        }
        ListRequest req =
            new ListRequest(
                s.job().bucket(), range, r == KeyOrder.Resume.AFTER_MARKER ? marker : null, cfg.pageSize);
        while (true) {
          if (!control.awaitRunnable()) {
            return;
          }
          VersionPage page = listWithRetry(req);
          for (ObjectVersion v : page.versions()) {
            if (cfg.shard.contains(v.bucket(), v.key()) && !enqueue(v)) {
              return;
            }
          }
          ObjectRef next = page.next();
          if (next == null) {
            break;
          }
          req = req.withStartAfter(next);
        }
      }
    } catch (KeyRotateException e) {
      control.abort("listing bucket " + s.job().bucket() + " failed: " + e.getMessage());
    } catch (RuntimeException e) {
      control.abort("listing failed unexpectedly: " + e);
    } finally {
      listerDone = true;
    }
  }

  private boolean enqueue(ObjectVersion v) {
    long seq = tracker.register(control::stopping);
    if (seq < 0) {
      return false;
    }
    Item item = new Item(seq, v);
    try {
      while (control.awaitRunnable()) {
        if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      control.abort("the lister was interrupted");
      return false;
    }
  }

  private VersionPage listWithRetry(ListRequest req) {
    int tries = 0;
    while (true) {
      try {
        return cfg.store.list(req);
      } catch (KeyRotateException e) {
        tries++;
        if (!e.isRetryable() || tries >= maxAttempts || control.stopping()) {
          throw e;
        }
        LOG.debug(
            "job {}: listing failed, retrying ({}/{}): {}", s.jobId(), tries, maxAttempts, e.getMessage());
        s.sleeper().sleep(jitter());
      }
    }
  }

  // ---------------------------------------------------------------- workers

  private void work() {
    try {
      while (control.awaitRunnable()) {
        Item it = queue.poll(50, TimeUnit.MILLISECONDS);
        if (it == null) {
          if (listerDone && queue.isEmpty()) {
            return;
          }
          continue;
        }
        busy.incrementAndGet();
        try {
          finish(it, process(it.version()));
        } finally {
          busy.decrementAndGet();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      control.abort("a worker was interrupted");
    } catch (RuntimeException e) {
      control.abort("a worker failed unexpectedly: " + e);
      LOG.error("job {}: worker failed", s.jobId(), e);
    } finally {
      workersDone.countDown();
      control.signal();
    }
  }

  /** Decides and, for a changing decision, performs it with retries. Never throws for object errors. */
  ObjectOutcome process(ObjectVersion listed) {
    ObjectVersion v = listed;
    int failedTries = 0;
    boolean stale = false;
    boolean limited = false;
    @Nullable Plan current = null;
    while (true) {
      KeyRotateException failure;
      try {
        if (stale) {
          ObjectVersion fresh = reread(v);
          if (fresh == null) {
            return outcome(
                v,
                ObjectOutcome.Action.SKIP,
                RunnerReason.VERSION_GONE.name(),
                "the version vanished while the job worked on it",
                failedTries);
          }
          v = fresh;
          stale = false;
        }
        current = s.decider().decide(v, cfg.clock.instant());
        if (!current.action().changesObject()) {
          return outcome(v, current.action(), current.reason(), current.detail(), failedTries);
        }
        if (!limited && objectLimiter != null) {
          objectLimiter.acquire(1);
          limited = true;
        }
        if (cfg.dryRun) {
          s.rotator().verify(v, current);
        } else {
          s.rotator().apply(v, current);
        }
        return outcome(v, current.action(), current.reason(), current.detail(), failedTries + 1);
      } catch (ObjectChangedException e) {
        stale = true;
        failure = e;
      } catch (KeyRotateException e) {
        failure = e;
        if (!e.isRetryable()) {
          return failed(v, current, e, failedTries + 1);
        }
      } catch (RuntimeException e) {
        return failed(v, current, e, failedTries + 1);
      }
      failedTries++;
      if (failedTries >= maxAttempts || control.stopping()) {
        LOG.warn(
            "job {}: {} failed after {} attempt(s): {}",
            s.jobId(),
            v.describe(),
            failedTries,
            failure.getMessage());
        return failed(v, current, failure, failedTries);
      }
      LOG.debug(
          "job {}: {} attempt {}/{} failed, retrying: {}",
          s.jobId(),
          v.describe(),
          failedTries,
          maxAttempts,
          failure.getMessage());
      s.sleeper().sleep(jitter());
    }
  }

  private ObjectOutcome outcome(
      ObjectVersion v, ObjectOutcome.Action action, String reason, String detail, int attempts) {
    ObjectOutcome.Result r;
    if (cfg.dryRun) {
      r = ObjectOutcome.Result.PLANNED;
    } else if (action == ObjectOutcome.Action.FAIL) {
      r = ObjectOutcome.Result.FAILED;
    } else {
      r = ObjectOutcome.Result.DONE;
    }
    return new ObjectOutcome(
        v.bucket(), v.key(), v.versionId(), action, reason, r, detail, v.size(), attempts);
  }

  private ObjectOutcome failed(ObjectVersion v, @Nullable Plan p, RuntimeException e, int attempts) {
    String what = p == null ? "deciding" : p.action().name();
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (!(e instanceof KeyRotateException)) {
      msg = e.getClass().getName() + ": " + msg;
    }
    if (msg.length() > 1000) {
      msg = msg.substring(0, 1000) + "…";
    }
    return outcome(v, ObjectOutcome.Action.FAIL, reasonOf(e).name(), what + " failed: " + msg, attempts);
  }

  static RunnerReason reasonOf(RuntimeException e) {
    if (e instanceof ObjectChangedException) {
      return RunnerReason.OBJECT_CHANGED;
    }
    if (e instanceof IntegrityException) {
      return RunnerReason.INTEGRITY_ERROR;
    }
    if (e instanceof FormatException) {
      return RunnerReason.FORMAT_ERROR;
    }
    if (e instanceof KmsException) {
      return RunnerReason.KMS_ERROR;
    }
    if (e instanceof ObjectStoreException) {
      return RunnerReason.STORE_ERROR;
    }
    return RunnerReason.INTERNAL_ERROR;
  }

  /** Lists the version again by its key; {@code null} when it no longer exists. */
  private @Nullable ObjectVersion reread(ObjectVersion v) {
    ListRequest req = new ListRequest(v.bucket(), v.key(), null, cfg.pageSize);
    while (true) {
      VersionPage page = cfg.store.list(req);
      for (ObjectVersion c : page.versions()) {
        if (!c.key().equals(v.key())) {
          return null; // the versions of a key come before those of longer keys with it as prefix
        }
        if (Objects.equals(c.versionId(), v.versionId())) {
          return c;
        }
      }
      ObjectRef next = page.next();
      if (next == null) {
        return null;
      }
      req = req.withStartAfter(next);
    }
  }

  private long jitter() {
    return (long) (delayNanos * (1 + ThreadLocalRandom.current().nextDouble()));
  }

  private void finish(Item it, ObjectOutcome outcome) {
    if (lines != null) {
      try {
        lines.write(outcome);
      } catch (KeyRotateException e) {
        control.abort(String.valueOf(e.getMessage()));
        return; // not recorded, so the checkpoint must not pass it
      }
    }
    for (JobListener l : cfg.listeners) {
      try {
        l.objectFinished(outcome);
      } catch (RuntimeException e) {
        warn("listener " + l.getClass().getName() + " failed on " + outcome.describe() + ": " + e);
      }
    }
    synchronized (this) {
      if (cfg.dryRun) {
        keep(plan, outcome);
      }
      if (outcome.action() == ObjectOutcome.Action.FAIL) {
        keep(failures, outcome);
      }
    }
    tracker.finished(it.seq(), outcome);
    FailureThreshold t = cfg.failureThreshold;
    if (t != null && outcome.action() == ObjectOutcome.Action.FAIL) {
      Counters total = new Counters(tracker.snapshot().total());
      long failed = total.action(ObjectOutcome.Action.FAIL);
      long selected = total.get(Counters.SELECTED);
      if (t.exceeded(failed, selected)) {
        control.abort(
            "failure threshold exceeded: " + failed + " of " + selected + " selected versions failed");
      }
    }
  }

  private void keep(List<ObjectOutcome> list, ObjectOutcome o) {
    if (list.size() < cfg.reportLimit) {
      list.add(o);
    } else {
      truncated = true;
    }
  }

  private void warn(String message) {
    synchronized (warnings) {
      if (warnings.size() < 100) {
        warnings.add(message);
      }
    }
    LOG.warn("job {}: {}", s.jobId(), message);
  }

  // ---------------------------------------------------------------- coordinator

  private void coordinate() {
    try {
      long interval = cfg.checkpointInterval.toNanos();
      long next = cfg.ticker.nanoTime() + interval;
      boolean pauseSaved = false;
      JobCheckpoint base = s.base();
      ObjectRef lastSaved = base == null ? null : base.doneThrough();
      while (!workersDone.await(20, TimeUnit.MILLISECONDS)) {
        if (control.paused()) {
          if (!pauseSaved && busy.get() == 0) {
            save(JobCheckpoint.Status.PAUSED);
            pauseSaved = true;
            LOG.info("keyrotate job {} paused", s.jobId());
          }
          continue;
        }
        if (pauseSaved) {
          pauseSaved = false;
          save(JobCheckpoint.Status.RUNNING);
          LOG.info("keyrotate job {} resumed", s.jobId());
        }
        if (cfg.ticker.nanoTime() - next >= 0) {
          ObjectRef marker = tracker.snapshot().marker();
          if (!Objects.equals(marker, lastSaved)) {
            save(JobCheckpoint.Status.RUNNING);
            lastSaved = marker;
          }
          JobStatus st = status();
          for (JobListener l : cfg.listeners) {
            try {
              l.progress(st);
            } catch (RuntimeException e) {
              warn("listener " + l.getClass().getName() + " failed on progress: " + e);
            }
          }
          next = cfg.ticker.nanoTime() + interval;
        }
      }
      Thread t = lister;
      if (t != null) {
        t.join();
      }
      done.complete(end());
    } catch (Throwable e) { // the handle must always complete, whatever broke
      LOG.error("keyrotate job {}: the runner failed", s.jobId(), e);
      finalState = JobState.FAILED;
      done.completeExceptionally(e);
      if (e instanceof Error) {
        throw (Error) e;
      }
    }
  }

  private JobReport end() {
    try {
      s.rotator().close(); // every worker has stopped
    } catch (RuntimeException e) {
      warn("closing the rotator failed: " + e);
    }
    JobState state;
    String abort = control.abortReason();
    if (control.canceled()) {
      state = JobState.CANCELED;
    } else if (abort != null) {
      state = JobState.FAILED;
    } else {
      state = tracker.anyFailed() ? JobState.FAILED : JobState.COMPLETE;
    }
    InternalDataReport internal = InternalDataReport.notAttempted();
    InternalRotator ir = s.internal();
    if (ir != null && !control.stopping() && cfg.shard.index() == 0) {
      try {
        internal = ir.rotate(cfg.dryRun, control::stopping);
      } catch (RuntimeException e) {
        internal = new InternalDataReport(true, 0, 0, 1, List.of("internal data: " + e.getMessage()));
      }
      tracker.set(Counters.INTERNAL_ROTATED, internal.rotated());
      tracker.set(Counters.INTERNAL_SKIPPED, internal.skipped());
      tracker.set(Counters.INTERNAL_FAILED, internal.failed());
      if (control.canceled()) {
        state = JobState.CANCELED;
      } else if (internal.failed() > 0 && state == JobState.COMPLETE) {
        state = JobState.FAILED;
      }
    }
    if (lines != null) {
      try {
        lines.close();
      } catch (KeyRotateException e) {
        warn(String.valueOf(e.getMessage()));
        if (state == JobState.COMPLETE) {
          state = JobState.FAILED;
          abort = e.getMessage();
        }
      }
      linesClosed = true;
    }
    save(JobCheckpoint.Status.valueOf(state.name()));
    ProgressTracker.Snapshot snap = tracker.snapshot();
    Counters total = new Counters(snap.total());
    total.set(Counters.KMS_CALLS, baseKmsCalls + s.kms().calls());
    List<String> w;
    synchronized (warnings) {
      w = List.copyOf(warnings);
    }
    JobReport report;
    synchronized (this) {
      report =
          new JobReport(
              s.jobId(),
              cfg.shard,
              state,
              cfg.dryRun,
              s.targetKeyId(),
              s.definitionHash(),
              startTime,
              cfg.clock.instant(),
              total.toMap(),
              failures,
              plan,
              truncated,
              internal,
              null,
              control.abortReason() != null ? control.abortReason() : abort,
              snap.marker(),
              w);
    }
    Notify n = s.job().notification();
    if (n != null && !cfg.dryRun) {
      NotificationResult sent = new Notifier(s.sleeper(), cfg.notifyBackoff).send(n, report.toJson());
      report = report.withNotification(sent);
    }
    finalState = state;
    log(report);
    for (JobListener l : cfg.listeners) {
      try {
        l.jobFinished(report);
      } catch (RuntimeException e) {
        LOG.warn(
            "job {}: listener {} failed on jobFinished: {}", s.jobId(), l.getClass().getName(), e.toString());
      }
    }
    return report;
  }

  private void log(JobReport r) {
    if (r.state() == JobState.COMPLETE) {
      LOG.info(
          "keyrotate job {} complete: {} versions, {} changed, {} skipped, {} not selected, in {}",
          s.jobId(),
          r.versions(),
          r.objectsChanged(),
          r.objectsSkipped(),
          r.objectsNotSelected(),
          r.duration());
    } else {
      LOG.info(
          "keyrotate job {} {}: {} versions, {} changed, {} failed{}",
          s.jobId(),
          r.state().wireName(),
          r.versions(),
          r.objectsChanged(),
          r.objectsFailed(),
          r.abortReason() == null ? "" : " (" + r.abortReason() + ")");
    }
  }

  /** Saves a checkpoint of the contiguous finished prefix; never in a dry run. */
  private void save(JobCheckpoint.Status status) {
    if (cfg.dryRun || cfg.checkpoints == null) {
      return;
    }
    try {
      ProgressTracker.Snapshot snap = tracker.snapshot();
      if (lines != null && !linesClosed) {
        lines.sync(); // every outcome the checkpoint covers is on disk first
      }
      Counters c = new Counters(snap.prefix());
      c.set(Counters.KMS_CALLS, baseKmsCalls + s.kms().calls());
      Instant now = cfg.clock.instant();
      cfg.checkpoints.save(
          new JobCheckpoint(
              s.checkpointId(),
              s.definitionHash(),
              snap.marker(),
              c.toMap(),
              status,
              jobStarted,
              now.isBefore(jobStarted) ? jobStarted : now));
    } catch (KeyRotateException e) {
      warn("saving the checkpoint failed: " + e.getMessage());
    }
  }
}
