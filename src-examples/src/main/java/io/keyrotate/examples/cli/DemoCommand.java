package io.keyrotate.examples.cli;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectVersion;
import io.keyrotate.SecretBytes;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.spi.BlobWrite;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.sse.AeadCipher;
import io.keyrotate.sse.ConfigBlob;
import io.keyrotate.sse.SseSpec;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.PutRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keyrotate demo --store DIR [--keyring FILE] [--reset]}: creates a store holding a realistic mixed
 * bucket, {@value #BUCKET} (the bucket of the product document's examples), and the keyring its encrypted
 * objects are sealed under, so that every job in {@code src-examples/jobs/} has something to do.
 *
 * <p><b>Keyring.</b> {@code DIR/keyring} unless {@code --keyring} names another file; it must not exist.
 * Keeping the demo's keys beside its data is a demo convenience, never a deployment layout. Its keys:
 * {@value #OLD_KEY} (the former default key, which sealed most objects) and {@value #NEW_KEY} (the
 * default, rotated once, so objects sealed under its first version are outdated).
 *
 * <p><b>Contents</b> (one versioned bucket, modification times spread over the last 90 days): plaintext
 * objects (one with three versions), SSE-S3 objects under either key, SSE-KMS objects under {@value
 * #OLD_KEY}, under {@value #NEW_KEY} version 1 and under its current version, a multipart SSE-KMS object,
 * an SSE-C object (its random key is not kept), a plaintext object under legal hold, an encrypted object
 * under retention, tagged objects and objects with content types, a delete marker; plus internal data
 * (server config and IAM items as MinIO's KMS-encrypted config blobs under {@value #OLD_KEY}, and one
 * plaintext blob).
 *
 * <p>{@code --reset} first deletes {@code DIR} when it is a keyrotate store, so the quick start can be
 * run again; any other non-empty directory is refused.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Create a demo store with a mixed bucket 'my-bucket' and its keyring.",
      "The keyring is DIR/keyring unless --keyring is given. The bucket holds plaintext, SSE-S3,",
      "SSE-KMS under an old key and an outdated key version, SSE-C, locked, tagged and multipart",
      "objects, several versions and a delete marker; the store holds encrypted internal data."
    })
final class DemoCommand implements Callable<Integer> {
  static final String BUCKET = "my-bucket";
  static final String OLD_KEY = "old-key-id";
  static final String NEW_KEY = "new-key";

  @Spec CommandSpec spec = CommandSpec.create();

  @Option(names = "--store", required = true, paramLabel = "DIR", description = "Store directory to create.")
  Path dir = Path.of("");

  @Option(
      names = "--keyring",
      paramLabel = "FILE",
      description = "Keyring file to create (default: DIR/keyring).")
  @Nullable Path keyring;

  @Option(names = "--reset", description = "Delete DIR first if it is a keyrotate store.")
  boolean reset;

  private final Random random = new Random(20261128);
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private int objects;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path ring = keyring != null ? keyring : dir.resolve("keyring");
    prepare(ring);
    try (FileObjectStore fresh = Cli.openOrCreateStore(dir, null)) {
      fresh.createBucket(BUCKET, true);
    }
    Path ringDir = DareCommand.directoryOf(ring);
    if (!Files.isDirectory(ringDir)) {
      throw new CliInputException("--keyring: no such directory: " + ringDir);
    }
    try (LocalKms kms = LocalKms.create(ring, OLD_KEY);
        FileObjectStore s = FileObjectStore.builder(dir).kms(kms).open()) {
      seed(s, kms);
      out.println("created demo store " + dir.toAbsolutePath().normalize() + " with bucket " + BUCKET
          + " (" + objects + " versions) and internal data");
      out.println("keyring " + ring.toAbsolutePath().normalize() + ": keys " + OLD_KEY + " v1, " + NEW_KEY
          + " v2 (default)");
      out.println();
      StoreCommand.Ls.print(s, BUCKET, "", true, out);
      out.println();
      out.println("next: keyrotate run src-examples/jobs/encrypt-and-rotate.yaml --store " + dir
          + " --keyring " + ring + " [--dry-run]");
    }
    out.flush();
    return KeyRotateCli.OK;
  }

  /** Refuses to overwrite anything but an old demo (with --reset). */
  private void prepare(Path ring) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new CliInputException("--store: not a directory: " + dir);
    }
    if (Files.isDirectory(dir) && !isEmpty(dir)) {
      if (!reset) {
        throw new CliInputException(
            "--store: " + dir + " is not empty; add --reset to recreate a demo store there, or pick"
                + " another directory");
      }
      if (!Files.isRegularFile(dir.resolve(Cli.STORE_MARKER))) {
        throw new CliInputException(
            "--store: " + dir + " is not empty and not a keyrotate store; --reset only deletes stores");
      }
      deleteTree(dir);
    }
    if (Files.exists(ring)) {
      throw new CliInputException(
          "--keyring: " + ring + " exists; the demo creates its own keyring (remove it or pick another file)");
    }
  }

  private static boolean isEmpty(Path d) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
      return !ds.iterator().hasNext();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, @Nullable IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            if (!d.equals(root)) {
              Files.delete(d);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private void seed(FileObjectStore s, LocalKms kms) {
    // Written while old-key-id is the default key.
    put(s, "docs/readme.txt", text("Welcome, version 1.\n", 40), null, daysAgo(90), Map.of("Content-Type", "text/plain"), Map.of(), ObjectLock.none());
    put(s, "docs/readme.txt", text("Welcome, version 2.\n", 60), null, daysAgo(30), Map.of("Content-Type", "text/plain"), Map.of(), ObjectLock.none());
    put(s, "docs/readme.txt", text("Welcome, version 3.\n", 80), null, daysAgo(2), Map.of("Content-Type", "text/plain"), Map.of(), ObjectLock.none());
    put(s, "docs/report.pdf", bytes(96 * 1024), null, daysAgo(40), Map.of("Content-Type", "application/pdf", "X-Amz-Meta-Owner", "alice"), Map.of("project", "apollo"), ObjectLock.none());
    put(s, "images/cat.png", bytes(150 * 1024), SseSpec.s3(), daysAgo(20), Map.of("Content-Type", "image/png"), Map.of("name", "picture-cat"), ObjectLock.none());
    put(s, "images/dog.jpg", bytes(70 * 1024), SseSpec.kms(OLD_KEY, Map.of("project", "apollo")), daysAgo(15), Map.of("Content-Type", "image/jpeg"), Map.of("name", "picture-dog"), ObjectLock.none());
    put(s, "logs/app.log", text("GET /index.html 200\n", 2000), SseSpec.kms(OLD_KEY, Map.of()), daysAgo(10), Map.of("Content-Type", "text/plain"), Map.of(), ObjectLock.none());
    put(s, "logs/app.log", text("GET /about.html 200\n", 2500), SseSpec.kms(OLD_KEY, Map.of()), daysAgo(9), Map.of("Content-Type", "text/plain"), Map.of(), ObjectLock.none());
    s.put(
        PutRequest.builder(BUCKET, "media/video.mp4")
            .data(bytes(3 * 200 * 1024))
            .parts(List.of(200L * 1024, 200L * 1024, 200L * 1024))
            .encryption(SseSpec.kms(OLD_KEY, Map.of()))
            .modTime(daysAgo(8))
            .userMetadata(Map.of("Content-Type", "video/mp4"))
            .build());
    objects++;
    put(s, "legal/contract.pdf", bytes(30 * 1024), null, daysAgo(60), Map.of("Content-Type", "application/pdf"), Map.of("name", "contract"), new ObjectLock(null, null, true));
    put(s, "legal/signed.pdf", bytes(30 * 1024), SseSpec.kms(OLD_KEY, Map.of()), daysAgo(59), Map.of("Content-Type", "application/pdf"), Map.of(),
        new ObjectLock(ObjectLock.RetentionMode.GOVERNANCE, now.plus(Duration.ofDays(3650)), false));
    byte[] c = new byte[32];
    new SecureRandom().nextBytes(c);
    try (SecretBytes customerKey = SecretBytes.wrapOwned(c)) {
      put(s, "secrets/customer.bin", bytes(4 * 1024), SseSpec.customer(customerKey), daysAgo(5), Map.of(), Map.of(), ObjectLock.none());
    }
    put(s, "tmp/scratch.txt", text("scratch\n", 10), null, daysAgo(3), Map.of(), Map.of(), ObjectLock.none());
    s.delete(BUCKET, "tmp/scratch.txt", null);
    objects++;
    internalData(s, kms);

    // new-key becomes the default; objects sealed under its version 1, which is then rotated.
    kms.createKey(NEW_KEY);
    kms.setDefaultKey(NEW_KEY);
    put(s, "images/bird.gif", bytes(20 * 1024), SseSpec.s3(), daysAgo(1), Map.of("Content-Type", "image/gif"), Map.of("name", "picture-bird"), ObjectLock.none());
    put(s, "logs/audit.log", text("login alice\n", 500), SseSpec.kms(NEW_KEY, Map.of()), daysAgo(1), Map.of("Content-Type", "text/plain"), Map.of(), ObjectLock.none());
    kms.rotateKey(NEW_KEY);
    put(s, "logs/today.log", text("login bob\n", 300), SseSpec.kms(NEW_KEY, Map.of()), now.minus(Duration.ofHours(2)), Map.of("Content-Type", "text/plain"), Map.of(), ObjectLock.none());
  }

  /** MinIO's KMS-encrypted config blobs under the old key, and one plaintext blob. */
  private void internalData(FileObjectStore s, LocalKms kms) {
    Map<String, String> items =
        Map.of(
            "config/config.json", "{\"version\":\"33\",\"region\":{\"_\":[{\"key\":\"name\",\"value\":\"us-east-1\"}]}}",
            "config/iam/users/alice/identity.json", "{\"version\":1,\"credentials\":{\"accessKey\":\"alice\",\"secretKey\":\"demo-not-a-secret\",\"status\":\"on\"}}",
            "config/iam/policydb/users/alice.json", "{\"version\":1,\"policy\":\"readwrite\"}",
            "buckets/my-bucket/.metadata.bin", "{\"name\":\"my-bucket\",\"versioning\":\"Enabled\"}");
    SecureRandom rnd = new SecureRandom();
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(items).entrySet()) {
      try (DataKey k =
          kms.generateKey(new GenerateKeyRequest(OLD_KEY, ConfigBlob.context(e.getKey()).asMap()))) {
        byte[] blob =
            ConfigBlob.encrypt(
                OLD_KEY, k.ciphertext().toByteArray(), AeadCipher.AES_256_GCM, k.plaintext(),
                e.getValue().getBytes(StandardCharsets.UTF_8), rnd);
        s.internalData().write(BlobWrite.create(e.getKey(), blob));
      }
    }
    s.internalData().write(
        BlobWrite.create("format.json", "{\"version\":\"1\",\"format\":\"xl\"}".getBytes(StandardCharsets.UTF_8)));
  }

  private Instant daysAgo(int days) {
    return now.minus(Duration.ofDays(days)).minusSeconds(random.nextInt(3600));
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] text(String line, int times) {
    return line.repeat(times).getBytes(StandardCharsets.UTF_8);
  }

  private void put(
      FileObjectStore s,
      String key,
      byte[] data,
      @Nullable SseSpec sse,
      Instant modTime,
      Map<String, String> meta,
      Map<String, String> tags,
      ObjectLock lock) {
    PutRequest.Builder b =
        PutRequest.builder(BUCKET, key).data(data).modTime(modTime).userMetadata(meta).tags(tags).lock(lock);
    if (sse != null) {
      b.encryption(sse);
    }
    ObjectVersion v = s.put(b.build());
    if (sse != null && v.encryption() instanceof EncryptionState.Plaintext) {
      throw new IllegalStateException("demo object " + key + " was not encrypted");
    }
    objects++;
  }
}
