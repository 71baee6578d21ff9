package io.keyrotate.runner;

import io.keyrotate.SecretBytes;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.Kms;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Where the rotator gets fresh data keys: one KMS call per object by default, or with {@link
 * DataKeyReuse} one data key per (key id, context) for up to N objects or T seconds. Every caller gets
 * its own {@link DataKey} copy to close; a cached key is wiped when it is retired or evicted. Only a few
 * (key id, context) pairs are cached at once (an object-independent context is the point of reuse).
 *
 * <p>Thread-safe.
 */
final class DataKeySource {
  private static final int MAX_ENTRIES = 16;

  private record Entry(DataKey key, long created) {}

  private final Kms kms;
  private final @Nullable DataKeyReuse reuse;
  private final Ticker ticker;
  private final Map<String, Entry> cache = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, Integer> uses = new TreeMap<>();

  DataKeySource(Kms kms, @Nullable DataKeyReuse reuse, Ticker ticker) {
    this.kms = kms;
    this.reuse = reuse;
    this.ticker = ticker;
  }

  boolean reusing() {
    return reuse != null;
  }

  /** A data key under {@code keyId} bound to {@code context}; the caller closes it. */
  DataKey get(String keyId, Map<String, String> context) {
    DataKeyReuse r = reuse;
    if (r == null) {
      return kms.generateKey(new GenerateKeyRequest(keyId, context));
    }
    String id = keyId + "\u0000" + new TreeMap<>(context);
    synchronized (this) {
      Entry e = cache.get(id);
      long now = ticker.nanoTime();
      int used = uses.getOrDefault(id, 0);
      if (e == null || used >= r.maxObjects() || now - e.created() >= r.maxAge().toNanos()) {
        if (e != null) {
          e.key().close();
        }
        // Generated under the lock: with reuse on, KMS calls are rare and this keeps one key per id.
        e = new Entry(kms.generateKey(new GenerateKeyRequest(keyId, context)), now);
        cache.put(id, e);
        used = 0;
        evict();
      }
      uses.put(id, used + 1);
      DataKey k = e.key();
      return new DataKey(SecretBytes.wrapOwned(k.plaintext().toByteArray()), k.ciphertext(), k.keyId());
    }
  }

  private void evict() {
    while (cache.size() > MAX_ENTRIES) {
      String eldest = cache.keySet().iterator().next();
      cache.remove(eldest).key().close();
      uses.remove(eldest);
    }
  }

  /** Wipes every cached key. */
  synchronized void close() {
    for (Entry e : cache.values()) {
      e.key().close();
    }
    cache.clear();
    uses.clear();
  }
}
