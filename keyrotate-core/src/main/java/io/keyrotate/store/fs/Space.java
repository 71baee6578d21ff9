package io.keyrotate.store.fs;

import io.keyrotate.FormatException;
import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.internal.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One key tree: a bucket's objects, or a system area (internal data, checkpoints). Reads take no lock
 * (every metadata file is replaced by an atomic rename, so a reader sees a whole old or new file); every
 * update of a key runs under that key's lock and commits through the {@link Journal}.
 */
final class Space {
  /** The longest metadata file read (a version has at most a few KiB of metadata). */
  private static final int MAX_META_BYTES = 1 << 20;

  private final Disk disk;
  final String name;
  final Path root;
  final boolean versioned;

  Space(Disk disk, String name, Path root, boolean versioned) {
    this.disk = disk;
    this.name = name;
    this.root = root;
    this.versioned = versioned;
  }

  Location locate(String key) {
    return Location.of(root, key);
  }

  /** Fields of a new version other than the ones the store assigns. */
  record NewVersion(
      Instant modTime,
      boolean deleteMarker,
      long size,
      List<Long> parts,
      Map<String, String> userMetadata,
      Map<String, String> tags,
      ObjectLock lock,
      Map<String, String> internal) {}

  /** Thrown under the lock when a precondition fails; the caller turns it into its own exception. */
  static final class Conflict extends Exception {
    private static final long serialVersionUID = 1L;

    Conflict(String message) {
      super(message, null, false, false);
    }
  }

  /** Computes the replacement of a version; may throw {@link Conflict}. */
  @FunctionalInterface
  interface Change {
    VersionRecord apply(VersionRecord current, @Nullable String newDataName, String newGen)
        throws Conflict;
  }

  /** A body run under a key's lock. */
  @FunctionalInterface
  interface Locked<T> {
    T run(List<VersionRecord> versions) throws IOException, Conflict;
  }

  /** Runs {@code body} on the key's versions (newest first) while holding the key's lock. */
  <T> T withLock(Location loc, Locked<T> body) throws IOException, Conflict {
    ReentrantLock lock = disk.lock(name, loc.key);
    lock.lock();
    try {
      return body.run(versions(loc));
    } finally {
      lock.unlock();
    }
  }

  /** All versions of a key, newest first. */
  List<VersionRecord> versions(Location loc) throws IOException {
    List<Long> seqs = new ArrayList<>();
    String start = loc.chunk + "@m";
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(loc.dir, start + "*")) {
      for (Path p : ds) {
        long seq = KeyCursor.metaSeq(String.valueOf(p.getFileName()));
        if (seq > 0 && String.valueOf(p.getFileName()).startsWith(start)) {
          seqs.add(seq);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    }
    long[] a = seqs.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    long[] desc = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      desc[i] = a[a.length - 1 - i];
    }
    return read(loc.dir, loc.chunk, desc, loc.key);
  }

  /** Reads the given metadata files (newest first), skipping ones that vanished meanwhile. */
  List<VersionRecord> read(Path dir, String chunk, long[] seqs, String key) throws IOException {
    List<VersionRecord> out = new ArrayList<>(seqs.length);
    for (long seq : seqs) {
      Path p = dir.resolve(Location.metaName(chunk, seq));
      byte[] content;
      try {
        if (Files.size(p) > MAX_META_BYTES) {
          throw new ObjectStoreException(describe(key, seq) + ": metadata file is too large");
        }
        content = Files.readAllBytes(p);
      } catch (NoSuchFileException e) {
        continue;
      }
      VersionRecord r;
      try {
        r = VersionRecord.decode(content, describe(key, seq));
      } catch (FormatException e) {
        throw new ObjectStoreException(e.getMessage(), e, false);
      }
      if (r.seq() != seq) {
        throw new ObjectStoreException(describe(key, seq) + ": sequence number does not match file name");
      }
      String data = r.dataName();
      if (data != null && !Location.isDataName(chunk, seq, data)) {
        // A tampered name could point anywhere ("../../x"); only this version's own file is read.
        throw new ObjectStoreException(describe(key, seq) + ": data file name is not this version's");
      }
      out.add(r);
    }
    return out;
  }

  private String describe(String key, long seq) {
    return "metadata of " + name + "/" + key + " (#" + seq + ")";
  }

  /**
   * Adds a version (versioned space) or replaces the only one (unversioned space).
   *
   * @param staged a staged data file holding {@code nv.size()} bytes, or {@code null} when size is 0
   * @param mustBeAbsent fail with {@link Conflict} when the key has a version
   */
  VersionRecord put(Location loc, NewVersion nv, @Nullable Path staged, boolean mustBeAbsent)
      throws IOException, Conflict {
    ReentrantLock lock = disk.lock(name, loc.key);
    lock.lock();
    try {
      List<VersionRecord> versions = versions(loc);
      if (mustBeAbsent && !versions.isEmpty()) {
        throw new Conflict("already exists");
      }
      VersionRecord old = null;
      long seq;
      String versionId = null;
      if (versioned) {
        seq = versions.isEmpty() ? 1 : versions.get(0).seq() + 1;
        versionId = UUID.randomUUID().toString();
      } else {
        old = versions.isEmpty() ? null : versions.get(0);
        seq = old == null ? 1 : old.seq();
      }
      String gen = AtomicFiles.randomHex(8);
      VersionRecord rec =
          new VersionRecord(
              versionId, seq, gen, nv.modTime(), nv.deleteMarker(), nv.size(),
              nv.size() == 0 ? null : loc.dataName(seq, gen), nv.parts(), nv.userMetadata(),
              nv.tags(), nv.lock(), nv.internal());
      Path s = staged;
      staged = null;
      if (s != null && rec.dataName() == null) {
        disk.atomic.discard(s, new IOException("empty data"));
        s = null;
      }
      commit(loc, old, rec, s);
      return rec;
    } finally {
      lock.unlock();
      if (staged != null) {
        disk.atomic.discard(staged, new IOException("put did not commit"));
      }
    }
  }

  /**
   * A version after an update, and whether it is the newest version of its key.
   *
   * @param record the stored record
   * @param latest whether no newer version exists
   */
  record Updated(VersionRecord record, boolean latest) {}

  /**
   * Replaces one version in place (same sequence number and version id) with what {@code change}
   * computes from it.
   *
   * @param staged the new data file, or {@code null} to keep the current data
   * @param newSize the size of {@code staged} (ignored without it)
   */
  Updated update(
      Location loc, @Nullable String versionId, @Nullable Path staged, long newSize, Change change)
      throws IOException, Conflict {
    ReentrantLock lock = disk.lock(name, loc.key);
    lock.lock();
    try {
      List<VersionRecord> versions = versions(loc);
      VersionRecord current = find(versions, versionId);
      String gen = AtomicFiles.randomHex(8);
      String dataName;
      if (staged == null) {
        dataName = current.dataName();
      } else {
        dataName = newSize == 0 ? null : loc.dataName(current.seq(), gen);
      }
      VersionRecord next = change.apply(current, dataName, gen);
      Path s = staged;
      staged = null;
      if (s != null && next.dataName() == null) {
        // An empty replacement has no data file; the staged (empty) file is not needed.
        disk.atomic.discard(s, new IOException("empty data"));
        s = null;
      }
      commit(loc, current, next, s);
      return new Updated(next, versions.get(0) == current);
    } finally {
      lock.unlock();
      if (staged != null) {
        disk.atomic.discard(staged, new IOException("update did not commit"));
      }
    }
  }

  /** Removes one version for good, after {@code check} accepted it. */
  VersionRecord remove(Location loc, @Nullable String versionId, Change check)
      throws IOException, Conflict {
    ReentrantLock lock = disk.lock(name, loc.key);
    lock.lock();
    try {
      VersionRecord current = find(versions(loc), versionId);
      check.apply(current, current.dataName(), current.gen());
      commit(loc, current, null, null);
      return current;
    } finally {
      lock.unlock();
    }
  }

  /** The version with this id, or {@link Conflict} when there is none. */
  static VersionRecord find(List<VersionRecord> versions, @Nullable String versionId)
      throws Conflict {
    for (VersionRecord r : versions) {
      if (Objects.equals(r.versionId(), versionId)) {
        return r;
      }
    }
    throw new Conflict("no such version");
  }

  /**
   * Commits one change of a key: {@code old -> neu} ({@code neu == null} removes {@code old}; {@code old
   * == null} adds {@code neu}), moving {@code staged} in as {@code neu}'s data file. See {@link Journal}
   * for why this is crash-safe.
   */
  private void commit(
      Location loc, @Nullable VersionRecord old, @Nullable VersionRecord neu, @Nullable Path staged)
      throws IOException {
    Path dir = loc.dir;
    VersionRecord any = neu != null ? neu : Objects.requireNonNull(old);
    Path meta = loc.meta(any.seq());
    List<String> created = new ArrayList<>(1);
    if (staged != null) {
      created.add(Objects.requireNonNull(Objects.requireNonNull(neu).dataName()));
    }
    List<String> obsolete = new ArrayList<>(1);
    if (old != null
        && old.dataName() != null
        && (neu == null || !Objects.equals(old.dataName(), neu.dataName()))) {
      obsolete.add(old.dataName());
    }
    Journal.Intent intent = null;
    if (!created.isEmpty() || !obsolete.isEmpty()) {
      intent =
          new Journal.Intent(
              AtomicFiles.randomHex(12), disk.relative(dir), loc.metaName(any.seq()),
              neu == null ? null : neu.gen(), created, obsolete);
    }
    try {
      if (neu != null) {
        disk.atomic.createDirectories(root, dir);
      }
      if (intent != null) {
        disk.journal.begin(intent);
      }
      if (staged != null) {
        disk.ops.rename(staged, dir.resolve(created.get(0)));
        staged = null;
        disk.ops.fsyncDirectory(dir);
      }
      if (neu == null) {
        disk.ops.delete(meta);
        disk.ops.fsyncDirectory(dir);
      } else {
        disk.atomic.replace(meta, neu.encode());
      }
      if (!obsolete.isEmpty()) {
        for (String f : obsolete) {
          disk.ops.delete(dir.resolve(f));
        }
        disk.ops.fsyncDirectory(dir);
      }
      if (intent != null) {
        disk.journal.finish(intent);
      }
    } catch (IOException | RuntimeException e) {
      if (staged != null) {
        disk.atomic.discard(staged, e);
      }
      if (intent != null) {
        try {
          disk.journal.recover(intent);
        } catch (IOException | RuntimeException r) {
          e.addSuppressed(r);
        }
      }
      throw e;
    }
  }
}
