package io.keyrotate.examples.cli;

import io.keyrotate.spi.CheckpointStore;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.store.fs.FileObjectStore;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keyrotate status --store DIR [JOB_ID]}: the jobs checkpointed in a store and their state, or
 * one job's checkpoint in detail. The store is opened exclusively, so this reads the checkpoints of jobs
 * that are not running in another process (a running job shows its own progress line).
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "List the jobs checkpointed in a store, or show one job's checkpoint and counters.",
      "Dry runs leave no checkpoint."
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec = CommandSpec.create();
  @Mixin StoreCommand.StoreDir store = new StoreCommand.StoreDir();

  @Parameters(index = "0", arity = "0..1", paramLabel = "JOB_ID", description = "One job.")
  @Nullable String jobId;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (FileObjectStore s = Cli.openStore(store.dir, null)) {
      CheckpointStore cps = s.checkpoints();
      if (jobId != null) {
        JobCheckpoint cp;
        try {
          cp = cps.load(jobId);
        } catch (IllegalArgumentException e) {
          throw new CliInputException("JOB_ID: " + e.getMessage());
        }
        if (cp == null) {
          throw new CliInputException("no job '" + jobId + "' in store " + store.dir);
        }
        detail(cp, out);
      } else {
        String fmt = "%-40s %-9s %-20s %-20s %9s %9s %9s %9s%n";
        out.printf(Locale.ROOT, fmt, "JOB ID", "STATUS", "STARTED", "UPDATED", "VERSIONS", "CHANGED", "SKIPPED", "FAILED");
        for (String id : cps.jobIds()) {
          JobCheckpoint cp = cps.load(id);
          if (cp == null) {
            continue;
          }
          Map<String, Long> c = cp.counters();
          out.printf(
              Locale.ROOT, fmt, id, status(cp), cp.started().truncatedTo(ChronoUnit.SECONDS),
              cp.updated().truncatedTo(ChronoUnit.SECONDS), get(c, "versions"), changed(c),
              get(c, "action.SKIP"), get(c, "action.FAIL"));
        }
      }
    }
    out.flush();
    return KeyRotateCli.OK;
  }

  static String status(JobCheckpoint cp) {
    return cp.status().name().toLowerCase(Locale.ROOT);
  }

  static long get(Map<String, Long> c, String name) {
    return c.getOrDefault(name, 0L);
  }

  static long changed(Map<String, Long> c) {
    return get(c, "action.ENCRYPT") + get(c, "action.CONVERT") + get(c, "action.REWRAP");
  }

  private static void detail(JobCheckpoint cp, PrintWriter out) {
    out.println("job          " + cp.jobId());
    out.println("status       " + status(cp)
        + (cp.status() == JobCheckpoint.Status.RUNNING
            ? " (or interrupted: continue it with run --resume " + cp.jobId() + ")"
            : cp.status() == JobCheckpoint.Status.PAUSED || cp.status() == JobCheckpoint.Status.FAILED
                ? " (continue it with run --resume " + cp.jobId() + ")"
                : ""));
    out.println("started      " + cp.started());
    out.println("updated      " + cp.updated());
    out.println("done through " + (cp.doneThrough() == null ? "-" : cp.doneThrough().describe()));
    out.println("definition   " + cp.definitionHash());
    out.println("counters");
    cp.counters().forEach((k, v) -> out.printf(Locale.ROOT, "  %-40s %d%n", k, v));
  }
}
