package io.keyrotate.store.fs;

import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectVersion;
import io.keyrotate.internal.files.LineFormat;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything the store knows about one version, as kept in its metadata file ({@code krfs-version 1},
 * a {@link LineFormat} document).
 *
 * @param versionId the version id, {@code null} in unversioned spaces
 * @param seq the position among the key's versions; higher is newer
 * @param gen a random tag that changes on every write of this file (blob versions, crash recovery)
 * @param modTime the modification time
 * @param deleteMarker whether this is a delete marker
 * @param size the stored size
 * @param dataName the data file in the key's directory, {@code null} when there are no bytes
 * @param parts stored part sizes, empty for single-part
 * @param userMetadata user metadata
 * @param tags tags
 * @param lock retention and legal hold
 * @param internal internal metadata
 */
record VersionRecord(
    @Nullable String versionId,
    long seq,
    String gen,
    Instant modTime,
    boolean deleteMarker,
    long size,
    @Nullable String dataName,
    List<Long> parts,
    Map<String, String> userMetadata,
    Map<String, String> tags,
    ObjectLock lock,
    Map<String, String> internal) {

  static final String FORMAT = "krfs-version";
  static final int MAX_PARTS = 10_000;

  VersionRecord {
    parts = List.copyOf(parts);
    userMetadata = sorted(userMetadata);
    tags = sorted(tags);
    internal = sorted(internal);
    if ((dataName == null) != (size == 0)) {
      throw new IllegalArgumentException("a data file exists exactly when size > 0");
    }
  }

  private static Map<String, String> sorted(Map<String, String> m) {
    return Collections.unmodifiableMap(new TreeMap<>(m));
  }

  ObjectVersion toObjectVersion(String bucket, String key, boolean latest) {
    return new ObjectVersion(
        bucket, key, versionId, latest, deleteMarker, size, modTime, userMetadata, tags, lock,
        parts.size(), internal);
  }

  VersionRecord withInternal(Map<String, String> newInternal, String newGen) {
    return new VersionRecord(
        versionId, seq, newGen, modTime, deleteMarker, size, dataName, parts, userMetadata, tags, lock,
        newInternal);
  }

  VersionRecord withData(
      @Nullable String newDataName, long newSize, List<Long> newParts, Map<String, String> newInternal,
      String newGen) {
    return new VersionRecord(
        versionId, seq, newGen, modTime, deleteMarker, newSize, newDataName, newParts, userMetadata,
        tags, lock, newInternal);
  }

  byte[] encode() {
    LineFormat.Writer w = LineFormat.writer(FORMAT, 1);
    w.line("id", versionId)
        .line("seq", Long.toString(seq))
        .line("gen", gen)
        .line("mtime", modTime.toString())
        .line("marker", Boolean.toString(deleteMarker))
        .line("size", Long.toString(size))
        .line("data", dataName)
        .line("parts", Integer.toString(parts.size()));
    for (long p : parts) {
      w.line("p", Long.toString(p));
    }
    ObjectLock.RetentionMode mode = lock.mode();
    Instant until = lock.retainUntil();
    w.line("retention", mode == null ? null : mode.name(), until == null ? null : until.toString())
        .line("hold", Boolean.toString(lock.legalHold()));
    map(w, "meta", userMetadata);
    map(w, "tags", tags);
    map(w, "internal", internal);
    return w.finish();
  }

  private static void map(LineFormat.Writer w, String tag, Map<String, String> m) {
    w.line(tag, Integer.toString(m.size()));
    m.forEach((k, v) -> w.line("e", k, v));
  }

  static VersionRecord decode(byte[] content, String what) {
    LineFormat.Reader r = LineFormat.reader(content, FORMAT, 1, what);
    String id = r.expect("id", 1)[0];
    long seq = r.number("seq", 1, Long.MAX_VALUE);
    String gen = r.value("gen");
    Instant mtime = instant(r, r.value("mtime"), "mtime");
    boolean marker = r.bool("marker");
    long size = r.number("size", 0, Long.MAX_VALUE);
    String data = r.expect("data", 1)[0];
    int partCount = (int) r.number("parts", 0, MAX_PARTS);
    List<Long> parts = new ArrayList<>(partCount);
    long sum = 0;
    for (int i = 0; i < partCount; i++) {
      long p = r.number("p", 0, Long.MAX_VALUE);
      parts.add(p);
      sum += p;
    }
    if (partCount > 0 && sum != size) {
      throw r.fail("part sizes do not add up to the size");
    }
    @Nullable String[] ret = r.expect("retention", 2);
    ObjectLock.RetentionMode mode = null;
    if (ret[0] != null) {
      try {
        mode = ObjectLock.RetentionMode.valueOf(ret[0]);
      } catch (IllegalArgumentException e) {
        throw r.fail("unknown retention mode");
      }
    }
    Instant until = ret[1] == null ? null : instant(r, ret[1], "retention");
    if ((mode == null) != (until == null)) {
      throw r.fail("retention needs both a mode and an end");
    }
    boolean hold = r.bool("hold");
    Map<String, String> meta = readMap(r, "meta");
    Map<String, String> tags = readMap(r, "tags");
    Map<String, String> internal = readMap(r, "internal");
    r.end();
    if ((data == null) != (size == 0)) {
      throw r.fail("data file and size disagree");
    }
    if (marker && size != 0) {
      throw r.fail("a delete marker has no data");
    }
    return new VersionRecord(
        id, seq, gen, mtime, marker, size, data, parts, meta, tags, new ObjectLock(mode, until, hold),
        internal);
  }

  private static Instant instant(LineFormat.Reader r, String text, String field) {
    try {
      Instant t = Instant.parse(text);
      if (!t.toString().equals(text)) {
        throw r.fail("'" + field + "' is not canonical");
      }
      return t;
    } catch (DateTimeParseException e) {
      throw r.fail("'" + field + "' is not an instant");
    }
  }

  private static Map<String, String> readMap(LineFormat.Reader r, String tag) {
    int n = (int) r.number(tag, 0, 100_000);
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      @Nullable String[] kv = r.expect("e", 2);
      String k = kv[0];
      String v = kv[1];
      if (k == null || v == null) {
        throw r.fail("'" + tag + "' entries need a key and a value");
      }
      if (m.put(k, v) != null) {
        throw r.fail("duplicate '" + tag + "' entry");
      }
    }
    return m;
  }
}
