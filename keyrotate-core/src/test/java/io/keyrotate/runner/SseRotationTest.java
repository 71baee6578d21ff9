package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.EncryptionState;
import io.keyrotate.JobDefinitionException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.job.Encryption;
import io.keyrotate.job.Filter;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.spi.ReplaceEncryptionRequest;
import io.keyrotate.sse.SseSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production rotator end to end: each example of the product document and each filter, against a
 * real {@link io.keyrotate.store.fs.FileObjectStore} and {@link io.keyrotate.kms.local.LocalKms}.
 */
@Timeout(120)
class SseRotationTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static KeyRotateJob.Builder job() {
    return KeyRotateJob.builder().bucket(SseWorld.BUCKET);
  }

  private static JobReport run(SseWorld w, KeyRotateJob job) throws Exception {
    return w.rotation().build().start(job).await(WAIT);
  }

  @Test
  void example_encryptPlaintextOnly_encryptsPlaintextAndLeavesTheRest(@TempDir Path dir)
      throws Exception {
    try (SseWorld w = new SseWorld(dir, 1).populate()) {
      SseWorld.Snapshot before = w.snapshot();
      Set<String> changed =
          w.select(v -> v.encryption() instanceof EncryptionState.Plaintext && SseWorld.rotatable(v));
      JobReport r = run(w, job().filter(Filter.builder().plaintextOnly(true).build()).build());
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      assertEquals(changed.size(), r.objectsChanged());
      assertEquals(changed.size(), r.countsByAction().get(ObjectOutcome.Action.ENCRYPT));
      w.assertAfter(before, changed, Map.of());
      assertTrue(changed.stream().anyMatch(d -> d.contains("plain-multi")), "multipart covered");
      assertTrue(changed.stream().anyMatch(d -> d.contains("docs/empty")), "empty object covered");
    }
  }

  @Test
  void example_rotateOneKmsKey_rewrapsOnlyThatKey(@TempDir Path dir) throws Exception {
    try (SseWorld w = new SseWorld(dir, 2).populate()) {
      SseWorld.Snapshot before = w.snapshot();
      Set<String> changed =
          w.select(
              v -> v.encryption() instanceof EncryptionState.SseKms
                  && SseWorld.OLD.equals(((EncryptionState.SseKms) v.encryption()).keyId())
                  && SseWorld.rotatable(v));
      JobReport r =
          run(w, job().filter(Filter.builder().kmsKey("arn:aws:kms:" + SseWorld.OLD).build()).build());
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      assertEquals(changed.size(), r.countsByAction().get(ObjectOutcome.Action.REWRAP));
      assertEquals(changed.size(), r.objectsChanged());
      w.assertAfter(before, changed, Map.of());
      assertTrue(changed.stream().anyMatch(d -> d.contains("images/multi.png")), "multipart covered");
    }
  }

  @Test
  void example_encryptAndRotateAll_everyEligibleVersionEndsUnderTheDefaultKey(@TempDir Path dir)
      throws Exception {
    try (SseWorld w = new SseWorld(dir, 3).populate()) {
      SseWorld.Snapshot before = w.snapshot();
      Set<String> changed = w.select(SseWorld::rotatable);
      JobReport r = run(w, job().build());
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      w.assertAfter(before, changed, Map.of());
      Map<String, Long> reasons = r.countsByReason();
      assertEquals(1L, reasons.get("SKIP/SSE_C_UNSUPPORTED"));
      assertEquals(1L, reasons.get("SKIP/LOCKED_PLAINTEXT"));
      assertEquals(1L, reasons.get("SKIP/LOCKED"));
      assertEquals(1L, reasons.get("SKIP/ALREADY_CURRENT"));
      assertEquals(1L, reasons.get("SKIP/DELETE_MARKER"));
      assertEquals(2L, r.countsByAction().get(ObjectOutcome.Action.CONVERT), "two SSE-S3 versions");
      assertTrue(w.select(v -> v.encryption() instanceof EncryptionState.SseS3).isEmpty());
      // A second run finds nothing left to do and changes nothing.
      SseWorld.Snapshot after = w.snapshot();
      JobReport again = run(w, job().build());
      assertEquals(0, again.objectsChanged());
      w.assertAfter(after, Set.of(), Map.of());
    }
  }

  @Test
  void forceEncryptLocked_lockedEncryptedRewrapped_lockedPlaintextStillSkipped(@TempDir Path dir)
      throws Exception {
    try (SseWorld w = new SseWorld(dir, 4).populate()) {
      SseWorld.Snapshot before = w.snapshot();
      Set<String> changed =
          w.select(v -> SseWorld.rotatable(v) || (v.key().equals("locked/e.txt")));
      JobReport r = run(w, job().filter(Filter.builder().forceEncryptLocked(true).build()).build());
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      w.assertAfter(before, changed, Map.of());
      assertEquals(1L, r.countsByReason().get("SKIP/LOCKED_PLAINTEXT"));
    }
  }

  @Test
  void filter_createdAfterAndBefore_onlyVersionsInsideTheWindow(@TempDir Path dir) throws Exception {
    try (SseWorld w = new SseWorld(dir, 5).populate()) {
      Instant after = Instant.parse("2026-01-15T00:00:00Z");
      Instant beforeT = Instant.parse("2026-03-06T00:00:00Z");
      SseWorld.Snapshot before = w.snapshot();
      Set<String> changed =
          w.select(v -> SseWorld.rotatable(v) && v.modTime().isAfter(after) && v.modTime().isBefore(beforeT));
      JobReport r =
          run(w, job().filter(Filter.builder().createdAfter(after).createdBefore(beforeT).build()).build());
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      w.assertAfter(before, changed, Map.of());
      assertTrue(r.countsByReason().get("NOT_SELECTED/createdAfter") > 0);
      assertTrue(r.countsByReason().get("NOT_SELECTED/createdBefore") > 0);
    }
  }

  @Test
  void filter_olderThan_onlyOldVersions(@TempDir Path dir) throws Exception {
    try (SseWorld w = new SseWorld(dir, 6).populate()) {
      Duration age = Duration.ofDays(120); // modTime <= 2026-02-01
      SseWorld.Snapshot before = w.snapshot();
      Set<String> changed =
          w.select(v -> SseWorld.rotatable(v) && !v.modTime().isAfter(SseWorld.NOW.minus(age)));
      JobReport r = run(w, job().filter(Filter.builder().olderThan(age).build()).build());
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      assertFalse(changed.isEmpty());
      w.assertAfter(before, changed, Map.of());
    }
  }

  @Test
  void filter_tags_wildcardValueSelectsMatchingObjects(@TempDir Path dir) throws Exception {
    try (SseWorld w = new SseWorld(dir, 7).populate()) {
      SseWorld.Snapshot before = w.snapshot();
      Set<String> changed =
          w.select(v -> SseWorld.rotatable(v) && v.tags().getOrDefault("name", "").startsWith("pick")
              || SseWorld.rotatable(v) && v.tags().getOrDefault("name", "").startsWith("picn"));
      JobReport r = run(w, job().filter(Filter.builder().tag("NAME", "pic*").build()).build());
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      assertEquals(2, changed.size(), "images/cat.png and logs/a.log");
      w.assertAfter(before, changed, Map.of());
    }
  }

  @Test
  void filter_metadata_contentTypeWildcard(@TempDir Path dir) throws Exception {
    try (SseWorld w = new SseWorld(dir, 8).populate()) {
      SseWorld.Snapshot before = w.snapshot();
      Set<String> changed =
          w.select(v -> SseWorld.rotatable(v)
              && v.userMetadata().getOrDefault("content-type", "").startsWith("image/"));
      JobReport r =
          run(w, job().filter(Filter.builder().metadata("content-type", "image/*").build()).build());
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      assertEquals(3, changed.size());
      w.assertAfter(before, changed, Map.of());
    }
  }

  @Test
  void prefixes_onlyKeysUnderThem(@TempDir Path dir) throws Exception {
    try (SseWorld w = new SseWorld(dir, 9).populate()) {
      SseWorld.Snapshot before = w.snapshot();
      Set<String> changed =
          w.select(v -> SseWorld.rotatable(v) && (v.key().startsWith("logs/") || v.key().startsWith("docs/p")));
      JobReport r = run(w, job().prefixes(List.of("logs/", "docs/p")).build());
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      w.assertAfter(before, changed, Map.of());
    }
  }

  @Test
  void encryptionContext_storedWithEveryChangedObject_andObjectsStillRead(@TempDir Path dir)
      throws Exception {
    try (SseWorld w = new SseWorld(dir, 10).populate()) {
      SseWorld.Snapshot before = w.snapshot();
      // A job context differs from every stored one, so objects already under the key are rewrapped
      // too (CONTEXT_DIFFERS).
      Set<String> changed =
          w.select(v -> SseWorld.rotatable(v) || v.key().equals("current/x"));
      Map<String, String> ctx = Map.of("tenant", "t-1", "purpose", "rotation test");
      JobReport r =
          run(w, job().encryption(Encryption.of(SseWorld.NEW, ctx)).build());
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      w.assertAfter(before, changed, ctx);
      assertEquals(1L, r.countsByReason().get("REWRAP/CONTEXT_DIFFERS"));
    }
  }

  @Test
  void encryptionKey_notTheDefaultKey_refusedBeforeAnythingIsTouched(@TempDir Path dir) {
    try (SseWorld w = new SseWorld(dir, 11).populate()) {
      Map<String, String> files = w.fileDigests();
      KeyRotation rotation = w.rotation().build();
      JobDefinitionException e =
          assertThrows(
              JobDefinitionException.class,
              () -> rotation.start(job().encryption(Encryption.of(SseWorld.OLD, Map.of())).build()));
      assertTrue(e.getMessage().contains("encryption.key"), e.getMessage());
      assertEquals(files, w.fileDigests());
    }
  }

  @Test
  void kmsCalls_oneProbePerJob_thenTwoPerRewrap(@TempDir Path dir) throws Exception {
    try (SseWorld w = new SseWorld(dir, 12)) {
      for (int i = 0; i < 20; i++) {
        w.put("k" + i, SseSpec.kms(SseWorld.OLD, Map.of()), w.bytes(10), "2026-01-01T00:00:00Z");
      }
      w.kms.setDefaultKey(SseWorld.NEW);
      JobReport r = run(w, job().build());
      assertEquals(20, r.objectsChanged());
      // defaultKeyId + probe, then per object: decrypt + generate.
      assertEquals(2 + 2 * 20, r.kmsCalls());
    }
  }

  @Test
  void dataKeyReuse_fewerKmsCalls_objectsReadBack(@TempDir Path dir) throws Exception {
    try (SseWorld w = new SseWorld(dir, 13).many("m/", 60)) {
      w.kms.setDefaultKey(SseWorld.NEW);
      SseWorld.Snapshot before = w.snapshot();
      Set<String> changed = w.select(SseWorld::rotatable);
      JobReport r =
          w.rotation().dataKeyReuse(new DataKeyReuse(1000, Duration.ofMinutes(10))).build()
              .start(job().build()).await(WAIT);
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      assertEquals(60, r.objectsChanged());
      // 40 decrypts of the old data keys, 1 shared fresh key, plus defaultKeyId and the probe.
      assertEquals(2 + 40 + 1, r.kmsCalls());
      List<ObjectVersion> after = w.versions();
      for (ObjectVersion v : after) {
        assertTrue(w.underTarget(v));
        assertEquals(Map.of(SseWorld.BUCKET, SseWorld.BUCKET),
            ((EncryptionState.SseKms) v.encryption()).context());
      }
      assertEquals(before.versions().size(), after.size());
      for (ObjectVersion v : after) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(w.plaintext.get(v.describe()), w.read(v));
      }
      assertEquals(changed.size(), 60);
    }
  }

  @Test
  void dryRun_writesNothing_andPlansEveryVersion(@TempDir Path dir) throws Exception {
    try (SseWorld w = new SseWorld(dir, 14).populate()) {
      ObjectVersion tampered = tamper(w, "images/cat.png");
      long plaintexts =
          w.select(v -> v.encryption() instanceof EncryptionState.Plaintext && SseWorld.rotatable(v)).size();
      Map<String, String> files = w.fileDigests();
      JobReport r = w.rotation().dryRun(true).build().start(job().build()).await(WAIT);
      assertEquals(files, w.fileDigests(), "a dry run changes no file");
      assertTrue(r.dryRun());
      assertEquals(r.versions(), r.plan().size());
      ObjectOutcome cat =
          r.plan().stream().filter(o -> o.key().equals(tampered.key())).findFirst().orElseThrow();
      assertEquals(ObjectOutcome.Action.FAIL, cat.action());
      assertEquals(RunnerReason.INTEGRITY_ERROR.name(), cat.reason());
      assertEquals(ObjectOutcome.Result.PLANNED, cat.result());
      long encrypts = r.plan().stream().filter(o -> o.action() == ObjectOutcome.Action.ENCRYPT).count();
      assertEquals(plaintexts, encrypts);
      assertEquals(4, plaintexts, "plain-1, plain-multi, empty and b.log's plaintext version");
    }
  }

  @Test
  void tamperedSealedKey_failsWithIntegrityError_withoutRetry_andIsNotOverwritten(@TempDir Path dir)
      throws Exception {
    try (SseWorld w = new SseWorld(dir, 15).populate()) {
      ObjectVersion tampered = tamper(w, "images/cat.png");
      SseWorld.Snapshot before = w.snapshot();
      JobReport r = run(w, job().build());
      assertEquals(JobState.FAILED, r.state());
      assertEquals(1, r.objectsFailed());
      ObjectOutcome f = r.failures().get(0);
      assertEquals(tampered.key(), f.key());
      assertEquals(RunnerReason.INTEGRITY_ERROR.name(), f.reason());
      assertEquals(1, f.attempts(), "integrity failures are never retried");
      ObjectVersion now = w.store.stat(SseWorld.BUCKET, tampered.key(), tampered.versionId());
      assertNotNull(now);
      assertEquals(tampered.internalMetadata(), now.internalMetadata());
      assertEquals(before.versions().size(), w.versions().size());
    }
  }

  @Test
  void internalData_jobWithTheDefaultKey_reencryptsEveryBlobUnderIt(@TempDir Path dir)
      throws Exception {
    try (SseWorld w = new SseWorld(dir, 16)) {
      String config = "config/config.json";
      String user = "config/iam/users/alice/identity.json";
      byte[] configPlain = "{\"region\":\"eu-1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] userPlain = "{\"secretKey\":\"s3cr3t\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      for (Map.Entry<String, byte[]> e : Map.of(config, configPlain, user, userPlain).entrySet()) {
        w.store.internalData().write(io.keyrotate.spi.BlobWrite.create(e.getKey(),
            InternalDataRotatorTest.configBlob(w.kms, SseWorld.OLD,
                io.keyrotate.sse.ConfigBlob.context(e.getKey()), e.getValue())));
      }
      w.populate(); // NEW becomes the default key
      SseWorld.Snapshot before = w.snapshot();
      Set<String> changed = w.select(SseWorld::rotatable);
      JobReport r =
          w.rotation().internalData(w.store.internalData()).build().start(job().build()).await(WAIT);
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      assertTrue(r.internalData().attempted());
      assertEquals(2, r.internalData().rotated());
      assertEquals(0, r.internalData().failed());
      w.assertAfter(before, changed, Map.of());
      for (Map.Entry<String, byte[]> e : Map.of(config, configPlain, user, userPlain).entrySet()) {
        io.keyrotate.spi.Blob b = w.store.internalData().read(e.getKey());
        assertNotNull(b);
        assertEquals(SseWorld.NEW, io.keyrotate.sse.ConfigBlob.parse(b.content()).keyId(), e.getKey());
        org.junit.jupiter.api.Assertions.assertArrayEquals(
            e.getValue(), InternalDataRotatorTest.openConfig(w.kms, b.content(), e.getKey()));
      }
      // A dry run of the same job (everything is current now) plans nothing for internal data.
      JobReport dry =
          w.rotation().internalData(w.store.internalData()).dryRun(true).build().start(job().build())
              .await(WAIT);
      assertEquals(0, dry.objectsChanged());
    }
  }

  @Test
  void internalData_withoutAnInternalDataStore_isReportedNotAttempted(@TempDir Path dir)
      throws Exception {
    try (SseWorld w = new SseWorld(dir, 17).populate()) {
      JobReport r = w.rotation().build().start(job().build()).await(WAIT);
      assertEquals(JobState.COMPLETE, r.state());
      assertFalse(r.internalData().attempted());
      Object internal = FlatJson.parse(r.toJson()).get("internalData");
      assertTrue(internal instanceof Map);
      assertEquals(Boolean.FALSE, ((Map<?, ?>) internal).get("attempted"));
    }
  }

  /** Flips one bit of a version's sealed key (metadata-only, through the store's compare-and-set). */
  static ObjectVersion tamper(SseWorld w, String key) {
    ObjectVersion v = w.store.stat(SseWorld.BUCKET, key, null);
    assertNotNull(v);
    Map<String, String> m = new TreeMap<>(v.internalMetadata());
    byte[] sealed = Base64.getDecoder().decode(m.get(EncryptionState.KMS_SEALED_KEY));
    sealed[40] ^= 1;
    m.put(EncryptionState.KMS_SEALED_KEY, Base64.getEncoder().encodeToString(sealed));
    return w.store.replaceEncryption(new ReplaceEncryptionRequest(v, m));
  }
}
