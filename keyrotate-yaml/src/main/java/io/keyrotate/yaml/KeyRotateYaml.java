package io.keyrotate.yaml;

import io.keyrotate.JobDefinitionException;
import io.keyrotate.job.KeyRotateJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes keyrotate job files: the YAML of the product document ({@code keyrotate:} with
 * {@code apiVersion}, {@code bucket}, {@code prefix}, {@code encryption}, {@code flags.filter}, {@code
 * flags.notify}, {@code flags.retry}), made strict.
 *
 * <h2>Reading</h2>
 *
 * <ul>
 *   <li>The document is one mapping with the single key {@code keyrotate}; MinIO's other batch job types
 *       ({@code replicate}, {@code expire}) are refused. {@code apiVersion} ({@code v1}) and {@code
 *       bucket} are required.
 *   <li>Unknown keys, duplicate keys, wrong types and values with no value ({@code key:} followed by
 *       nothing) are errors. A section whose lines are all commented out ({@code filter:} with nothing
 *       under it) is an empty section; {@code encryption: {}} means the default KMS key and no context,
 *       and {@code notify: {}} means no notification.
 *   <li>{@code prefix} is a string or a non-empty list of strings. {@code tags} and {@code metadata} are
 *       non-empty lists of {@code {key, value}}, both required ({@code value: "*"} matches any value).
 *   <li>{@code kmskeyid} (MinIO's spelling) is accepted as an alias of {@code kmskey}; giving both is an
 *       error. {@code encryption.type: sse-kms} (present in MinIO's job files) is accepted and ignored;
 *       any other type is an error, because keyrotate always seals with SSE-KMS.
 *   <li>An empty {@code encryption.key} means the KMS default key, as in MinIO; an empty {@code
 *       encryption.context} means no context. {@code context} is standard padded base64 of a JSON
 *       object whose values are strings.
 *   <li>Durations ({@code newerThan}, {@code olderThan}, {@code delay}) use {@link
 *       io.keyrotate.job.Durations} syntax; a bare number is an error that asks for a unit. Dates use
 *       {@link io.keyrotate.job.Dates} syntax, quoted or not: the text is read, never a YAML timestamp.
 *       Booleans are exactly {@code true} or {@code false}; {@code attempts} is a whole number ≥ 1.
 *   <li>A whole unquoted value of the form {@code <name>} is a template placeholder left in (see
 *       {@link #template()}) and is an error in every field; quoted ({@code "<name>"}) it is the text.
 * </ul>
 *
 * <p>Every problem is a {@link JobDefinitionException} naming the field path (for example {@code
 * keyrotate.flags.filter.newerThan}), the 1-based line and column, and what was expected. No other
 * exception escapes, for any input: the text is limited to {@value #MAX_CHARS} characters, nesting and
 * aliases are bounded, and the YAML library's failures are translated (without their source excerpts,
 * which could show the notify token). The notify token never appears in a message.
 *
 * <h2>Writing</h2>
 *
 * <p>{@link #write} emits the same shape, only the sections that differ from the defaults, and {@code
 * parse(write(job))} equals {@code job}. The token is written: it is part of the job, so treat the
 * output as a secret when the job has one.
 *
 * <p>Thread-safe (stateless).
 */
public final class KeyRotateYaml {
  /** The longest job text accepted, in characters (and, for files, in bytes). */
  public static final int MAX_CHARS = YamlSource.MAX_CHARS;

  private static final String TEMPLATE =
      "# keyrotate batch job: encrypts plaintext objects with SSE-KMS and rotates the keys of SSE-S3\n"
          + "# and SSE-KMS objects to the current KMS key. Replace every <placeholder>, and delete the\n"
          + "# optional lines you do not need.\n"
          + "keyrotate:\n"
          + "  apiVersion: v1\n"
          + "  bucket: <bucket> # the bucket to process\n"
          + "  prefix: <prefix> # optional: a key prefix, or a list of prefixes\n"
          + "  encryption:\n"
          + "    key: <kms-key-id> # optional, defaults to the default KMS key\n"
          + "    context: <base64-encoded-kms-context> # optional KMS encryption context\n"
          + "\n"
          + "  # optional flags based filtering criteria\n"
          + "  # for all objects\n"
          + "  flags:\n"
          + "    filter:\n"
          + "      newerThan: <duration> # match objects newer than this value (e.g. 7d10h31s)\n"
          + "      olderThan: <duration> # match objects older than this value (e.g. 7d10h31s)\n"
          + "      createdAfter: <date> # match objects created after this date (YYYY-MM-DD or RFC 3339)\n"
          + "      createdBefore: <date> # match objects created before this date\n"
          + "      tags:\n"
          + "        - key: \"name\"\n"
          + "          value: \"pick*\" # match objects with tag 'name', with all values starting with"
          + " 'pick'\n"
          + "      metadata:\n"
          + "        - key: \"content-type\"\n"
          + "          value: \"image/*\" # match objects with 'content-type', with all values starting"
          + " with 'image/'\n"
          + "      kmskey: <kms-key-id> # match objects encrypted with this KMS key-id\n"
          + "      plaintextOnly: false # set to true to only process unencrypted objects\n"
          + "      forceEncryptLocked: false # set to true to rotate keys on locked encrypted objects\n"
          + "    notify:\n"
          + "      endpoint: <https-url> # notification endpoint to receive job status events\n"
          + "      token: <token> # optional Authorization header value, e.g. \"Bearer xxxxx\"\n"
          + "    retry:\n"
          + "      attempts: 3 # number of attempts per object before giving up\n"
          + "      delay: \"25ms\" # least amount of delay between each retry\n";

  private KeyRotateYaml() {}

  /**
   * Parses a job.
   *
   * @param yaml the job text
   * @return the job
   * @throws JobDefinitionException naming the field, line and column of the first problem
   */
  public static KeyRotateJob parse(String yaml) {
    String text = yaml.startsWith("\ufeff") ? yaml.substring(1) : yaml;
    return new JobReader().read(YamlSource.compose(text));
  }

  /**
   * Parses a job from a reader, reading at most {@link #MAX_CHARS} + 1 characters. The reader is not
   * closed.
   *
   * @param reader the job text
   * @return the job
   * @throws JobDefinitionException for a problem in the job, a read error, or too long a text
   */
  public static KeyRotateJob parse(Reader reader) {
    StringBuilder b = new StringBuilder();
    char[] buf = new char[8192];
    try {
      int n;
      while ((n = reader.read(buf, 0, Math.min(buf.length, MAX_CHARS + 1 - b.length()))) > 0) {
        b.append(buf, 0, n);
        if (b.length() > MAX_CHARS) {
          throw new JobDefinitionException(
              JobReader.ROOT, "the job text is longer than " + MAX_CHARS + " characters");
        }
      }
    } catch (IOException e) {
      throw new JobDefinitionException(
          JobReader.ROOT, -1, -1, "cannot read the job text: " + e.getMessage(), e);
    }
    return parse(b.toString());
  }

  /**
   * Parses a job file (UTF-8, with or without a byte-order mark).
   *
   * @param file the job file
   * @return the job
   * @throws JobDefinitionException for a problem in the job, or a file that cannot be read, is larger
   *     than {@link #MAX_CHARS} bytes or is not UTF-8; the message names the file
   */
  public static KeyRotateJob parse(Path file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_CHARS + 1);
    } catch (IOException e) {
      throw new JobDefinitionException(
          JobReader.ROOT,
          -1,
          -1,
          "cannot read job file " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage(),
          e);
    }
    if (bytes.length > MAX_CHARS) {
      throw new JobDefinitionException(
          JobReader.ROOT, "job file " + file + " is larger than " + MAX_CHARS + " bytes");
    }
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    String text;
    try {
      text = utf8.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new JobDefinitionException(JobReader.ROOT, "job file " + file + " is not UTF-8 text");
    }
    return parse(text);
  }

  /**
   * Writes a job as YAML that {@link #parse(String)} reads back to an equal job. Includes the notify
   * token when the job has one.
   *
   * @param job the job
   * @return the YAML document
   */
  public static String write(KeyRotateJob job) {
    return JobWriter.write(job);
  }

  /**
   * A commented job template in the shape of the product document's sample ({@code mc batch generate}).
   * Every {@code <placeholder>} must be replaced (or its optional line deleted): left in, each is an
   * error naming its field.
   *
   * @return the template text
   */
  public static String template() {
    return TEMPLATE;
  }
}
