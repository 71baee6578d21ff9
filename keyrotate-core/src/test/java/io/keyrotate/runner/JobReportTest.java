package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class JobReportTest {
  private static JobReport report(Shard shard, JobState state, Map<String, Long> counters) {
    return new JobReport("job", shard, state, false, "key", "ab12", Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2026-01-01T00:00:10Z"), counters, List.of(), List.of(), false,
        InternalDataReport.notAttempted(), null, null, null, List.of());
  }

  @Test
  void counts_derivedFromCounters() {
    Counters c = new Counters();
    c.add(ProgressTrackerTest.done("a"));
    c.add(ProgressTrackerTest.failed("b"));
    c.add(new ObjectOutcome("b", "c", null, ObjectOutcome.Action.NOT_SELECTED, "kmskey",
        ObjectOutcome.Result.DONE, "", 7, 0));
    JobReport r = report(Shard.all(), JobState.FAILED, c.toMap());
    assertEquals(3, r.versions());
    assertEquals(1, r.objectsChanged());
    assertEquals(1, r.objectsFailed());
    assertEquals(1, r.objectsNotSelected());
    assertEquals(10, r.bytes());
    assertEquals(10, r.bytesFailed());
    assertEquals(Map.of("FAIL/KMS_ERROR", 1L, "NOT_SELECTED/kmskey", 1L, "REWRAP/OTHER_KEY", 1L),
        r.countsByReason());
    assertEquals(0.3, r.objectsPerSecond(), 1e-9);
  }

  @Test
  void toJson_summary_hasTheWebhookFields() {
    Counters c = new Counters();
    c.add(ProgressTrackerTest.done("a"));
    Map<String, @Nullable Object> m = FlatJson.parse(report(Shard.all(), JobState.COMPLETE, c.toMap()).toJson());
    assertEquals("job", m.get("jobId"));
    assertEquals("keyrotate", m.get("jobType"));
    assertEquals("2026-01-01T00:00:00Z", m.get("startTime"));
    assertEquals("2026-01-01T00:00:10Z", m.get("endTime"));
    assertEquals("complete", m.get("status"));
    assertEquals(true, m.get("complete"));
    assertEquals(false, m.get("failed"));
    assertEquals(1L, m.get("objects"));
    assertEquals(0L, m.get("objectsFailed"));
    assertEquals(0L, m.get("objectsSkipped"));
    assertEquals(10L, m.get("bytesTransferred"));
  }

  @Test
  void merge_stateFollowsTheWorstShard() {
    JobReport a = report(new Shard(0, 2), JobState.COMPLETE, Map.of("versions", 2L));
    JobReport b = report(new Shard(1, 2), JobState.FAILED, Map.of("versions", 3L));
    JobReport m = JobReport.merge(List.of(a, b));
    assertEquals(JobState.FAILED, m.state());
    assertEquals(5, m.versions());
    JobReport c = report(new Shard(1, 2), JobState.CANCELED, Map.of());
    assertEquals(JobState.CANCELED, JobReport.merge(List.of(a, c)).state());
  }

  @Test
  void merge_differentJobs_rejected() {
    JobReport a = report(new Shard(0, 2), JobState.COMPLETE, Map.of());
    JobReport other = new JobReport("other", new Shard(1, 2), JobState.COMPLETE, false, "key", "ab12",
        Instant.EPOCH, Instant.EPOCH, Map.of(), List.of(), List.of(), false,
        InternalDataReport.notAttempted(), null, null, null, List.of());
    assertThrows(IllegalArgumentException.class, () -> JobReport.merge(List.of(a, other)));
    assertThrows(IllegalArgumentException.class, () -> JobReport.merge(List.of()));
  }

  @Test
  void constructor_runningState_rejected() {
    assertThrows(IllegalArgumentException.class,
        () -> report(Shard.all(), JobState.RUNNING, Map.of()));
  }
}
