package io.keyrotate.examples.cli;

import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.policy.RotationPolicy;
import io.keyrotate.runner.JobHandle;
import io.keyrotate.runner.JobReport;
import io.keyrotate.runner.JobState;
import io.keyrotate.runner.JobStatus;
import io.keyrotate.runner.KeyRotation;
import io.keyrotate.runner.ObjectOutcome;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.ObjectRef;
import io.keyrotate.spi.ObjectStore;
import io.keyrotate.spi.VersionPage;
import io.keyrotate.store.fs.FileObjectStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keyrotate run JOB.yaml}: runs a job against an embedded store directory, showing progress, and
 * ends with a summary table. Exit 0 when the job completed, 1 when it failed or was canceled, 2 on bad
 * input (nothing is touched then).
 *
 * <p>Progress: on a terminal ({@code System.console() != null}) one live line, rewritten in place; else a
 * plain line every {@code --progress-interval}. The total (for "done/total" and the ETA) comes from a
 * listing-only count that runs beside the job; until it finishes the total shows as {@code ?}.
 *
 * <p>Checkpoints go to the store's system area, so a crashed or interrupted job continues with {@code
 * --resume JOB_ID}; an interrupt (Ctrl-C) pauses the job so that its checkpoint is current.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a key-rotation job on a store directory and print a summary.",
      "Exit 0: complete; 1: failed or canceled; 2: bad input (nothing touched)."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec = CommandSpec.create();

  @Parameters(index = "0", paramLabel = "JOB.yaml", description = "The job file.")
  Path jobFile = Path.of("");

  @Mixin StoreCommand.StoreDir store = new StoreCommand.StoreDir();
  @Mixin KmsOptions kms = new KmsOptions();

  @Option(names = "--dry-run", description = "Write nothing; report what a run would do per version.")
  boolean dryRun;

  @Option(names = "--report", paramLabel = "FILE.jsonl", description = "One JSON line per visited version.")
  @Nullable Path report;

  @Option(names = "--workers", paramLabel = "N", description = "Worker threads (default: processors).")
  @Nullable Integer workers;

  @Option(names = "--rate", paramLabel = "OBJ/S", description = "Most versions changed per second.")
  @Nullable Double rate;

  @Option(names = "--resume", paramLabel = "JOB_ID", description = "Continue a job from its checkpoint.")
  @Nullable String resume;

  @Option(names = "--job-id", paramLabel = "ID", description = "Id for a new job (default: generated).")
  @Nullable String jobId;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      description = "auto (default: live on a terminal, else plain), live, plain or none.")
  String progress = "auto";

  @Option(
      names = "--progress-interval",
      paramLabel = "MILLIS",
      description = "Milliseconds between plain progress lines (default: 5000).")
  long progressInterval = 5000;

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "MILLIS",
      description = "Milliseconds between checkpoints while the job runs (default: 5000).")
  long checkpointInterval = 5000;

  private boolean quiet;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    KeyRotateJob job = ValidateCommand.load(jobFile);
    boolean live = progressMode();
    if (resume != null && jobId != null) {
      throw new CliInputException("give either --resume JOB_ID or --job-id ID, not both");
    }
    if (report != null && !Files.isDirectory(DareCommand.directoryOf(report))) {
      throw new CliInputException("--report: no such directory: " + DareCommand.directoryOf(report));
    }
    if (progressInterval < 10 || progressInterval > 86_400_000) {
      throw new CliInputException("--progress-interval: 10 to 86400000 milliseconds");
    }
    if (checkpointInterval < 10 || checkpointInterval > 86_400_000) {
      throw new CliInputException("--checkpoint-interval: 10 to 86400000 milliseconds");
    }
    try (KmsOptions.OpenKms k = kms.open("run");
        FileObjectStore s = Cli.openStore(store.dir, k.kms())) {
      if (s.bucket(job.bucket()) == null) {
        throw new CliInputException(
            "bucket '" + job.bucket() + "' of job " + jobFile + " does not exist in store " + store.dir);
      }
      KeyRotation rotation = rotation(s, k);
      JobHandle handle;
      try {
        handle = resume != null ? rotation.resume(resume, job) : jobId != null ? rotation.start(job, jobId) : rotation.start(job);
      } catch (IllegalStateException e) {
        throw new CliInputException(e.getMessage());
      }
      String target = RotationPolicy.targetKeyId(job, k.kms().defaultKeyId());
      out.println(
          (dryRun ? "dry run of job " : resume != null ? "resumed job " : "job ") + handle.jobId()
              + ": bucket " + job.bucket()
              + (job.prefixes().isEmpty() ? "" : ", prefixes " + job.prefixes())
              + ", target key " + target);
      out.flush();
      Thread hook = new Thread(() -> interrupted(handle, s), "keyrotate-interrupt");
      Runtime.getRuntime().addShutdownHook(hook);
      JobReport r;
      try {
        r = watch(handle, total(s, job), live, out);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is shutting down; the hook runs
        }
      }
      summary(r, out);
      out.flush();
      if (r.state() != JobState.COMPLETE) {
        spec.commandLine().getErr().println(
            "keyrotate: job " + r.jobId() + " " + r.state().wireName()
                + (r.objectsFailed() > 0 ? ": " + r.objectsFailed() + " version(s) failed" : "")
                + (r.abortReason() != null ? ": " + KeyRotateCli.oneLine(r.abortReason()) : "")
                + (r.state() == JobState.FAILED && !dryRun ? "; fix the cause and continue with --resume " + r.jobId() : ""));
        return KeyRotateCli.FAILED;
      }
      return KeyRotateCli.OK;
    }
  }

  private boolean progressMode() {
    switch (progress) {
      case "auto":
        return System.console() != null;
      case "live":
        return true;
      case "plain":
        return false;
      case "none":
        quiet = true;
        return false;
      default:
        throw new CliInputException("--progress: expected auto, live, plain or none, got '" + progress + "'");
    }
  }

  private KeyRotation rotation(FileObjectStore s, KmsOptions.OpenKms k) {
    KeyRotation.Builder b =
        KeyRotation.builder()
            .store(s)
            .kms(k.kms())
            .internalData(s.internalData())
            .checkpoints(s.checkpoints())
            .checkpointInterval(Duration.ofMillis(checkpointInterval))
            .dryRun(dryRun)
            .reportFile(report);
    try {
      if (workers != null) {
        b.workers(workers);
      }
    } catch (IllegalArgumentException e) {
      throw new CliInputException("--workers: " + e.getMessage());
    }
    try {
      if (rate != null) {
        if (rate <= 0) {
          throw new IllegalArgumentException("must be a positive rate, got " + rate);
        }
        b.objectsPerSecond(rate);
      }
    } catch (IllegalArgumentException e) {
      throw new CliInputException("--rate: " + e.getMessage());
    }
    return b.build();
  }

  /** Counts the versions the job will visit, on a daemon thread; -1 until done (or on failure). */
  private static AtomicLong total(ObjectStore s, KeyRotateJob job) {
    AtomicLong total = new AtomicLong(-1);
    Thread t =
        new Thread(
            () -> {
              long n = 0;
              List<String> prefixes = job.prefixes().isEmpty() ? List.of("") : job.prefixes();
              try {
                for (String p : prefixes) {
                  ListRequest req = new ListRequest(job.bucket(), p, null, ListRequest.MAX_RESULTS);
                  ObjectRef next;
                  do {
                    VersionPage page = s.list(req);
                    n += page.versions().size();
                    next = page.next();
                    req = req.withStartAfter(next);
                  } while (next != null);
                }
                total.set(n);
              } catch (RuntimeException e) {
                // the count is only for the progress line
              }
            },
            "keyrotate-count");
    t.setDaemon(true);
    t.start();
    return total;
  }

  private JobReport watch(JobHandle handle, AtomicLong total, boolean live, PrintWriter out)
      throws InterruptedException {
    Duration tick = quiet ? Duration.ofHours(1) : Duration.ofMillis(live ? 250 : progressInterval);
    int width = 0;
    while (true) {
      try {
        JobReport r = handle.await(tick);
        if (live && width > 0) {
          out.print("\r" + line(handle.status(), total.get()) + "\n");
          out.flush();
        }
        return r;
      } catch (TimeoutException e) {
        if (quiet) {
          continue;
        }
        String line = line(handle.status(), total.get());
        if (live) {
          out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
          width = line.length();
        } else {
          out.println(line);
        }
        out.flush();
      }
    }
  }

  /** One progress line: done/total, rates, ETA and counts. */
  static String line(JobStatus st, long total) {
    String of = total >= 0 ? Long.toString(total) : "?";
    String eta = "?";
    if (total >= 0 && st.objectsPerSecond() > 0) {
      eta = Cli.seconds(Math.max(0, total - st.finished()) / st.objectsPerSecond());
    }
    return String.format(
        Locale.ROOT,
        "%s %d/%s versions  %.1f obj/s  %s/s  ETA %s  changed %d  skipped %d  failed %d",
        st.state().wireName(), st.finished(), of, st.objectsPerSecond(), Cli.bytes(st.bytesPerSecond()),
        eta, st.changed(), st.skipped(), st.failed());
  }

  /** On Ctrl-C (or SIGTERM): pause, and wait until the paused checkpoint is saved, so resume is exact. */
  private void interrupted(JobHandle handle, FileObjectStore s) {
    if (handle.isDone() || !handle.pause()) {
      return;
    }
    boolean saved = false;
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!dryRun && !saved && System.nanoTime() < end) {
      try {
        JobCheckpoint cp = s.checkpoints().load(handle.jobId());
        saved = cp != null && cp.status() == JobCheckpoint.Status.PAUSED;
        if (!saved) {
          Thread.sleep(20);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        break; // the store is going away with the process; the last periodic checkpoint stands
      }
    }
    System.err.println(
        "keyrotate: interrupted; job " + handle.jobId()
            + (dryRun ? " (dry run) stopped"
                : saved ? " is paused at its checkpoint; continue with --resume " + handle.jobId()
                    : " stopped; continue from its last checkpoint with --resume " + handle.jobId()));
  }

  private static void row(PrintWriter out, String fmt, Object... cells) {
    out.println(String.format(Locale.ROOT, fmt, cells).stripTrailing());
  }

  /** The summary table: versions by action with their reasons, bytes, timing, failures. */
  static void summary(JobReport r, PrintWriter out) {
    out.println();
    out.println(
        (r.dryRun() ? "DRY RUN (nothing written): " : "") + "job " + r.jobId() + " " + r.state().wireName()
            + " in " + Cli.seconds(r.duration().toNanos() / 1e9) + ", target key " + r.targetKeyId());
    String fmt = "  %-13s %9s  %s";
    row(out, fmt, r.dryRun() ? "WOULD" : "ACTION", "VERSIONS", "REASONS");
    Map<String, Long> reasons = r.countsByReason();
    for (Map.Entry<ObjectOutcome.Action, Long> e : r.countsByAction().entrySet()) {
      String action = e.getKey().name();
      StringBuilder why = new StringBuilder();
      for (Map.Entry<String, Long> re : reasons.entrySet()) {
        if (re.getKey().startsWith(action + "/")) {
          if (why.length() > 0) {
            why.append(", ");
          }
          why.append(re.getKey().substring(action.length() + 1)).append(' ').append(re.getValue());
        }
      }
      row(out, fmt, action.toLowerCase(Locale.ROOT).replace('_', ' '), e.getValue(), why);
    }
    row(out, fmt, "total", r.versions(), "");
    out.printf(
        Locale.ROOT,
        "  bytes %s changed%s, %d KMS calls, %.1f versions/s, %s/s%n",
        Cli.bytes(r.bytes()),
        r.bytesFailed() > 0 ? ", " + Cli.bytes(r.bytesFailed()) + " failed" : "",
        r.kmsCalls(), r.objectsPerSecond(), Cli.bytes(r.bytesPerSecond()));
    var internal = r.internalData();
    out.printf(
        Locale.ROOT,
        "  internal data: %s%n",
        internal.attempted()
            ? String.format(
                Locale.ROOT, "%d rotated, %d skipped, %d failed", internal.rotated(), internal.skipped(),
                internal.failed())
            : "not touched (the target key is not the KMS default key, or nothing to do)");
    for (String f : internal.failures()) {
      out.println("  internal data FAILED " + KeyRotateCli.oneLine(f));
    }
    var n = r.notification();
    if (n != null) {
      out.println(
          n.delivered()
              ? "  webhook: delivered to " + n.endpoint() + " (HTTP " + n.statusCode() + ")"
              : "  webhook: not delivered to " + n.endpoint() + " after " + n.attempts() + " attempt(s): "
                  + KeyRotateCli.oneLine(n.error()));
    }
    int shown = 0;
    for (ObjectOutcome f : r.failures()) {
      if (shown++ == 10) {
        out.println("  … " + (r.objectsFailed() - 10) + " more failures (see --report)");
        break;
      }
      out.println("  FAILED " + f.describe() + ": " + f.reason() + " — " + KeyRotateCli.oneLine(f.detail()));
    }
    if (r.abortReason() != null) {
      out.println("  aborted: " + KeyRotateCli.oneLine(r.abortReason()));
    }
    for (String w : r.warnings()) {
      out.println("  warning: " + KeyRotateCli.oneLine(w));
    }
  }
}
