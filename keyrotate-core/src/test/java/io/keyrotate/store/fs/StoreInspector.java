package io.keyrotate.store.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.ObjectVersion;
import io.keyrotate.spi.Blob;
import io.keyrotate.spi.BlobInfo;
import io.keyrotate.spi.BlobListRequest;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.ReadRequest;
import io.keyrotate.spi.ReadResult;
import io.keyrotate.spi.VersionPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Test helpers that look at a whole store: its logical state and its directory. */
final class StoreInspector {
  private StoreInspector() {}

  /**
   * Everything a client can observe, one line per version, blob and checkpoint, with version ids
   * replaced by their position (they are random).
   */
  static List<String> snapshot(FileObjectStore store) {
    List<String> out = new ArrayList<>();
    for (BucketInfo b : store.listBuckets()) {
      out.add("bucket " + b);
      ListRequest req = ListRequest.of(b.name(), "");
      while (true) {
        VersionPage page = store.list(req);
        for (ObjectVersion v : page.versions()) {
          String data = "";
          if (!v.deleteMarker()) {
            try (ReadResult r = store.open(ReadRequest.of(v))) {
              data = HexFormat.of().formatHex(r.stream().readAllBytes()) + " parts=" + r.partSizes();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          out.add(
              "  " + v.key() + " latest=" + v.latest() + " dm=" + v.deleteMarker() + " size=" + v.size()
                  + " mod=" + v.modTime() + " meta=" + v.userMetadata() + " tags=" + v.tags() + " lock="
                  + v.lock() + " internal=" + v.internalMetadata() + " data=" + data
                  + (v.versionId() == null ? " unversioned" : ""));
        }
        if (page.next() == null) {
          break;
        }
        req = req.withStartAfter(page.next());
      }
    }
    for (BlobInfo i : store.internalData().list(BlobListRequest.of("")).blobs()) {
      Blob blob = store.internalData().read(i.name());
      out.add("blob " + i.name() + " " + (blob == null ? "?" : HexFormat.of().formatHex(blob.content())));
    }
    for (String id : store.checkpoints().jobIds()) {
      JobCheckpoint c = store.checkpoints().load(id);
      out.add("checkpoint " + c);
    }
    return out;
  }

  /**
   * Checks that nothing a crash could leave behind is left: no staged files, no intents, and every data
   * file is referenced by a metadata file of its directory.
   */
  static void assertNoLeftovers(Path root) throws IOException {
    assertEquals(List.of(), list(root.resolve(FileObjectStore.TMP)), "staged files left");
    assertEquals(List.of(), list(root.resolve(FileObjectStore.INTENTS)), "intents left");
    List<Path> dirs;
    try (Stream<Path> s = Files.walk(root)) {
      dirs = s.filter(Files::isDirectory).toList();
    }
    for (Path dir : dirs) {
      Set<String> referenced = new HashSet<>();
      List<String> dataFiles = new ArrayList<>();
      for (String name : list(dir)) {
        if (KeyCursor.metaSeq(name) > 0) {
          VersionRecord r = VersionRecord.decode(Files.readAllBytes(dir.resolve(name)), name);
          if (r.dataName() != null) {
            referenced.add(r.dataName());
          }
        } else if (name.matches("[0-9a-f]{2,4}@d.*")) {
          dataFiles.add(name);
        }
      }
      for (String d : dataFiles) {
        assertTrue(referenced.contains(d), "orphaned data file " + dir.resolve(d));
      }
    }
  }

  /** The versions of one key, newest first. */
  static List<ObjectVersion> versions(FileObjectStore s, String bucket, String key) {
    return s.list(ListRequest.of(bucket, key)).versions().stream()
        .filter(v -> v.key().equals(key))
        .toList();
  }

  static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> String.valueOf(p.getFileName())).sorted().toList();
    }
  }
}
