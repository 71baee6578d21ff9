package io.keyrotate.store.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Walks a key tree (see {@link Location}) in ascending unsigned UTF-8 order of the keys, yielding the
 * keys that start with a prefix and are not below a lower bound. Memory is one sorted directory listing
 * per tree level, independent of the number of keys. Files the store did not write (and orphaned data
 * files) are ignored. Not thread-safe; not a snapshot.
 */
final class KeyCursor {
  private static final HexFormat HEX = HexFormat.of();

  /** A key found by the walk: where it lives and the sequence numbers of its metadata files. */
  static final class Hit {
    final byte[] key;
    final Path dir;
    final String chunk;
    final long[] seqs; // newest first

    Hit(byte[] key, Path dir, String chunk, long[] seqs) {
      this.key = key;
      this.dir = dir;
      this.chunk = chunk;
      this.seqs = seqs;
    }
  }

  /** One directory entry: a sub-directory (a 2-byte chunk) or a key ending here (its version files). */
  private static final class Entry {
    final String chunk;
    final boolean dir;
    long[] seqs = new long[0];

    Entry(String chunk, boolean dir) {
      this.chunk = chunk;
      this.dir = dir;
    }
  }

  private static final Comparator<Entry> ORDER =
      Comparator.<Entry, String>comparing(e -> e.chunk).thenComparing(e -> e.dir);

  private static final class Frame {
    final Path dir;
    final byte[] prefix;
    final List<Entry> entries;
    int next;

    Frame(Path dir, byte[] prefix, List<Entry> entries) {
      this.dir = dir;
      this.prefix = prefix;
      this.entries = entries;
    }
  }

  private final byte[] prefix;
  private final byte[] lower;
  private final Deque<Frame> stack = new ArrayDeque<>();

  /**
   * Starts a walk.
   *
   * @param root the tree root
   * @param prefix only keys starting with these bytes
   * @param lower only keys not below these bytes (unsigned comparison)
   */
  KeyCursor(Path root, byte[] prefix, byte[] lower) throws IOException {
    this.prefix = prefix;
    this.lower = lower;
    List<Entry> top = entries(root);
    if (top != null) {
      stack.push(new Frame(root, new byte[0], top));
    }
  }

  /** The next key, or {@code null} at the end. */
  @Nullable Hit next() throws IOException {
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (f.next == f.entries.size()) {
        stack.pop();
        continue;
      }
      Entry e = f.entries.get(f.next++);
      byte[] c = concat(f.prefix, HEX.parseHex(e.chunk));
      if (e.dir) {
        if (compatible(c) && reachesLower(c)) {
          List<Entry> sub = entries(f.dir.resolve(e.chunk));
          if (sub != null) {
            stack.push(new Frame(f.dir.resolve(e.chunk), c, sub));
          }
        }
      } else if (startsWithPrefix(c) && Arrays.compareUnsigned(c, lower) >= 0) {
        return new Hit(c, f.dir, e.chunk, e.seqs);
      }
    }
    return null;
  }

  /** Some key with these leading bytes (and more) may start with the prefix. */
  private boolean compatible(byte[] c) {
    int m = Math.min(c.length, prefix.length);
    return Arrays.equals(c, 0, m, prefix, 0, m);
  }

  /** Some key with these leading bytes (and more) may be at or above the lower bound. */
  private boolean reachesLower(byte[] c) {
    int m = Math.min(c.length, lower.length);
    return Arrays.compareUnsigned(c, 0, m, lower, 0, m) >= 0;
  }

  private boolean startsWithPrefix(byte[] key) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The sorted entries of a directory, or {@code null} when it vanished. */
  private static @Nullable List<Entry> entries(Path dir) throws IOException {
    List<Entry> raw = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = String.valueOf(p.getFileName());
        if (isHex(name, 0, name.length()) && name.length() == 4) {
          raw.add(new Entry(name, true));
        } else {
          long seq = metaSeq(name);
          if (seq > 0) {
            Entry e = new Entry(name.substring(0, name.indexOf('@')), false);
            e.seqs = new long[] {seq};
            raw.add(e);
          }
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    }
    raw.sort(ORDER);
    // Merge the version files of one key into one entry, newest first.
    List<Entry> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); ) {
      Entry e = raw.get(i);
      int j = i + 1;
      if (!e.dir) {
        while (j < raw.size() && !raw.get(j).dir && raw.get(j).chunk.equals(e.chunk)) {
          j++;
        }
        long[] all = new long[j - i];
        for (int k = i; k < j; k++) {
          all[k - i] = raw.get(k).seqs[0];
        }
        Arrays.sort(all);
        for (int a = 0, b = all.length - 1; a < b; a++, b--) {
          long t = all[a];
          all[a] = all[b];
          all[b] = t;
        }
        e.seqs = all;
      }
      out.add(e);
      i = j;
    }
    return out;
  }

  /** The sequence number of a metadata file name {@code <chunk>@m<16 hex>}, or -1. */
  static long metaSeq(String name) {
    int at = name.indexOf('@');
    if ((at != 2 && at != 4) || !isHex(name, 0, at)) {
      return -1;
    }
    if (name.length() != at + 18 || name.charAt(at + 1) != 'm' || !isHex(name, at + 2, name.length())) {
      return -1;
    }
    return HexFormat.fromHexDigitsToLong(name, at + 2, name.length());
  }

  private static boolean isHex(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
