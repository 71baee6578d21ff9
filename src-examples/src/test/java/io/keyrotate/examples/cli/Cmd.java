package io.keyrotate.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Runs the command line in-process or as a child JVM and checks its output conventions. */
final class Cmd {
  private Cmd() {}

  /** What a run printed and returned. */
  record Result(int code, String out, String err) {
    /** Asserts the exit code and, for failures, a single {@code keyrotate: } line on stderr. */
    Result expect(int expected) {
      assertEquals(expected, code, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
      if (expected == KeyRotateCli.OK) {
        assertEquals("", err, "stderr of a success");
      } else {
        assertOneLineError();
      }
      return this;
    }

    void assertOneLineError() {
      assertEquals(1, err.strip().lines().count(), () -> "one error line, got:\n" + err);
      assertTrue(err.startsWith("keyrotate: "), err);
      assertFalse(err.contains("\tat "), () -> "no stack trace: " + err);
      assertFalse(err.contains("Exception"), () -> "no exception class names: " + err);
    }

    Result errContains(String s) {
      assertTrue(err.contains(s), () -> "stderr should contain '" + s + "':\n" + err);
      return this;
    }

    Result outContains(String s) {
      assertTrue(out.contains(s), () -> "stdout should contain '" + s + "':\n" + out);
      return this;
    }
  }

  /** Runs {@link KeyRotateCli#run(PrintWriter, PrintWriter, String...)} in this JVM. */
  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = KeyRotateCli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Runs {@code java -cp <this test class path> KeyRotateCli args} as a child process. */
  static Result child(String... args) {
    return exec(
        javaCommand("-cp", System.getProperty("java.class.path"), KeyRotateCli.class.getName()), args);
  }

  /** Runs {@code java -jar jar args} as a child process. */
  static Result jar(Path jar, String... args) {
    return exec(javaCommand("-jar", jar.toString()), args);
  }

  static List<String> javaCommand(String... rest) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xshare:auto");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.addAll(List.of(rest));
    return cmd;
  }

  static Result exec(List<String> command, String... args) {
    List<String> cmd = new ArrayList<>(command);
    cmd.addAll(List.of(args));
    return execIn(cmd, null);
  }

  static Result execIn(List<String> cmd, @Nullable Path dir) {
    try {
      Path out = Files.createTempFile("kr-out", ".txt");
      Path err = Files.createTempFile("kr-err", ".txt");
      try {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        if (dir != null) {
          pb.directory(dir.toFile());
        }
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError("timed out: " + cmd);
        }
        return new Result(
            p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SHA-256 of every regular file under {@code root}, by relative path. */
  static Map<String, String> hashTree(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          out.put(root.relativize(p).toString(), sha256(Files.readAllBytes(p)));
        } else if (Files.isDirectory(p)) {
          out.put(root.relativize(p) + "/", "dir");
        }
      }
    }
    return out;
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
