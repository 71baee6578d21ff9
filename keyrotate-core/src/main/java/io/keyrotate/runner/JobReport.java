package io.keyrotate.runner;

import io.keyrotate.spi.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The final report of a job run (or, {@linkplain #merge merged}, of all shards of a job): counts by action
 * and reason, objects and bytes, KMS calls, timing and throughput, the failed versions with their
 * reasons, what happened to internal data and to the completion webhook.
 *
 * <p>Counts cover the whole job: a resumed run adds its work to what its checkpoint carried over. Rates
 * are for this run only. The in-memory lists ({@link #failures()}, {@link #plan()}) are bounded by the
 * runner's report limit; the counts are always exact, and the JSON-lines report has every version.
 *
 * <p>Immutable and thread-safe. Contains no secret.
 */
public final class JobReport {
  private final String jobId;
  private final Shard shard;
  private final JobState state;
  private final boolean dryRun;
  private final String targetKeyId;
  private final String definitionHash;
  private final Instant startTime;
  private final Instant endTime;
  private final Counters counters;
  private final List<ObjectOutcome> failures;
  private final List<ObjectOutcome> plan;
  private final boolean truncated;
  private final InternalDataReport internalData;
  private final @Nullable NotificationResult notification;
  private final @Nullable String abortReason;
  private final @Nullable ObjectRef checkpoint;
  private final List<String> warnings;

  JobReport(
      String jobId,
      Shard shard,
      JobState state,
      boolean dryRun,
      String targetKeyId,
      String definitionHash,
      Instant startTime,
      Instant endTime,
      Map<String, Long> counters,
      List<ObjectOutcome> failures,
      List<ObjectOutcome> plan,
      boolean truncated,
      InternalDataReport internalData,
      @Nullable NotificationResult notification,
      @Nullable String abortReason,
      @Nullable ObjectRef checkpoint,
      List<String> warnings) {
    if (!state.isTerminal()) {
      throw new IllegalArgumentException("a report is made for a finished job, not " + state);
    }
    this.jobId = jobId;
    this.shard = shard;
    this.state = state;
    this.dryRun = dryRun;
    this.targetKeyId = targetKeyId;
    this.definitionHash = definitionHash;
    this.startTime = startTime;
    this.endTime = endTime.isBefore(startTime) ? startTime : endTime;
    this.counters = new Counters(counters);
    this.failures = List.copyOf(failures);
    this.plan = List.copyOf(plan);
    this.truncated = truncated;
    this.internalData = internalData;
    this.notification = notification;
    this.abortReason = abortReason;
    this.checkpoint = checkpoint;
    this.warnings = List.copyOf(warnings);
  }

  JobReport withNotification(NotificationResult n) {
    return new JobReport(
        jobId, shard, state, dryRun, targetKeyId, definitionHash, startTime, endTime,
        counters.toMap(), failures, plan, truncated, internalData, n, abortReason, checkpoint, warnings);
  }

  /**
   * Merges the reports of all {@code n} shards of one job into one job report.
   *
   * @param shards one report per shard {@code 0..n-1}, in any order
   * @return the job's report: counts and lists summed, the earliest start and latest end, {@code
   *     canceled} if any shard was canceled, else {@code failed} if any failed, else {@code complete}
   * @throws IllegalArgumentException when the reports are of different jobs or definitions, or the shards
   *     are not exactly {@code 0..n-1} of the same {@code n}
   */
  public static JobReport merge(List<JobReport> shards) {
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("no reports to merge");
    }
    JobReport first = shards.get(0);
    int n = first.shard.count();
    BitSet seen = new BitSet(n);
    Counters sum = new Counters();
    List<ObjectOutcome> failures = new ArrayList<>();
    List<ObjectOutcome> plan = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> aborts = new ArrayList<>();
    InternalDataReport internal = InternalDataReport.notAttempted();
    boolean truncated = false;
    boolean anyCanceled = false;
    boolean anyFailed = false;
    Instant start = first.startTime;
    Instant end = first.endTime;
    for (JobReport r : shards) {
      if (!r.jobId.equals(first.jobId) || !r.definitionHash.equals(first.definitionHash)) {
        throw new IllegalArgumentException(
            "reports of different jobs or definitions cannot be merged: " + first.jobId + " and " + r.jobId);
      }
      if (r.shard.count() != n || seen.get(r.shard.index())) {
        throw new IllegalArgumentException(
            "shard " + r.shard.index() + " of " + r.shard.count() + " is repeated or not of " + n);
      }
      if (r.dryRun != first.dryRun) {
        throw new IllegalArgumentException("a dry run cannot be merged with a run");
      }
      seen.set(r.shard.index());
      sum.addAll(r.counters.toMap());
      failures.addAll(r.failures);
      plan.addAll(r.plan);
      truncated |= r.truncated;
      internal = internal.plus(r.internalData);
      for (String w : r.warnings) {
        warnings.add("shard " + r.shard.index() + ": " + w);
      }
      if (r.abortReason != null) {
        aborts.add("shard " + r.shard.index() + ": " + r.abortReason);
      }
      anyCanceled |= r.state == JobState.CANCELED;
      anyFailed |= r.state == JobState.FAILED;
      start = r.startTime.isBefore(start) ? r.startTime : start;
      end = r.endTime.isAfter(end) ? r.endTime : end;
    }
    if (seen.cardinality() != n) {
      throw new IllegalArgumentException(
          "only " + seen.cardinality() + " of " + n + " shard reports were given");
    }
    JobState state =
        anyCanceled ? JobState.CANCELED : anyFailed ? JobState.FAILED : JobState.COMPLETE;
    return new JobReport(
        first.jobId, Shard.all(), state, first.dryRun, first.targetKeyId, first.definitionHash, start,
        end, sum.toMap(), failures, plan, truncated, internal, null,
        aborts.isEmpty() ? null : String.join("; ", aborts), null, warnings);
  }

  /**
   * The job id.
   *
   * @return the id, the same across resumes and shards
   */
  public String jobId() {
    return jobId;
  }

  /**
   * The shard this report covers.
   *
   * @return the shard; {@link Shard#all()} for an unsharded job or a merged report
   */
  public Shard shard() {
    return shard;
  }

  /**
   * How the run ended.
   *
   * @return complete, failed or canceled
   */
  public JobState state() {
    return state;
  }

  /**
   * Whether this was a dry run (nothing written).
   *
   * @return {@code true} for a dry run
   */
  public boolean dryRun() {
    return dryRun;
  }

  /**
   * The KMS key every selected version was (or would be) put under.
   *
   * @return the key id
   */
  public String targetKeyId() {
    return targetKeyId;
  }

  /**
   * The digest of the job definition (see {@link KeyRotation#definitionHash}).
   *
   * @return lower-case hex SHA-256
   */
  public String definitionHash() {
    return definitionHash;
  }

  /**
   * When this run started.
   *
   * @return the start
   */
  public Instant startTime() {
    return startTime;
  }

  /**
   * When this run ended.
   *
   * @return the end
   */
  public Instant endTime() {
    return endTime;
  }

  /**
   * This run's duration.
   *
   * @return end minus start
   */
  public Duration duration() {
    return Duration.between(startTime, endTime);
  }

  /**
   * Versions visited, by final action.
   *
   * @return a map with every action, zero counts included
   */
  public Map<ObjectOutcome.Action, Long> countsByAction() {
    return counters.byAction();
  }

  /**
   * Versions visited, by action and reason code.
   *
   * @return counts keyed {@code ACTION/REASON}, e.g. {@code SKIP/LOCKED} or {@code NOT_SELECTED/kmskey}
   */
  public Map<String, Long> countsByReason() {
    return counters.byReason();
  }

  /**
   * All counters by name (the form a checkpoint stores).
   *
   * @return the counters, sorted by name
   */
  public Map<String, Long> counters() {
    return counters.toMap();
  }

  /**
   * Versions visited by the listing.
   *
   * @return the count
   */
  public long versions() {
    return counters.get(Counters.VERSIONS);
  }

  /**
   * Versions encrypted, converted or rewrapped (in a dry run: that would be).
   *
   * @return the count
   */
  public long objectsChanged() {
    return counters.changed();
  }

  /**
   * Versions skipped by rule (locked, SSE-C, already current, delete markers, vanished).
   *
   * @return the count
   */
  public long objectsSkipped() {
    return counters.action(ObjectOutcome.Action.SKIP);
  }

  /**
   * Versions rejected by the job's filters.
   *
   * @return the count
   */
  public long objectsNotSelected() {
    return counters.action(ObjectOutcome.Action.NOT_SELECTED);
  }

  /**
   * Versions that failed (in a dry run: that would fail).
   *
   * @return the count
   */
  public long objectsFailed() {
    return counters.action(ObjectOutcome.Action.FAIL);
  }

  /**
   * Stored bytes of the changed versions.
   *
   * @return the byte count
   */
  public long bytes() {
    return counters.get(Counters.BYTES);
  }

  /**
   * Stored bytes of the failed versions.
   *
   * @return the byte count
   */
  public long bytesFailed() {
    return counters.get(Counters.BYTES_FAILED);
  }

  /**
   * KMS calls made, including the start-time probe and calls of work a resume repeated.
   *
   * @return the count
   */
  public long kmsCalls() {
    return counters.get(Counters.KMS_CALLS);
  }

  /**
   * Versions finished per second in this run.
   *
   * @return the rate, 0 for an empty run
   */
  public double objectsPerSecond() {
    return rate(versions());
  }

  /**
   * Changed bytes per second in this run.
   *
   * @return the rate
   */
  public double bytesPerSecond() {
    return rate(bytes());
  }

  private double rate(long n) {
    long nanos = duration().toNanos();
    return nanos <= 0 ? 0 : n * 1e9 / nanos;
  }

  /**
   * The failed versions, each with bucket, key, version id, reason code and detail.
   *
   * @return up to the report limit; {@link #listsTruncated()} says whether some were left out
   */
  public List<ObjectOutcome> failures() {
    return failures;
  }

  /**
   * In a dry run, what would happen to each visited version; empty for a run.
   *
   * @return up to the report limit; {@link #listsTruncated()} says whether some were left out
   */
  public List<ObjectOutcome> plan() {
    return plan;
  }

  /**
   * Whether {@link #failures()} or {@link #plan()} reached the report limit.
   *
   * @return {@code true} when entries were left out (the counts and the JSON-lines file are complete)
   */
  public boolean listsTruncated() {
    return truncated;
  }

  /**
   * What happened to the server's internal data.
   *
   * @return the internal-data counts
   */
  public InternalDataReport internalData() {
    return internalData;
  }

  /**
   * How the completion webhook went.
   *
   * @return the result, or {@code null} when no endpoint is configured, for a dry run, or for a merged
   *     report
   */
  public @Nullable NotificationResult notification() {
    return notification;
  }

  /**
   * Why the job stopped early (listing failure, failure threshold), if it did.
   *
   * @return the reason, or {@code null}
   */
  public @Nullable String abortReason() {
    return abortReason;
  }

  /**
   * The final checkpoint position: every version up to it is finished.
   *
   * @return the position, or {@code null} when nothing finished or for a merged report
   */
  public @Nullable ObjectRef checkpoint() {
    return checkpoint;
  }

  /**
   * Problems that did not change the job's outcome: listener exceptions, checkpoint saves that failed.
   *
   * @return the messages
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * The summary as JSON, the body of the completion webhook: {@code jobId}, {@code jobType} ({@code
   * keyrotate}), {@code startTime}, {@code endTime} (RFC 3339), {@code status} ({@code complete}, {@code
   * failed} or {@code canceled}), {@code complete}, {@code failed}, {@code dryRun}, {@code objects}
   * (changed versions), {@code objectsFailed}, {@code objectsSkipped}, {@code objectsNotSelected}, {@code
   * versions}, {@code bytesTransferred}, {@code bytesFailed}, {@code kmsCalls}, {@code attempts}, {@code
   * durationMillis}, {@code objectsPerSecond}, {@code bytesPerSecond}, {@code targetKeyId}, {@code shard},
   * {@code shards}, {@code byAction}, {@code byReason}, {@code internalData} and, when set, {@code
   * abortReason}. No per-object entries; no secret.
   *
   * @return one line of JSON
   */
  public String toJson() {
    Json j =
        new Json()
            .beginObject()
            .field("jobId", jobId)
            .field("jobType", "keyrotate")
            .field("startTime", startTime.toString())
            .field("endTime", endTime.toString())
            .field("status", state.wireName())
            .field("complete", state == JobState.COMPLETE)
            .field("failed", state == JobState.FAILED)
            .field("dryRun", dryRun)
            .field("objects", objectsChanged())
            .field("objectsFailed", objectsFailed())
            .field("objectsSkipped", objectsSkipped())
            .field("objectsNotSelected", objectsNotSelected())
            .field("versions", versions())
            .field("bytesTransferred", bytes())
            .field("bytesFailed", bytesFailed())
            .field("kmsCalls", kmsCalls())
            .field("attempts", counters.get(Counters.ATTEMPTS))
            .field("durationMillis", duration().toMillis())
            .field("objectsPerSecond", objectsPerSecond())
            .field("bytesPerSecond", bytesPerSecond())
            .field("targetKeyId", targetKeyId)
            .field("shard", shard.index())
            .field("shards", shard.count());
    Map<String, Long> byAction = new java.util.LinkedHashMap<>();
    countsByAction().forEach((a, n) -> byAction.put(a.name(), n));
    j.field("byAction", byAction).field("byReason", countsByReason());
    j.name("internalData")
        .beginObject()
        .field("attempted", internalData.attempted())
        .field("rotated", internalData.rotated())
        .field("skipped", internalData.skipped())
        .field("failed", internalData.failed())
        .endObject();
    if (abortReason != null) {
      j.field("abortReason", abortReason);
    }
    return j.endObject().toString();
  }

  @Override
  public String toString() {
    return "JobReport" + toJson();
  }
}
