package io.keyrotate.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.keyrotate.KeyRotateException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.SecretBytes;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.Notify;
import io.keyrotate.job.Retry;
import io.keyrotate.runner.JobListener;
import io.keyrotate.runner.JobReport;
import io.keyrotate.runner.JobState;
import io.keyrotate.runner.JobStatus;
import io.keyrotate.runner.ObjectOutcome;
import io.keyrotate.runner.Slf4jJobListener;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.spi.ReplaceEncryptionRequest;
import io.keyrotate.sse.ObjectKey;
import io.keyrotate.sse.SseMetadata;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Secrets in a whole job (issue 8, item 5): runs a real job (with retries, permanent failures, a
 * tampered object and a webhook with a token) while capturing everything it prints to the log (the
 * slf4j-simple binding writes to {@code System.err}), every listener event, the report's text, JSON and
 * JSON-lines file, and every failure detail; then scans all of it for every data key the KMS handed out
 * or decrypted, every object key before and after, every master key of the keyring and the token.
 */
@Timeout(120)
class JobSecretsTest {
  @TempDir Path dir;

  /** Forwards to a KMS and keeps a copy of every plaintext it returns. */
  private static final class RecordingKms implements Kms {
    final Kms delegate;
    final List<byte[]> plaintexts = Collections.synchronizedList(new ArrayList<>());

    RecordingKms(Kms delegate) {
      this.delegate = delegate;
    }

    @Override
    public String defaultKeyId() {
      return delegate.defaultKeyId();
    }

    @Override
    public DataKey generateKey(GenerateKeyRequest request) {
      DataKey k = delegate.generateKey(request);
      plaintexts.add(k.plaintext().toByteArray());
      return k;
    }

    @Override
    public SecretBytes decrypt(DecryptRequest request) {
      SecretBytes s = delegate.decrypt(request);
      plaintexts.add(s.toByteArray());
      return s;
    }
  }

  /** Registers the data key and object key of every encrypted version. */
  private static int objectKeys(RotationWorld w, SecretScanner scan, String when) {
    int n = 0;
    for (ObjectVersion v : w.versions()) {
      Map<String, String> meta = v.internalMetadata();
      if (meta.isEmpty() || v.deleteMarker()) {
        continue;
      }
      try {
        SseMetadata md = SseMetadata.parse(meta);
        String keyId = md.kmsKeyId();
        byte[] ct = md.kmsCiphertext();
        if (keyId == null || ct == null) {
          continue;
        }
        try (SecretBytes dk = w.kms.decrypt(new DecryptRequest(keyId, KmsCiphertext.copyOf(ct),
                md.kmsAssociatedData(RotationWorld.BUCKET, v.key()).asMap()));
            ObjectKey ok = md.unsealObjectKey(dk, RotationWorld.BUCKET, v.key())) {
          scan.secret(when + " data key of " + v.describe(), dk.toByteArray());
          scan.secret(when + " object key of " + v.describe(), ok.secret().toByteArray());
          n++;
        }
      } catch (KeyRotateException e) {
        // The tampered version: its keys cannot be recovered, so it has none to leak.
      }
    }
    return n;
  }

  @Test
  void fullJob_logsReportsEventsAndErrors_containNoKeyOrToken(TestReporter reporter) throws Exception {
    byte[] tokenBytes = new byte[24];
    new Random(851).nextBytes(tokenBytes);
    String token = "Bearer " + HexFormat.of().formatHex(tokenBytes);
    AtomicReference<String> receivedAuth = new AtomicReference<>();
    AtomicReference<String> receivedBody = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hook", ex -> {
      receivedAuth.set(ex.getRequestHeaders().getFirst("Authorization"));
      receivedBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.start();
    SecretScanner scan = new SecretScanner();
    List<String> texts = new ArrayList<>();
    Map<String, Integer> figures = new LinkedHashMap<>();
    try (RotationWorld w = new RotationWorld(dir, 852).populate("s/", 60)) {
      // One tampered version (a sealed key swapped in from another object) fails with an integrity error.
      List<ObjectVersion> vs = w.versions();
      ObjectVersion victim = vs.stream().filter(v -> v.internalMetadata().containsKey(SseMetadata.KMS_SEALED_KEY))
          .findFirst().orElseThrow();
      ObjectVersion donor = vs.stream().filter(v -> v != victim && !v.key().equals(victim.key())
          && v.internalMetadata().containsKey(SseMetadata.KMS_SEALED_KEY)).findFirst().orElseThrow();
      Map<String, String> swapped = new HashMap<>(victim.internalMetadata());
      swapped.put(SseMetadata.KMS_SEALED_KEY, donor.internalMetadata().get(SseMetadata.KMS_SEALED_KEY));
      w.store.replaceEncryption(new ReplaceEncryptionRequest(victim, swapped));

      figures.put("object keys before", objectKeys(w, scan, "before"));
      List<byte[]> masters = SecretsHygieneTest.masterKeys(w.kms.keyringFile());
      for (int i = 0; i < masters.size(); i++) {
        scan.secret("master key " + i, masters.get(i));
      }
      scan.secret("notify token", tokenBytes);
      scan.secret("notify token text", token.getBytes(StandardCharsets.US_ASCII));

      RecordingKms recording = new RecordingKms(w.kms);
      Faults faults = new Faults(853, 0.2, 0, 0.02, 0, 0);
      List<String> events = Collections.synchronizedList(new ArrayList<>());
      JobListener capture = new JobListener() {
        @Override
        public void jobStarted(JobStatus status) {
          events.add(status.toString());
        }

        @Override
        public void objectFinished(ObjectOutcome o) {
          events.add(o.toString());
          events.add(o.toJson());
          events.add(o.detail());
        }

        @Override
        public void progress(JobStatus status) {
          events.add(status.toString());
        }

        @Override
        public void jobFinished(JobReport report) {
          events.add(report.toString());
        }
      };
      Path jsonl = dir.resolve("report.jsonl");
      String endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
      KeyRotateJob job = KeyRotateJob.builder()
          .bucket(RotationWorld.BUCKET)
          .retry(new Retry(20, Duration.ofMillis(1)))
          .notification(Notify.of(endpoint, token))
          .build();
      texts.add(job.toString());
      PrintStream savedErr = System.err;
      PrintStream savedOut = System.out;
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      JobReport r;
      try (PrintStream p = new PrintStream(log, true, StandardCharsets.UTF_8)) {
        System.setErr(p);
        System.setOut(p);
        r = w.rotation()
            .kms(new FaultyKms(recording, faults))
            .listener(new Slf4jJobListener())
            .listener(capture)
            .reportFile(jsonl)
            .failureThreshold(null)
            .build()
            .start(job, "secrets-job")
            .await(Duration.ofSeconds(60));
      } finally {
        System.setErr(savedErr);
        System.setOut(savedOut);
      }
      String logText = log.toString(StandardCharsets.UTF_8);
      assertTrue(logText.contains("secrets-job"), "the job's log lines were captured:\n" + logText);
      assertEquals(JobState.FAILED, r.state(), r.toString());
      assertTrue(r.failures().stream().anyMatch(o -> o.reason().equals("INTEGRITY_ERROR")), r.toString());
      assertTrue(r.objectsChanged() > 0);
      assertEquals(token, receivedAuth.get(), "the webhook was called with the token");
      assertNotNull(receivedBody.get());

      for (int i = 0; i < recording.plaintexts.size(); i++) {
        scan.secret("KMS plaintext " + i, recording.plaintexts.get(i));
      }
      figures.put("KMS plaintexts", recording.plaintexts.size());
      figures.put("object keys after", objectKeys(w, scan, "after"));
      figures.put("master keys", masters.size());
      assertTrue(figures.get("object keys before") >= 40, figures.toString());
      assertTrue(figures.get("object keys after") >= 60, figures.toString());
      assertTrue(recording.plaintexts.size() >= 60, figures.toString());

      texts.add(logText);
      texts.addAll(events);
      texts.add(r.toString());
      texts.add(r.toJson());
      texts.add(String.valueOf(r.notification()));
      texts.add(receivedBody.get());
      texts.add(Files.readString(jsonl, StandardCharsets.UTF_8));
      texts.add(w.kms.toString());
      texts.add(w.store.toString());
      for (ObjectOutcome o : r.failures()) {
        texts.add(o.toString());
        texts.add(o.detail());
      }
      for (String t : texts) {
        scan.assertClean("job output", t);
      }
      // The scan can fail: a printed data key is caught.
      byte[] control = recording.plaintexts.get(0);
      assertThrows(AssertionFailedError.class,
          () -> scan.assertClean("control", "key=" + HexFormat.of().formatHex(control)));
      figures.put("texts scanned", scan.checked());
      figures.put("log bytes scanned", logText.length());
      figures.put("failures reported", r.failures().size());
      figures.put("faults injected", (int) faults.failuresInjected());
      figures.put("leaks", 0);
      assertFalse(events.isEmpty());
      Figures.write("job-secrets", figures);
      reporter.publishEntry("job-secrets", figures.toString());
    } finally {
      server.stop(0);
    }
  }
}
