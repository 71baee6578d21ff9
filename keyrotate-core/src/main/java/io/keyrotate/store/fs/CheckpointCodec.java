package io.keyrotate.store.fs;

import io.keyrotate.internal.files.LineFormat;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.spi.ObjectRef;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The stored form of a {@link JobCheckpoint}: a {@code krfs-checkpoint 1} {@link LineFormat} document. */
final class CheckpointCodec {
  private static final String FORMAT = "krfs-checkpoint";

  private CheckpointCodec() {}

  static byte[] encode(JobCheckpoint c) {
    LineFormat.Writer w = LineFormat.writer(FORMAT, 1);
    ObjectRef d = c.doneThrough();
    w.line("job", c.jobId())
        .line("hash", c.definitionHash())
        .line("status", c.status().name())
        .line("started", c.started().toString())
        .line("updated", c.updated().toString());
    if (d == null) {
      w.line("done", null, null, null);
    } else {
      w.line("done", d.bucket(), d.key(), d.versionId());
    }
    w.line("counters", Integer.toString(c.counters().size()));
    c.counters().forEach((k, v) -> w.line("c", k, Long.toString(v)));
    return w.finish();
  }

  static JobCheckpoint decode(byte[] content, String what) {
    LineFormat.Reader r = LineFormat.reader(content, FORMAT, 1, what);
    String job = r.value("job");
    String hash = r.value("hash");
    JobCheckpoint.Status status;
    try {
      status = JobCheckpoint.Status.valueOf(r.value("status"));
    } catch (IllegalArgumentException e) {
      throw r.fail("unknown status");
    }
    Instant started = instant(r, r.value("started"));
    Instant updated = instant(r, r.value("updated"));
    @Nullable String[] d = r.expect("done", 3);
    ObjectRef done = null;
    if (d[0] != null || d[1] != null) {
      if (d[0] == null || d[1] == null) {
        throw r.fail("'done' needs a bucket and a key");
      }
      try {
        done = new ObjectRef(d[0], d[1], d[2]);
      } catch (IllegalArgumentException e) { // an empty bucket or key read from the file
        throw r.fail("'done': " + e.getMessage());
      }
    } else if (d[2] != null) {
      throw r.fail("'done' has a version without a key");
    }
    int n = (int) r.number("counters", 0, 100_000);
    Map<String, Long> counters = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      @Nullable String[] kv = r.expect("c", 2);
      if (kv[0] == null || kv[1] == null) {
        throw r.fail("counter needs a name and a value");
      }
      if (counters.put(kv[0], r.parseNumber(kv[1], "counter", 0, Long.MAX_VALUE)) != null) {
        throw r.fail("duplicate counter");
      }
    }
    r.end();
    try {
      return new JobCheckpoint(job, hash, done, counters, status, started, updated);
    } catch (IllegalArgumentException e) {
      throw r.fail(e.getMessage());
    }
  }

  private static Instant instant(LineFormat.Reader r, String text) {
    try {
      Instant t = Instant.parse(text);
      if (t.toString().equals(text)) {
        return t;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw r.fail("'" + text + "' is not a canonical instant");
  }
}
