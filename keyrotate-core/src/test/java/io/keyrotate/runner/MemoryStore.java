package io.keyrotate.runner;

import io.keyrotate.ObjectChangedException;
import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.ObjectRef;
import io.keyrotate.spi.ObjectStore;
import io.keyrotate.spi.ReadRequest;
import io.keyrotate.spi.ReadResult;
import io.keyrotate.spi.ReplaceEncryptionRequest;
import io.keyrotate.spi.RewriteDataRequest;
import io.keyrotate.spi.VersionPage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link ObjectStore} for engine tests: one bucket, versions per key newest first, the
 * listing order and compare-and-set rules of the SPI. Synchronized; test hooks run inside the lock.
 */
final class MemoryStore implements ObjectStore {
  record Entry(ObjectVersion version, byte[] data) {}

  final String bucket;
  private final TreeMap<String, List<Entry>> keys = new TreeMap<>(KeyOrder::compare);
  final AtomicInteger writes = new AtomicInteger();
  final AtomicInteger lists = new AtomicInteger();
  /** Runs before every write's compare-and-set, with the expected version; may modify the store. */
  volatile @Nullable Consumer<ObjectVersion> beforeWrite;
  /** Runs before every list; may throw. */
  volatile @Nullable Consumer<ListRequest> beforeList;
  private long clock = 1_700_000_000_000L;

  MemoryStore(String bucket) {
    this.bucket = bucket;
  }

  synchronized ObjectVersion put(
      String key, @Nullable String versionId, byte[] data, Map<String, String> internal) {
    return put(key, versionId, data, internal, Map.of(), Map.of(), ObjectLock.none(), false);
  }

  synchronized ObjectVersion put(
      String key,
      @Nullable String versionId,
      byte[] data,
      Map<String, String> internal,
      Map<String, String> userMeta,
      Map<String, String> tags,
      ObjectLock lock,
      boolean deleteMarker) {
    List<Entry> list = keys.computeIfAbsent(key, k -> new ArrayList<>());
    if (versionId == null) {
      list.removeIf(e -> e.version().versionId() == null);
    }
    for (int i = 0; i < list.size(); i++) {
      Entry e = list.get(i);
      list.set(i, new Entry(withLatest(e.version(), false), e.data()));
    }
    ObjectVersion v =
        new ObjectVersion(
            bucket, key, versionId, true, deleteMarker, deleteMarker ? 0 : data.length,
            Instant.ofEpochMilli(clock += 1000), userMeta, tags, lock, 0, internal);
    list.add(0, new Entry(v, data.clone()));
    return v;
  }

  private static ObjectVersion withLatest(ObjectVersion v, boolean latest) {
    return new ObjectVersion(
        v.bucket(), v.key(), v.versionId(), latest, v.deleteMarker(), v.size(), v.modTime(),
        v.userMetadata(), v.tags(), v.lock(), v.partCount(), v.internalMetadata());
  }

  /** Replaces a version's user metadata (a concurrent writer's update). */
  synchronized void touch(String key, @Nullable String versionId, Map<String, String> userMeta) {
    Entry e = find(key, versionId);
    ObjectVersion v = e.version();
    set(key, new Entry(new ObjectVersion(v.bucket(), v.key(), v.versionId(), v.latest(),
        v.deleteMarker(), v.size(), v.modTime(), userMeta, v.tags(), v.lock(), v.partCount(),
        v.internalMetadata()), e.data()));
  }

  synchronized void delete(String key, @Nullable String versionId) {
    List<Entry> list = keys.get(key);
    if (list != null) {
      list.removeIf(e -> Objects.equals(e.version().versionId(), versionId));
      if (list.isEmpty()) {
        keys.remove(key);
      }
    }
  }

  synchronized List<Entry> all() {
    List<Entry> out = new ArrayList<>();
    keys.values().forEach(out::addAll);
    return out;
  }

  synchronized Entry find(String key, @Nullable String versionId) {
    for (Entry e : keys.getOrDefault(key, List.of())) {
      if (Objects.equals(e.version().versionId(), versionId)) {
        return e;
      }
    }
    throw new ObjectChangedException("no such version " + key + "@" + versionId);
  }

  private void set(String key, Entry replacement) {
    List<Entry> list = keys.get(key);
    for (int i = 0; i < list.size(); i++) {
      if (Objects.equals(list.get(i).version().versionId(), replacement.version().versionId())) {
        list.set(i, replacement);
        return;
      }
    }
    throw new IllegalStateException("no version to replace");
  }

  @Override
  public VersionPage list(ListRequest request) {
    Consumer<ListRequest> hook = beforeList;
    if (hook != null) {
      hook.accept(request);
    }
    synchronized (this) {
      lists.incrementAndGet();
      if (!request.bucket().equals(bucket)) {
        throw new ObjectStoreException("no such bucket " + request.bucket());
      }
      List<ObjectVersion> out = new ArrayList<>();
      ObjectRef after = request.startAfter();
      Map<String, List<Entry>> tail = after == null ? keys : keys.tailMap(after.key(), true);
      for (Map.Entry<String, List<Entry>> k : tail.entrySet()) {
        if (!KeyOrder.startsWith(k.getKey(), request.prefix())) {
          if (KeyOrder.compare(k.getKey(), request.prefix()) > 0) {
            break;
          }
          continue;
        }
        List<Entry> versions = k.getValue();
        int from = 0;
        if (after != null && k.getKey().equals(after.key())) {
          from = 0;
          for (int i = 0; i < versions.size(); i++) {
            if (Objects.equals(versions.get(i).version().versionId(), after.versionId())) {
              from = i + 1;
            }
          }
        }
        for (int i = from; i < versions.size(); i++) {
          if (out.size() == request.maxResults()) {
            return new VersionPage(out, ObjectRef.of(out.get(out.size() - 1)));
          }
          out.add(versions.get(i).version());
        }
      }
      return new VersionPage(out, null);
    }
  }

  @Override
  public synchronized ReadResult open(ReadRequest request) {
    Entry e = current(request.version());
    byte[] d = Arrays.copyOfRange(e.data(), (int) request.offset(), (int) (request.offset() + request.length()));
    return new ReadResult(new ByteArrayInputStream(d), List.of());
  }

  @Override
  public synchronized ObjectVersion replaceEncryption(ReplaceEncryptionRequest request) {
    hook(request.expected());
    Entry e = current(request.expected());
    ObjectVersion v = e.version();
    ObjectVersion nv = new ObjectVersion(v.bucket(), v.key(), v.versionId(), v.latest(),
        v.deleteMarker(), v.size(), v.modTime(), v.userMetadata(), v.tags(), v.lock(), v.partCount(),
        request.internalMetadata());
    set(v.key(), new Entry(nv, e.data()));
    writes.incrementAndGet();
    return nv;
  }

  @Override
  public synchronized ObjectVersion rewriteData(RewriteDataRequest request) {
    hook(request.expected());
    byte[] data;
    try {
      data = request.data().readNBytes((int) request.size());
      if (data.length != request.size() || request.data().read() != -1) {
        throw new IllegalArgumentException("stream length does not match the size");
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    Entry e = current(request.expected());
    ObjectVersion v = e.version();
    ObjectVersion nv = new ObjectVersion(v.bucket(), v.key(), v.versionId(), v.latest(),
        v.deleteMarker(), request.size(), v.modTime(), v.userMetadata(), v.tags(), v.lock(),
        v.partCount(), request.internalMetadata());
    set(v.key(), new Entry(nv, data));
    writes.incrementAndGet();
    return nv;
  }

  private void hook(ObjectVersion expected) {
    Consumer<ObjectVersion> h = beforeWrite;
    if (h != null) {
      h.accept(expected);
    }
  }

  private Entry current(ObjectVersion expected) {
    Entry e = find(expected.key(), expected.versionId());
    if (!ObjectStore.sameState(e.version(), expected)) {
      throw new ObjectChangedException("changed: " + expected.describe());
    }
    return e;
  }
}
