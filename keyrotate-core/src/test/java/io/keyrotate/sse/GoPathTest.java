package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Examples of Go's path.Clean / path.Join (from Go's own documentation and minio-keyrotate.md
 * §4.4).
 */
class GoPathTest {

  @ParameterizedTest(name = "clean({0}) = {1}")
  @CsvSource(
      value = {
        "'', .",
        "., .",
        "/, /",
        "//, /",
        "a/c, a/c",
        "a//c, a/c",
        "a/c/., a/c",
        "a/c/b/.., a/c",
        "/../a/c, /a/c",
        "/../a/b/../././/c, /a/c",
        "../../a, ../../a",
        "a/../.., ..",
        "a/../../b, ../b",
        "./a/, a",
        "/./, /",
        "..., ...",
        ".a/..b, .a/..b",
        "x\\y/.., .",
      },
      emptyValue = "")
  void clean_goExamples_matchGo(String in, String out) {
    assertEquals(out, GoPath.clean(in));
  }

  @ParameterizedTest(name = "join({0}, {1}) = {2}")
  @CsvSource(
      value = {
        "bucket, object, bucket/object",
        "bucket, '', bucket",
        "bucket, a//b/, bucket/a/b",
        "b, dir/, b/dir",
        "bucket, ./x/../y, bucket/y",
        "bucket, ../x, x",
        "bucket, .., .",
        "bucket, ../../etc/passwd, ../etc/passwd",
        "'', '', ''",
        "'', x, x",
        "'', /x, /x",
        "bucket/, x, bucket/x",
        "bucket, /, bucket",
        "bucket-one, ../bucket-two/obj, bucket-two/obj",
      },
      emptyValue = "")
  void join_specExamples_matchGo(String bucket, String object, String out) {
    assertEquals(out, GoPath.join(bucket, object));
  }
}
