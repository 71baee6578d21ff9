package io.keyrotate.runner;

import io.keyrotate.JobDefinitionException;
import io.keyrotate.KeyRotateException;
import io.keyrotate.KmsException;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.Retry;
import io.keyrotate.policy.RotationPolicy;
import io.keyrotate.spi.CheckpointStore;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.InternalDataStore;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.ObjectStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Runs keyrotate jobs against one object store and one KMS.
 *
 * <pre>{@code
 * KeyRotation rotation = KeyRotation.builder().store(store).kms(kms).checkpoints(checkpoints).build();
 * JobHandle handle = rotation.start(job);
 * JobReport report = handle.await();
 * }</pre>
 *
 * <p>{@link #start} validates once, before any object is touched, and throws on a bad setup: the target
 * key must be the KMS default key when {@code encryption.key} is given, the KMS must generate a data key
 * under it (one probe per job, not per object), and the bucket must be listable. The job then runs on its
 * own threads: one lister feeding a bounded queue, {@link Builder#workers(int) N} workers. See {@link
 * JobHandle} for control and {@link JobReport} for the result.
 *
 * <p>Immutable and thread-safe; one instance may run any number of jobs, concurrently.
 */
public final class KeyRotation {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeyRotation.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  final ObjectStore store;
  final Kms kms;
  final @Nullable InternalDataStore internalData;
  final @Nullable CheckpointStore checkpoints;
  final Clock clock;
  final Ticker ticker;
  final @Nullable Sleeper sleeper;
  final int workers;
  final int queueCapacity;
  final int window;
  final int pageSize;
  final double objectsPerSecond;
  final double kmsCallsPerSecond;
  final List<JobListener> listeners;
  final Duration checkpointInterval;
  final @Nullable FailureThreshold failureThreshold;
  final boolean dryRun;
  final @Nullable Path reportFile;
  final @Nullable DataKeyReuse dataKeyReuse;
  final Shard shard;
  final int reportLimit;
  final Components components;
  final Duration notifyBackoff;

  private KeyRotation(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store is required");
    this.kms = Objects.requireNonNull(b.kms, "kms is required");
    this.internalData = b.internalData;
    this.checkpoints = b.checkpoints;
    this.clock = b.clock;
    this.ticker = b.ticker;
    this.sleeper = b.sleeper;
    this.workers = b.workers;
    this.queueCapacity = b.queueCapacity > 0 ? b.queueCapacity : Math.max(64, 16 * b.workers);
    this.window = Math.max(b.window, this.queueCapacity + b.workers + 1);
    this.pageSize = b.pageSize;
    this.objectsPerSecond = b.objectsPerSecond;
    this.kmsCallsPerSecond = b.kmsCallsPerSecond;
    this.listeners = List.copyOf(b.listeners);
    this.checkpointInterval = b.checkpointInterval;
    this.failureThreshold = b.failureThreshold;
    this.dryRun = b.dryRun;
    this.reportFile = b.reportFile;
    this.dataKeyReuse = b.dataKeyReuse;
    this.shard = b.shard;
    this.reportLimit = b.reportLimit;
    Components c = b.components;
    this.components = c != null ? c : ProductionComponents.INSTANCE;
    this.notifyBackoff = b.notifyBackoff;
  }

  /**
   * Starts configuring a runner.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The digest a checkpoint records to refuse a resume with a changed job: hex SHA-256 of a canonical
   * rendering of every field of the job, with the notify token entering only as its own SHA-256.
   *
   * @param job the job
   * @return 64 lower-case hex digits
   */
  public static String definitionHash(KeyRotateJob job) {
    return DefinitionHash.of(job);
  }

  /**
   * Starts a job under a new, unique job id.
   *
   * @param job the job
   * @return the running job
   * @throws JobDefinitionException when {@code encryption.key} is not the KMS default key
   * @throws KmsException when the KMS cannot tell its default key or cannot generate a data key under
   *     the target key
   * @throws io.keyrotate.ObjectStoreException when the bucket cannot be listed
   */
  public JobHandle start(KeyRotateJob job) {
    return start(job, newJobId());
  }

  /**
   * Starts a job under a chosen job id, e.g. the same id on every node of a sharded job.
   *
   * @param job the job
   * @param jobId the id: 1..200 characters, no control characters
   * @return the running job
   * @throws IllegalStateException when a checkpoint for this id (and shard) exists: use {@link #resume}
   * @throws JobDefinitionException when {@code encryption.key} is not the KMS default key
   * @throws KmsException when the target key cannot be used
   * @throws io.keyrotate.ObjectStoreException when the bucket cannot be listed
   */
  public JobHandle start(KeyRotateJob job, String jobId) {
    checkId(jobId);
    String cpId = jobId + shard.checkpointSuffix();
    if (checkpoints != null && !dryRun && checkpoints.load(cpId) != null) {
      throw new IllegalStateException(
          "job " + jobId + " already has a checkpoint; resume it instead of starting it again");
    }
    return launch(job, jobId, null);
  }

  /**
   * Resumes a job from its checkpoint after a crash, a pause or a failed run: versions up to the
   * checkpoint are not visited again; every version after it (including any that was in flight or failed)
   * is. Counters continue from the checkpoint.
   *
   * @param jobId the id of the job to resume
   * @param job the job definition, which must be the one the job was started with
   * @return the running job
   * @throws IllegalStateException when no checkpoint store is configured, the job has no checkpoint, or it
   *     already completed or was canceled
   * @throws JobDefinitionException when the definition differs from the checkpoint's
   * @throws KmsException when the target key cannot be used
   */
  public JobHandle resume(String jobId, KeyRotateJob job) {
    checkId(jobId);
    if (checkpoints == null) {
      throw new IllegalStateException("resume needs a checkpoint store (Builder.checkpoints)");
    }
    String cpId = jobId + shard.checkpointSuffix();
    JobCheckpoint cp = checkpoints.load(cpId);
    if (cp == null) {
      throw new IllegalStateException("job " + cpId + " has no checkpoint to resume from");
    }
    String hash = definitionHash(job);
    if (!cp.definitionHash().equals(hash)) {
      throw new JobDefinitionException(
          "keyrotate",
          "differs from the definition job " + jobId + " was started with (definition hash "
              + hash.substring(0, 12) + "… instead of " + cp.definitionHash().substring(
                  0, Math.min(12, cp.definitionHash().length()))
              + "…); resume it with the same job definition, or start a new job");
    }
    if (cp.status() == JobCheckpoint.Status.COMPLETE || cp.status() == JobCheckpoint.Status.CANCELED) {
      throw new IllegalStateException(
          "job " + cpId + " is " + cp.status().name().toLowerCase(Locale.ROOT) + " and cannot be resumed");
    }
    return launch(job, jobId, cp);
  }

  private JobHandle launch(KeyRotateJob job, String jobId, @Nullable JobCheckpoint base) {
    Control control = new Control();
    Sleeper sleep = sleeper != null ? sleeper : control::sleep;
    RateLimiter kmsLimiter =
        kmsCallsPerSecond > 0 ? new RateLimiter(kmsCallsPerSecond, ticker, sleep) : null;
    MeteredKms metered = new MeteredKms(kms, kmsLimiter);
    String target = RotationPolicy.targetKeyId(job, metered.defaultKeyId());
    // Start-up calls retry transient failures like every later call (the job's retry section).
    retrying(job.retry(), sleep, () -> probe(metered, target, jobId));
    // The bucket must exist before anything else happens; this also surfaces credentials problems.
    retrying(job.retry(), sleep, () -> store.list(new ListRequest(job.bucket(), "", null, 1)));
    Components.Setup setup =
        new Components.Setup(job, target, store, metered, dataKeyReuse, ticker);
    JobRun run =
        new JobRun(
            this,
            new JobRun.Setup(
                jobId,
                jobId + shard.checkpointSuffix(),
                job,
                definitionHash(job),
                target,
                metered,
                control,
                sleep,
                base,
                components.decider(setup),
                components.rotator(setup),
                internalData == null ? null : components.internal(setup, internalData)));
    LOG.info(
        "keyrotate job {} {}: bucket {}, prefixes {}, target key {}, {} workers{}{}",
        jobId,
        base == null ? "started" : "resumed after " + (base.doneThrough() == null
            ? "nothing" : base.doneThrough().describe()),
        job.bucket(),
        job.prefixes(),
        target,
        workers,
        dryRun ? ", dry run" : "",
        shard.count() > 1 ? ", shard " + shard.index() + " of " + shard.count() : "");
    run.start();
    return run;
  }

  private static void retrying(Retry retry, Sleeper sleep, Runnable call) {
    for (int tries = 1; ; tries++) {
      try {
        call.run();
        return;
      } catch (KeyRotateException e) {
        if (!e.isRetryable() || tries >= retry.attempts()) {
          throw e;
        }
        long delay = retry.delay().toNanos();
        sleep.sleep(delay + (long) (delay * ThreadLocalRandom.current().nextDouble()));
      }
    }
  }

  private static void probe(Kms kms, String target, String jobId) {
    try (DataKey k = kms.generateKey(new GenerateKeyRequest(target, Map.of("keyrotate-probe", jobId)))) {
      Objects.requireNonNull(k.keyId());
    } catch (KeyRotateException e) {
      throw new KmsException(
          "the KMS cannot generate a data key under the target key '" + target + "': " + e.getMessage(),
          e,
          e.isRetryable());
    }
  }

  private static void checkId(String jobId) {
    JobCheckpoint.checkJobId(jobId);
    if (jobId.length() > 200) {
      throw new IllegalArgumentException("job id must have at most 200 characters");
    }
  }

  private String newJobId() {
    byte[] r = new byte[8];
    RANDOM.nextBytes(r);
    return "kr-" + ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(r);
  }

  /**
   * Configures a {@link KeyRotation}. Required: {@link #store} and {@link #kms}. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable ObjectStore store;
    private @Nullable Kms kms;
    private @Nullable InternalDataStore internalData;
    private @Nullable CheckpointStore checkpoints;
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.SYSTEM;
    private @Nullable Sleeper sleeper;
    private int workers = Runtime.getRuntime().availableProcessors();
    private int queueCapacity;
    private int window = 8192;
    private int pageSize = ListRequest.DEFAULT_MAX_RESULTS;
    private double objectsPerSecond;
    private double kmsCallsPerSecond;
    private final List<JobListener> listeners = new ArrayList<>();
    private Duration checkpointInterval = Duration.ofSeconds(5);
    private @Nullable FailureThreshold failureThreshold;
    private boolean dryRun;
    private @Nullable Path reportFile;
    private @Nullable DataKeyReuse dataKeyReuse;
    private Shard shard = Shard.all();
    private int reportLimit = 10_000;
    private @Nullable Components components;
    private Duration notifyBackoff = Duration.ofSeconds(1);

    private Builder() {}

    /**
     * The object store to rotate. Required.
     *
     * @param s the store
     * @return this builder
     */
    public Builder store(ObjectStore s) {
      this.store = Objects.requireNonNull(s);
      return this;
    }

    /**
     * The KMS. Required.
     *
     * @param k the KMS
     * @return this builder
     */
    public Builder kms(Kms k) {
      this.kms = Objects.requireNonNull(k);
      return this;
    }

    /**
     * The server's internal data, re-encrypted under the default key at the end of every job (on shard 0
     * of a sharded job). Optional; without it internal data is not touched.
     *
     * @param s the internal-data store, or {@code null}
     * @return this builder
     */
    public Builder internalData(@Nullable InternalDataStore s) {
      this.internalData = s;
      return this;
    }

    /**
     * Where checkpoints go. Optional; without it a job cannot be resumed.
     *
     * @param s the checkpoint store, or {@code null}
     * @return this builder
     */
    public Builder checkpoints(@Nullable CheckpointStore s) {
      this.checkpoints = s;
      return this;
    }

    /**
     * The clock for decisions (ages, locks) and report times. Default: system UTC.
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    /**
     * The number of worker threads. Default: the number of available processors.
     *
     * @param n 1 to 1024
     * @return this builder
     */
    public Builder workers(int n) {
      if (n < 1 || n > 1024) {
        throw new IllegalArgumentException("workers must be 1..1024, got " + n);
      }
      this.workers = n;
      return this;
    }

    /**
     * The capacity of the queue between the lister and the workers. Default: {@code max(64, 16 ×
     * workers)}. Memory use is independent of the bucket size.
     *
     * @param n 1 to 1,000,000
     * @return this builder
     */
    public Builder queueCapacity(int n) {
      if (n < 1 || n > 1_000_000) {
        throw new IllegalArgumentException("queueCapacity must be 1..1000000, got " + n);
      }
      this.queueCapacity = n;
      return this;
    }

    /**
     * How far (in versions) the lister may run ahead of the checkpoint, e.g. while one slow version is in
     * flight; bounds the memory of out-of-order completions. Default 8192; at least the queue capacity
     * plus the workers.
     *
     * @param n 1 to 10,000,000
     * @return this builder
     */
    public Builder checkpointWindow(int n) {
      if (n < 1 || n > 10_000_000) {
        throw new IllegalArgumentException("checkpointWindow must be 1..10000000, got " + n);
      }
      this.window = n;
      return this;
    }

    /**
     * The listing page size. Default {@value ListRequest#DEFAULT_MAX_RESULTS}.
     *
     * @param n 1 to {@value ListRequest#MAX_RESULTS}
     * @return this builder
     */
    public Builder pageSize(int n) {
      if (n < 1 || n > ListRequest.MAX_RESULTS) {
        throw new IllegalArgumentException("pageSize must be 1.." + ListRequest.MAX_RESULTS + ", got " + n);
      }
      this.pageSize = n;
      return this;
    }

    /**
     * Limits the versions changed per second, shared by all workers (skipped and unselected versions cost
     * no write and are not limited). Default: unlimited.
     *
     * @param rate a positive rate, or 0 for no limit
     * @return this builder
     */
    public Builder objectsPerSecond(double rate) {
      this.objectsPerSecond = rate(rate, "objectsPerSecond");
      return this;
    }

    /**
     * Limits the KMS calls per second, shared by all workers. Default: unlimited.
     *
     * @param rate a positive rate, or 0 for no limit
     * @return this builder
     */
    public Builder kmsCallsPerSecond(double rate) {
      this.kmsCallsPerSecond = rate(rate, "kmsCallsPerSecond");
      return this;
    }

    private static double rate(double r, String name) {
      if (!(r >= 0) || Double.isInfinite(r)) {
        throw new IllegalArgumentException(name + " must be a finite rate >= 0, got " + r);
      }
      return r;
    }

    /**
     * Adds a listener for per-object outcomes and progress ({@link Slf4jJobListener} writes the audit
     * trail to slf4j).
     *
     * @param l the listener
     * @return this builder
     */
    public Builder listener(JobListener l) {
      listeners.add(Objects.requireNonNull(l));
      return this;
    }

    /**
     * How often the checkpoint is saved (and listeners get progress). Default 5 s. A checkpoint is also
     * saved at the end and when a pause takes effect.
     *
     * @param d at least 10 ms
     * @return this builder
     */
    public Builder checkpointInterval(Duration d) {
      if (d.toMillis() < 10) {
        throw new IllegalArgumentException("checkpointInterval must be at least 10ms, got " + d);
      }
      this.checkpointInterval = d;
      return this;
    }

    /**
     * Aborts a job early when too many versions fail. Default: none.
     *
     * @param t the threshold, or {@code null}
     * @return this builder
     */
    public Builder failureThreshold(@Nullable FailureThreshold t) {
      this.failureThreshold = t;
      return this;
    }

    /**
     * A dry run writes nothing (no object, no internal data, no checkpoint, no webhook) and reports per
     * version what a run would do: would change, already current, would skip, or would fail (checked by
     * reading: the KMS must decrypt the stored data key and the sealed key must authenticate). Default:
     * off.
     *
     * @param on whether to dry-run
     * @return this builder
     */
    public Builder dryRun(boolean on) {
      this.dryRun = on;
      return this;
    }

    /**
     * Writes one JSON line per visited version to this file ({@link ObjectOutcome#toJson()}); truncated
     * by {@link KeyRotation#start}, appended to by {@link KeyRotation#resume}. Default: none.
     *
     * @param path the file, or {@code null}
     * @return this builder
     */
    public Builder reportFile(@Nullable Path path) {
      this.reportFile = path;
      return this;
    }

    /**
     * Reuses one KMS data key for several objects. Default: off (one data key per object).
     *
     * @param reuse the limits, or {@code null} for off
     * @return this builder
     */
    public Builder dataKeyReuse(@Nullable DataKeyReuse reuse) {
      this.dataKeyReuse = reuse;
      return this;
    }

    /**
     * Runs only shard {@code index} of {@code count} of each job (see {@link Shard}), with its own
     * checkpoint. Default: the whole job.
     *
     * @param index this shard
     * @param count the number of shards
     * @return this builder
     */
    public Builder shard(int index, int count) {
      this.shard = new Shard(index, count);
      return this;
    }

    /**
     * The most per-object entries a report keeps in memory ({@link JobReport#failures()}, {@link
     * JobReport#plan()}). Default 10,000.
     *
     * @param n 0 to 10,000,000
     * @return this builder
     */
    public Builder reportLimit(int n) {
      if (n < 0 || n > 10_000_000) {
        throw new IllegalArgumentException("reportLimit must be 0..10000000, got " + n);
      }
      this.reportLimit = n;
      return this;
    }

    Builder ticker(Ticker t) {
      this.ticker = t;
      return this;
    }

    Builder sleeper(Sleeper s) {
      this.sleeper = s;
      return this;
    }

    Builder components(Components c) {
      this.components = c;
      return this;
    }

    Builder notifyBackoff(Duration d) {
      this.notifyBackoff = d;
      return this;
    }

    /**
     * Builds the runner.
     *
     * @return the runner
     * @throws NullPointerException when the store or the KMS is missing
     */
    public KeyRotation build() {
      return new KeyRotation(this);
    }
  }
}
