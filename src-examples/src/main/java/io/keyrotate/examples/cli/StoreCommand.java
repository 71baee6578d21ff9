package io.keyrotate.examples.cli;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.SecretBytes;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.ObjectRef;
import io.keyrotate.spi.VersionPage;
import io.keyrotate.sse.SseSpec;
import io.keyrotate.store.fs.BucketInfo;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.GetRequest;
import io.keyrotate.store.fs.GetResult;
import io.keyrotate.store.fs.PutRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keyrotate store mkbucket|put|get|ls|stat|rm}: the embedded file-system object store, with
 * MinIO's server-side encryption on put and get.
 */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    description = "Work with an embedded object store directory (buckets, objects, SSE).",
    subcommands = {
      StoreCommand.MkBucket.class,
      StoreCommand.Put.class,
      StoreCommand.Get.class,
      StoreCommand.Ls.class,
      StoreCommand.Stat.class,
      StoreCommand.Rm.class
    })
final class StoreCommand implements Runnable {
  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "'store' needs a subcommand");
  }

  /** The {@code --store DIR} option. */
  static final class StoreDir {
    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Store directory.")
    Path dir = Path.of("");
  }

  /** The {@code BUCKET/KEY} parameter and {@code --version-id}. */
  static final class VersionArgs {
    @Parameters(index = "0", paramLabel = "BUCKET/KEY", description = "The object.")
    String object = "";

    @Option(names = "--version-id", paramLabel = "ID", description = "A version (default: the latest).")
    @Nullable String versionId;

    Cli.Address address() {
      return Cli.address(object, true);
    }

    /** The version, which must exist. */
    ObjectVersion require(FileObjectStore s) {
      Cli.Address a = address();
      ObjectVersion v = s.stat(a.bucket(), a.key(), versionId);
      if (v == null) {
        throw new ObjectStoreException(
            "no such object " + a.bucket() + "/" + a.key() + (versionId == null ? "" : "@" + versionId));
      }
      return v;
    }
  }

  /** Headers stored under their own name; any other {@code --meta} key becomes {@code X-Amz-Meta-<key>}. */
  private static final Set<String> CONTENT_HEADERS = caseInsensitive(
      "Content-Type", "Content-Encoding", "Content-Language", "Content-Disposition", "Cache-Control",
      "Expires");

  private static Set<String> caseInsensitive(String... names) {
    Set<String> s = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    s.addAll(List.of(names));
    return s;
  }

  /** {@code --meta owner=alice} is stored as {@code X-Amz-Meta-owner}; content headers as given. */
  static Map<String, String> userMetadata(Map<String, String> meta) {
    Map<String, String> out = new LinkedHashMap<>();
    meta.forEach(
        (k, v) -> {
          boolean asIs =
              CONTENT_HEADERS.contains(k) || k.toLowerCase(Locale.ROOT).startsWith("x-amz-meta-");
          out.put(asIs ? k : "X-Amz-Meta-" + k, v);
        });
    return out;
  }

  /** The {@code encryption} column of ls and stat. */
  static String encryption(EncryptionState s) {
    if (s instanceof EncryptionState.Plaintext) {
      return "PLAINTEXT";
    }
    if (s instanceof EncryptionState.SseS3) {
      return "SSE_S3";
    }
    if (s instanceof EncryptionState.SseKms) {
      return "SSE_KMS";
    }
    if (s instanceof EncryptionState.SseC) {
      return "SSE_C";
    }
    return "UNKNOWN";
  }

  static @Nullable String keyId(EncryptionState s) {
    if (s instanceof EncryptionState.SseS3) {
      return ((EncryptionState.SseS3) s).keyId();
    }
    if (s instanceof EncryptionState.SseKms) {
      return ((EncryptionState.SseKms) s).keyId();
    }
    return null;
  }

  /** {@code keyrotate store mkbucket}. */
  @Command(
      name = "mkbucket",
      mixinStandardHelpOptions = true,
      description = "Create a bucket (and the store, when DIR is missing or empty).")
  static final class MkBucket implements Callable<Integer> {
    @Spec CommandSpec spec = CommandSpec.create();
    @Mixin StoreDir store = new StoreDir();

    @Parameters(index = "0", paramLabel = "NAME", description = "Bucket name (S3 rules).")
    String name = "";

    @Option(names = "--versioned", description = "Keep every version (else a put replaces the object).")
    boolean versioned;

    @Override
    public Integer call() {
      try (FileObjectStore s = Cli.openOrCreateStore(store.dir, null)) {
        if (s.bucket(name) != null) {
          throw new CliInputException("bucket '" + name + "' already exists");
        }
        BucketInfo b = s.createBucket(name, versioned);
        spec.commandLine().getOut().println(
            "created bucket " + b.name() + (b.versioned() ? " (versioned)" : ""));
      }
      return KeyRotateCli.OK;
    }
  }

  /** {@code keyrotate store put}. */
  @Command(
      name = "put",
      mixinStandardHelpOptions = true,
      description = "Store a file as an object, optionally encrypted (SSE-S3, SSE-KMS, SSE-C).")
  static final class Put implements Callable<Integer> {
    @Spec CommandSpec spec = CommandSpec.create();
    @Mixin StoreDir store = new StoreDir();
    @Mixin KmsOptions kms = new KmsOptions();

    @Parameters(index = "0", paramLabel = "BUCKET/KEY", description = "The object.")
    String object = "";

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The data.")
    Path file = Path.of("");

    @Option(
        names = "--sse",
        paramLabel = "MODE",
        description =
            "none (default), s3, kms (the default key), kms:KEY, or c:HEX (SSE-C, 64 hex digits;"
                + " note: command lines are visible to other local users).")
    String sse = "none";

    @Option(names = "--context", paramLabel = "K=V", description = "SSE-KMS context entry (repeatable).")
    List<String> context = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "K=V", description = "Object tag (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(
        names = "--meta",
        paramLabel = "K=V",
        description =
            "User metadata (repeatable); stored as X-Amz-Meta-K unless K is a content header.")
    List<String> meta = new ArrayList<>();

    @Option(names = "--legal-hold", description = "Set a legal hold.")
    boolean legalHold;

    @Option(names = "--retain-until", paramLabel = "INSTANT", description = "Retention end (RFC 3339).")
    @Nullable String retainUntil;

    @Option(
        names = "--retention-mode",
        paramLabel = "MODE",
        description = "GOVERNANCE (default) or COMPLIANCE, with --retain-until.")
    ObjectLock.RetentionMode retentionMode = ObjectLock.RetentionMode.GOVERNANCE;

    @Option(names = "--mtime", paramLabel = "INSTANT", description = "Modification time to record.")
    @Nullable String mtime;

    @Override
    public Integer call() throws IOException {
      Cli.Address a = Cli.address(object, true);
      if (!Files.isRegularFile(file)) {
        throw new CliInputException("--file: no such file: " + file);
      }
      Map<String, String> ctx = Cli.pairs("--context", context);
      PutRequest.Builder b =
          PutRequest.builder(a.bucket(), a.key())
              .tags(Cli.pairs("--tag", tags))
              .userMetadata(userMetadata(Cli.pairs("--meta", meta)))
              .legalHold(legalHold);
      if (retainUntil != null) {
        b.retention(retentionMode, Cli.instant("--retain-until", retainUntil));
      }
      if (mtime != null) {
        b.modTime(Cli.instant("--mtime", mtime));
      }
      String mode = sse.toLowerCase(Locale.ROOT);
      boolean needsKms = mode.equals("s3") || mode.equals("kms") || mode.startsWith("kms:");
      if (!ctx.isEmpty() && !(mode.equals("kms") || mode.startsWith("kms:"))) {
        throw new CliInputException("--context needs --sse kms or kms:KEY");
      }
      SecretBytes customerKey = null;
      try (KmsOptions.OpenKms k = needsKms ? kms.open("--sse " + sse) : kms.openIfGiven()) {
        if (mode.equals("none")) {
          // plaintext
        } else if (mode.equals("s3")) {
          b.encryption(SseSpec.s3());
        } else if (mode.equals("kms")) {
          b.encryption(SseSpec.kms(null, ctx));
        } else if (mode.startsWith("kms:") && sse.length() > 4) {
          b.encryption(SseSpec.kms(sse.substring(4), ctx));
        } else if (mode.startsWith("c:")) {
          customerKey = Cli.hexKey("--sse c", sse.substring(2));
          b.encryption(SseSpec.customer(customerKey));
        } else {
          throw new CliInputException(
              "--sse: expected none, s3, kms, kms:KEY or c:HEX, got '" + (mode.startsWith("c") ? "c:…" : sse)
                  + "'");
        }
        try (FileObjectStore s = Cli.openStore(store.dir, k == null ? null : k.kms());
            InputStream in = Files.newInputStream(file)) {
          ObjectVersion v = s.put(b.data(in).build());
          EncryptionState e = v.encryption();
          String key = keyId(e);
          spec.commandLine().getOut().println(
              "put " + v.describe() + " (" + v.size() + " bytes stored, " + encryption(e)
                  + (key == null ? "" : " key " + key) + ")");
        }
      } finally {
        if (customerKey != null) {
          customerKey.close();
        }
      }
      return KeyRotateCli.OK;
    }
  }

  /** {@code keyrotate store get}. */
  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Read an object's plaintext into a file (decrypting SSE-S3, SSE-KMS, SSE-C).")
  static final class Get implements Callable<Integer> {
    @Spec CommandSpec spec = CommandSpec.create();
    @Mixin StoreDir store = new StoreDir();
    @Mixin KmsOptions kms = new KmsOptions();
    @Mixin VersionArgs version = new VersionArgs();

    @Option(names = "--sse-c-key", paramLabel = "HEX", description = "The SSE-C key (64 hex digits; visible to other local users).")
    @Nullable String customerKeyHex;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write it.")
    Path out = Path.of("");

    @Override
    public Integer call() throws IOException {
      version.address();
      Path dir = DareCommand.directoryOf(out);
      if (!Files.isDirectory(dir)) {
        throw new CliInputException("--out: no such directory: " + dir);
      }
      if (Files.isDirectory(out)) {
        throw new CliInputException("--out: is a directory: " + out);
      }
      SecretBytes customerKey =
          customerKeyHex == null ? null : Cli.hexKey("--sse-c-key", customerKeyHex);
      try (KmsOptions.OpenKms k = kms.openIfGiven();
          FileObjectStore s = Cli.openStore(store.dir, k == null ? null : k.kms())) {
        ObjectVersion v = version.require(s);
        if (v.deleteMarker()) {
          throw new ObjectStoreException(v.describe() + " is a delete marker");
        }
        EncryptionState e = v.encryption();
        if ((e instanceof EncryptionState.SseS3 || e instanceof EncryptionState.SseKms) && k == null) {
          throw new CliInputException(
              v.describe() + " is " + encryption(e) + ": give --keyring FILE or --minio-secret-key");
        }
        if (e instanceof EncryptionState.SseC && customerKey == null) {
          throw new CliInputException(v.describe() + " is SSE-C: give --sse-c-key HEX");
        }
        GetRequest req =
            new GetRequest(v.bucket(), v.key(), v.versionId(), 0, -1, customerKey);
        try (GetResult r = s.get(req)) {
          DareCommand.atomicWrite(r.stream(), out);
        }
        spec.commandLine().getOut().println("got " + v.describe() + " -> " + out);
      } finally {
        if (customerKey != null) {
          customerKey.close();
        }
      }
      return KeyRotateCli.OK;
    }
  }

  /** {@code keyrotate store ls}. */
  @Command(
      name = "ls",
      mixinStandardHelpOptions = true,
      description = {
        "List buckets (no argument) or objects: modification time, stored size, encryption, key id,",
        "(with --versions: version id, * for the latest) and key."
      })
  static final class Ls implements Callable<Integer> {
    @Spec CommandSpec spec = CommandSpec.create();
    @Mixin StoreDir store = new StoreDir();

    @Parameters(index = "0", arity = "0..1", paramLabel = "BUCKET[/PREFIX]", description = "What to list.")
    @Nullable String where;

    @Option(names = "--versions", description = "All versions, newest first, with delete markers.")
    boolean versions;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (FileObjectStore s = Cli.openStore(store.dir, null)) {
        if (where == null) {
          for (BucketInfo b : s.listBuckets()) {
            out.println(b.created() + "  " + b.name() + (b.versioned() ? "  (versioned)" : ""));
          }
          return KeyRotateCli.OK;
        }
        Cli.Address a = Cli.address(where, false);
        if (s.bucket(a.bucket()) == null) {
          throw new CliInputException("no such bucket '" + a.bucket() + "'");
        }
        print(s, a.bucket(), a.key(), versions, out);
      }
      out.flush();
      return KeyRotateCli.OK;
    }

    /** Prints the listing of {@code bucket/prefix}. */
    static void print(FileObjectStore s, String bucket, String prefix, boolean versions, PrintWriter out) {
      ListRequest req = new ListRequest(bucket, prefix, null, ListRequest.DEFAULT_MAX_RESULTS);
      ObjectRef next;
      do {
        VersionPage page = s.list(req);
        for (ObjectVersion v : page.versions()) {
          if (!versions && (!v.latest() || v.deleteMarker())) {
            continue;
          }
          out.println(line(v, versions));
        }
        next = page.next();
        req = req.withStartAfter(next);
      } while (next != null);
    }

    private static String line(ObjectVersion v, boolean versions) {
      StringBuilder b = new StringBuilder();
      b.append(v.modTime().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append("  ");
      if (v.deleteMarker()) {
        b.append(String.format(Locale.ROOT, "%9s  %-9s %-12s", "-", "DELETED", "-"));
      } else {
        EncryptionState e = v.encryption();
        String key = keyId(e);
        b.append(
            String.format(
                Locale.ROOT, "%9d  %-9s %-12s", v.size(), encryption(e), key == null ? "-" : key));
      }
      if (versions) {
        b.append("  ").append(String.format(Locale.ROOT, "%-36s", v.versionId() == null ? "null" : v.versionId()));
        b.append(v.latest() ? " *" : "  ");
      }
      return b.append("  ").append(v.key()).toString();
    }
  }

  /** {@code keyrotate store stat}. */
  @Command(
      name = "stat",
      mixinStandardHelpOptions = true,
      description = {
        "Describe a version as one JSON object: bucket, key, versionId, latest, deleteMarker, size,",
        "modTime, encryption (PLAINTEXT|SSE_S3|SSE_KMS|SSE_C|UNKNOWN), keyId, context, tags,",
        "metadata, legalHold, retentionMode, retainUntil, parts."
      })
  static final class Stat implements Callable<Integer> {
    @Spec CommandSpec spec = CommandSpec.create();
    @Mixin StoreDir store = new StoreDir();
    @Mixin VersionArgs version = new VersionArgs();

    @Override
    public Integer call() {
      version.address();
      try (FileObjectStore s = Cli.openStore(store.dir, null)) {
        spec.commandLine().getOut().println(json(version.require(s)));
      }
      return KeyRotateCli.OK;
    }

    static String json(ObjectVersion v) {
      EncryptionState e = v.encryption();
      ObjectLock lock = v.lock();
      StringBuilder b = new StringBuilder("{");
      b.append("\"bucket\":").append(Cli.json(v.bucket()));
      b.append(",\"key\":").append(Cli.json(v.key()));
      b.append(",\"versionId\":").append(Cli.json(v.versionId()));
      b.append(",\"latest\":").append(v.latest());
      b.append(",\"deleteMarker\":").append(v.deleteMarker());
      b.append(",\"size\":").append(v.size());
      b.append(",\"modTime\":").append(Cli.json(v.modTime().toString()));
      b.append(",\"encryption\":").append(Cli.json(v.deleteMarker() ? null : encryption(e)));
      b.append(",\"keyId\":").append(Cli.json(keyId(e)));
      if (e instanceof EncryptionState.SseKms) {
        b.append(",\"context\":").append(Cli.json(((EncryptionState.SseKms) e).context()));
      }
      if (e instanceof EncryptionState.Unknown) {
        b.append(",\"encryptionError\":").append(Cli.json(((EncryptionState.Unknown) e).reason()));
      }
      b.append(",\"tags\":").append(Cli.json(v.tags()));
      b.append(",\"metadata\":").append(Cli.json(v.userMetadata()));
      b.append(",\"legalHold\":").append(lock.legalHold());
      b.append(",\"retentionMode\":").append(Cli.json(lock.mode() == null ? null : lock.mode().name()));
      b.append(",\"retainUntil\":")
          .append(Cli.json(lock.retainUntil() == null ? null : lock.retainUntil().toString()));
      b.append(",\"parts\":").append(v.partCount());
      return b.append('}').toString();
    }
  }

  /** {@code keyrotate store rm}. */
  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = {
        "Delete an object the S3 way: in a versioned bucket a delete marker, or with --version-id",
        "that version for good. Locked versions are never removed."
      })
  static final class Rm implements Callable<Integer> {
    @Spec CommandSpec spec = CommandSpec.create();
    @Mixin StoreDir store = new StoreDir();
    @Mixin VersionArgs version = new VersionArgs();

    @Override
    public Integer call() {
      Cli.Address a = version.address();
      try (FileObjectStore s = Cli.openStore(store.dir, null)) {
        ObjectVersion v = version.require(s);
        ObjectVersion marker = s.delete(a.bucket(), a.key(), version.versionId);
        spec.commandLine().getOut().println(
            marker == null
                ? "removed " + v.describe()
                : "deleted " + a.bucket() + "/" + a.key() + " (delete marker " + marker.versionId() + ")");
      }
      return KeyRotateCli.OK;
    }
  }
}
