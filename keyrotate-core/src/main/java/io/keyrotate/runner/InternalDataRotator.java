package io.keyrotate.runner;

import io.keyrotate.KeyRotateException;
import io.keyrotate.ObjectChangedException;
import io.keyrotate.job.Retry;
import io.keyrotate.spi.Blob;
import io.keyrotate.spi.BlobInfo;
import io.keyrotate.spi.BlobListRequest;
import io.keyrotate.spi.BlobPage;
import io.keyrotate.spi.BlobWrite;
import io.keyrotate.spi.InternalDataStore;
import io.keyrotate.spi.Kms;
import io.keyrotate.sse.InternalDataFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link InternalRotator}: re-encrypts every blob of an {@link InternalDataStore} under the
 * KMS default key, each in its own MinIO format ({@link InternalDataFormat} documents names and formats).
 *
 * <p>Per blob: read, re-encrypt (or verify only, in a dry run), compare-and-set write against the version
 * read. A blob changed by the server in between is re-read and re-encrypted from its new content, never
 * overwritten (up to {@value #MAX_CAS_ATTEMPTS} times). Retryable store and KMS failures are retried
 * with the job's retry setting ({@code attempts}, {@code delay·(1+U[0,1))}); integrity and format
 * failures never are. A failed blob is left exactly as it was and reported with its name and the
 * reason, never its content.
 *
 * <p>Runs only when the job's target key is the KMS default key (the runner also guarantees this); with
 * any other key it reports {@linkplain InternalDataReport#notAttempted() not attempted} and touches
 * nothing, as the product documents. Every new data key comes from that key.
 *
 * <p>Sequential (internal data is small); {@code stop} is polled before every blob and every retry.
 * Thread-safe: each {@link #rotate} call has its own state.
 */
final class InternalDataRotator implements InternalRotator {
  private static final Logger LOG = LoggerFactory.getLogger(InternalDataRotator.class);

  /** Concurrent server writes to one blob after which it is reported as failed. */
  static final int MAX_CAS_ATTEMPTS = 8;

  /** Blob names per listing page. */
  static final int PAGE_SIZE = 256;

  private final Components.Setup setup;
  private final InternalDataStore store;
  private final int pageSize;

  InternalDataRotator(Components.Setup setup, InternalDataStore store) {
    this(setup, store, PAGE_SIZE);
  }

  InternalDataRotator(Components.Setup setup, InternalDataStore store, int pageSize) {
    this.setup = setup;
    this.store = store;
    this.pageSize = pageSize;
  }

  @Override
  public InternalDataReport rotate(boolean dryRun, BooleanSupplier stop) {
    Kms kms = setup.kms();
    String defaultKey = kms.defaultKeyId();
    if (!strip(setup.targetKeyId()).equals(strip(defaultKey))) {
      LOG.info(
          "internal data not re-encrypted: the target key {} is not the KMS default key {}",
          setup.targetKeyId(),
          defaultKey);
      return InternalDataReport.notAttempted();
    }
    InternalDataFormat format =
        InternalDataFormat.builder().kms(kms).targetKeyId(defaultKey).build();
    Run run = new Run(format, dryRun, stop);
    run.all();
    InternalDataReport report =
        new InternalDataReport(true, run.rotated, run.skipped, run.failed, run.failures);
    LOG.info(
        "internal data{}: {} {}, {} skipped, {} failed{}",
        dryRun ? " (dry run)" : "",
        report.rotated(),
        dryRun ? "would be re-encrypted" : "re-encrypted",
        report.skipped(),
        report.failed(),
        run.stopped ? ", stopped early" : "");
    return report;
  }

  private static String strip(String id) {
    return id.startsWith("arn:aws:kms:") ? id.substring("arn:aws:kms:".length()) : id;
  }

  /** One pass over the store. */
  private final class Run {
    final InternalDataFormat format;
    final boolean dryRun;
    final BooleanSupplier stop;
    final Retry retry = setup.job().retry();
    long rotated;
    long skipped;
    long failed;
    boolean stopped;
    final List<String> failures = new ArrayList<>();

    Run(InternalDataFormat format, boolean dryRun, BooleanSupplier stop) {
      this.format = format;
      this.dryRun = dryRun;
      this.stop = stop;
    }

    void all() {
      String after = null;
      do {
        if (stop.getAsBoolean()) {
          stopped = true;
          return;
        }
        BlobPage page = list(after);
        if (page == null) {
          return;
        }
        for (BlobInfo info : page.blobs()) {
          if (stop.getAsBoolean()) {
            stopped = true;
            return;
          }
          one(info.name());
        }
        after = page.next();
      } while (after != null);
    }

    private @Nullable BlobPage list(@Nullable String after) {
      BlobListRequest request = new BlobListRequest("", after, pageSize);
      for (int attempt = 1; ; attempt++) {
        try {
          return store.list(request);
        } catch (KeyRotateException e) {
          if (!e.isRetryable() || attempt >= retry.attempts() || !pause()) {
            fail("listing" + (after == null ? "" : " after " + after), e);
            return null;
          }
        }
      }
    }

    private void one(String name) {
      int transientFailures = 0;
      for (int changes = 0; changes < MAX_CAS_ATTEMPTS; ) {
        try {
          switch (attempt(name)) {
            case ROTATED:
              rotated++;
              break;
            case SKIPPED:
              skipped++;
              break;
          }
          return;
        } catch (ObjectChangedException e) {
          changes++;
          LOG.debug("internal blob {} changed concurrently; re-reading", name);
        } catch (KeyRotateException e) {
          transientFailures++;
          if (!e.isRetryable() || transientFailures >= retry.attempts() || !pause()) {
            fail(name, e);
            return;
          }
        } catch (RuntimeException e) {
          // A bug or an SPI breaking its contract: report it, keep going with the next blob.
          fail(name, e);
          return;
        }
      }
      failed++;
      failures.add(name + ": changed concurrently " + MAX_CAS_ATTEMPTS + " times; left as it is");
      LOG.warn("internal blob {} kept changing; not re-encrypted", name);
    }

    private Step attempt(String name) {
      Blob blob = store.read(name);
      if (blob == null) {
        return Step.SKIPPED; // deleted since it was listed: nothing is left under an old key
      }
      byte[] content = blob.content();
      InternalDataFormat.Result r =
          dryRun ? format.check(name, content) : format.rotate(name, content);
      switch (r.outcome()) {
        case REWRITTEN:
          if (!dryRun) {
            store.write(BlobWrite.replace(name, r.content(), blob.version()));
          }
          LOG.debug("internal blob {} ({}): {}", name, r.kind(), r.note());
          return Step.ROTATED;
        case ALREADY_CURRENT:
        case NOT_ROTATED:
        default:
          return Step.SKIPPED;
      }
    }

    private void fail(String what, RuntimeException e) {
      failed++;
      String why =
          e instanceof KeyRotateException
              ? String.valueOf(e.getMessage())
              : e.getClass().getSimpleName() + ": " + e.getMessage();
      failures.add(what + ": " + why);
      LOG.warn("internal data {} not re-encrypted: {}", what, why);
    }

    /** Sleeps the job's retry delay with jitter; false when stopped or interrupted. */
    private boolean pause() {
      if (stop.getAsBoolean()) {
        return false;
      }
      long base = retry.delay().toNanos();
      long nanos = base + (long) (base * ThreadLocalRandom.current().nextDouble());
      try {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  private enum Step {
    ROTATED,
    SKIPPED
  }
}
