package io.keyrotate.store.fs;

import io.keyrotate.FormatException;
import io.keyrotate.internal.files.AtomicFiles;
import io.keyrotate.internal.files.LineFormat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The intent log that makes multi-file updates crash-safe. An update that adds or drops a data file
 * first records an intent (which metadata file it commits, with which generation tag, which files it
 * creates and which it makes obsolete), durably, before it touches the key's directory. After a crash,
 * {@link #recoverAll()} looks at each left-over intent: if the metadata file shows the new generation (or
 * is gone, for a removal) the update committed and the obsolete files are deleted; otherwise it did not
 * and the created files are deleted. The metadata file itself is always replaced by one atomic rename,
 * so each version is wholly old or wholly new, and clean-up costs time proportional to the updates that
 * were in flight, not to the size of the store.
 */
final class Journal {
  static final String SUFFIX = ".intent";
  private static final String FORMAT = "krfs-intent";
  private static final Pattern DIR_PART = Pattern.compile("[0-9a-z][0-9a-z.-]*");
  private static final Pattern FILE_NAME =
      Pattern.compile("[0-9a-f]{2}([0-9a-f]{2})?@[md][0-9a-f]{16}(-[0-9a-f]{1,64})?");

  /**
   * One update.
   *
   * @param id the intent file's name without suffix
   * @param dir the key directory, relative to the store root, {@code /}-separated
   * @param meta the metadata file it commits
   * @param gen the generation the metadata file has once committed, {@code null} for a removal
   * @param created files the update adds (deleted if it did not commit)
   * @param obsolete files the update drops (deleted once it committed)
   */
  record Intent(
      String id, String dir, String meta, @Nullable String gen, List<String> created,
      List<String> obsolete) {
    Intent {
      created = List.copyOf(created);
      obsolete = List.copyOf(obsolete);
    }
  }

  private final Path root;
  private final Path dir;
  private final AtomicFiles atomic;

  Journal(Path root, Path dir, AtomicFiles atomic) {
    this.root = root;
    this.dir = dir;
    this.atomic = atomic;
  }

  /** Records an intent durably. */
  void begin(Intent intent) throws IOException {
    atomic.replace(file(intent), encode(intent));
  }

  /** Forgets a finished intent. */
  void finish(Intent intent) throws IOException {
    atomic.ops().delete(file(intent));
  }

  private Path file(Intent intent) {
    return dir.resolve(intent.id() + SUFFIX);
  }

  /** Rolls one intent forward or back, then forgets it. */
  void recover(Intent intent) throws IOException {
    Path keyDir = resolve(intent.dir());
    Path meta = keyDir.resolve(intent.meta());
    boolean committed;
    if (intent.gen() == null) {
      committed = !Files.exists(meta);
    } else {
      committed = currentGen(meta, intent.dir() + "/" + intent.meta()).equals(intent.gen());
    }
    List<String> garbage = committed ? intent.obsolete() : intent.created();
    if (!garbage.isEmpty() && Files.isDirectory(keyDir)) {
      for (String f : garbage) {
        atomic.ops().delete(keyDir.resolve(f));
      }
      atomic.ops().fsyncDirectory(keyDir);
    }
    finish(intent);
  }

  private static String currentGen(Path meta, String what) throws IOException {
    try {
      return VersionRecord.decode(Files.readAllBytes(meta), what).gen();
    } catch (NoSuchFileException e) {
      return "";
    }
  }

  /**
   * Recovers every left-over intent (at open, before any other update).
   *
   * @return the number of intents recovered
   */
  int recoverAll() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        files.add(p);
      }
    }
    int n = 0;
    for (Path p : files) {
      String name = String.valueOf(p.getFileName());
      if (name.endsWith(SUFFIX)) {
        recover(decode(Files.readAllBytes(p), name.substring(0, name.length() - SUFFIX.length())));
        n++;
      } else {
        // A temporary file of an intent that was never renamed into place.
        atomic.ops().delete(p);
      }
    }
    return n;
  }

  private Path resolve(String rel) {
    Path p = root;
    for (String part : rel.split("/", -1)) {
      p = p.resolve(part);
    }
    return p;
  }

  private static byte[] encode(Intent i) {
    LineFormat.Writer w = LineFormat.writer(FORMAT, 1);
    w.line("dir", i.dir()).line("meta", i.meta()).line("gen", i.gen());
    w.line("created", Integer.toString(i.created().size()));
    i.created().forEach(f -> w.line("f", f));
    w.line("obsolete", Integer.toString(i.obsolete().size()));
    i.obsolete().forEach(f -> w.line("f", f));
    return w.finish();
  }

  private static Intent decode(byte[] content, String id) {
    LineFormat.Reader r = LineFormat.reader(content, FORMAT, 1, "intent " + id);
    String dir = r.value("dir");
    for (String part : dir.split("/", -1)) {
      if (!DIR_PART.matcher(part).matches()) {
        throw r.fail("directory is outside the store");
      }
    }
    String meta = fileName(r, r.value("meta"));
    String gen = r.expect("gen", 1)[0];
    List<String> created = files(r, "created");
    List<String> obsolete = files(r, "obsolete");
    r.end();
    return new Intent(id, dir, meta, gen, created, obsolete);
  }

  private static List<String> files(LineFormat.Reader r, String tag) {
    int n = (int) r.number(tag, 0, 16);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(fileName(r, r.value("f")));
    }
    return out;
  }

  private static String fileName(LineFormat.Reader r, String name) throws FormatException {
    if (!FILE_NAME.matcher(name).matches()) {
      throw r.fail("not a key file name");
    }
    return name;
  }
}
