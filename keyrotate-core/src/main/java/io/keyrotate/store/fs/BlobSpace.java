package io.keyrotate.store.fs;

import io.keyrotate.ObjectChangedException;
import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.internal.Texts;
import io.keyrotate.spi.InternalDataStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Named blobs with compare-and-set on a generation tag, kept as single-version keys of an unversioned
 * {@link Space}. Backs the store's {@link InternalDataStore} and checkpoint views.
 */
final class BlobSpace {
  private final Space space;
  private final Disk disk;

  BlobSpace(Space space, Disk disk) {
    this.space = space;
    this.disk = disk;
  }

  /** One stored blob: its name, generation tag, size and (when read) content. */
  static final class Item {
    final String name;
    final String gen;
    final long size;
    final byte[] content;

    Item(String name, String gen, long size, byte[] content) {
      this.name = name;
      this.gen = gen;
      this.size = size;
      this.content = content;
    }
  }

  /** One page of a listing; {@code next} is the last name when more may follow. */
  static final class ItemPage {
    final List<Item> items;
    final @Nullable String next;

    ItemPage(List<Item> items, @Nullable String next) {
      this.items = items;
      this.next = next;
    }
  }

  private static final byte[] NONE = new byte[0];
  /** The largest blob an array can hold; blobs are read whole. */
  static final long MAX_BLOB = Integer.MAX_VALUE - 8;

  /** One page of names in UTF-8 order, after {@code startAfter} (exclusive); contents not read. */
  ItemPage list(String prefix, @Nullable String startAfter, int max) {
    byte[] p = Location.keyBytesOrPrefix(prefix);
    byte[] lower = p;
    if (startAfter != null) {
      byte[] s = Location.keyBytesOrPrefix(startAfter);
      byte[] after = Arrays.copyOf(s, s.length + 1); // the smallest key greater than startAfter
      if (Arrays.compareUnsigned(after, lower) > 0) {
        lower = after;
      }
    }
    List<Item> out = new ArrayList<>();
    try {
      KeyCursor cursor = new KeyCursor(space.root, p, lower);
      for (KeyCursor.Hit hit; (hit = cursor.next()) != null; ) {
        String name = Location.keyString(hit.key);
        List<VersionRecord> v = space.read(hit.dir, hit.chunk, hit.seqs, name);
        if (v.isEmpty()) {
          continue;
        }
        if (out.size() == max) {
          return new ItemPage(out, out.get(out.size() - 1).name);
        }
        out.add(new Item(name, v.get(0).gen(), v.get(0).size(), NONE));
      }
    } catch (IOException e) {
      throw new ObjectStoreException("listing " + space.name + " failed: " + e.getMessage(), e, true);
    }
    return new ItemPage(out, null);
  }

  /** The blob, or {@code null}. */
  @Nullable Item read(String name) {
    Location loc = space.locate(name);
    try {
      return space.withLock(
          loc,
          versions -> {
            if (versions.isEmpty()) {
              return null;
            }
            VersionRecord r = versions.get(0);
            String data = r.dataName();
            if (data == null) {
              return new Item(name, r.gen(), 0, NONE);
            }
            try (FileChannel ch = FileChannel.open(loc.dir.resolve(data), StandardOpenOption.READ);
                RangeInputStream in = new RangeInputStream(ch, 0, r.size())) {
              // The size comes from a file: check it against the data before allocating for it.
              if (ch.size() != r.size() || r.size() > MAX_BLOB) {
                throw new ObjectStoreException(
                    space.name + " '" + Texts.clip(name) + "': metadata says " + r.size()
                        + " bytes, the data file has " + ch.size() + " (at most " + MAX_BLOB + ")");
              }
              byte[] content = new byte[(int) r.size()];
              in.readNBytes(content, 0, content.length);
              return new Item(name, r.gen(), r.size(), content);
            }
          });
    } catch (IOException | Space.Conflict e) {
      throw new ObjectStoreException(
          "reading " + space.name + " '" + Texts.clip(name) + "' failed: " + e.getMessage(), e, true);
    }
  }

  /** Creates or replaces a blob unconditionally. */
  void put(String name, byte[] content) {
    Location loc = space.locate(name);
    try {
      Path staged = disk.atomic.stage(new ByteArrayInputStream(content));
      space.put(loc, newVersion(content.length), staged, false);
    } catch (IOException | Space.Conflict e) {
      throw new ObjectStoreException(
          "writing " + space.name + " '" + Texts.clip(name) + "' failed: " + e.getMessage(), e, true);
    }
  }

  private Space.NewVersion newVersion(long size) {
    return new Space.NewVersion(
        disk.clock.instant(), false, size, List.of(), Map.of(), Map.of(), ObjectLock.none(), Map.of());
  }

  /**
   * Writes a blob if it is at {@code expected} (or absent when {@code expected} is null).
   *
   * @return the new generation tag
   */
  String write(String name, byte[] content, @Nullable String expected) {
    Location loc = space.locate(name);
    String what = space.name + " '" + Texts.clip(name) + "'";
    try {
      Path staged = disk.atomic.stage(new ByteArrayInputStream(content));
      VersionRecord r;
      if (expected == null) {
        r = space.put(loc, newVersion(content.length), staged, true);
      } else {
        r =
            space.update(
                loc,
                null,
                staged,
                content.length,
                (cur, dataName, gen) -> {
                  if (!cur.gen().equals(expected)) {
                    throw new Space.Conflict("version changed");
                  }
                  return cur.withData(dataName, content.length, List.of(), Map.of(), gen);
                })
            .record();
      }
      return r.gen();
    } catch (Space.Conflict e) {
      throw new ObjectChangedException(
          what + (expected == null ? " already exists" : " is not at version " + expected) + " ("
              + e.getMessage() + ")");
    } catch (IOException e) {
      throw new ObjectStoreException("writing " + what + " failed: " + e.getMessage(), e, true);
    }
  }
}
