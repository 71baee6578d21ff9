package io.keyrotate.examples.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.runner.JobReport;
import io.keyrotate.runner.JobState;
import io.keyrotate.runner.ObjectOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the embedding example as users would. */
class RunJobExampleTest {
  @Test
  void demo_plaintextAndOldKeyObject_encryptedAndRewrappedUnderTheNewDefault() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    JobReport r = RunJobExample.demo(new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertEquals(JobState.COMPLETE, r.state());
    assertEquals("new-key", r.targetKeyId());
    assertEquals(1L, r.countsByAction().get(ObjectOutcome.Action.ENCRYPT));
    assertEquals(1L, r.countsByAction().get(ObjectOutcome.Action.REWRAP));
    String json = buf.toString(StandardCharsets.UTF_8);
    assertTrue(json.contains("\"status\":\"complete\"") && json.contains("\"objects\":2"), json);
  }

  @Test
  void main_runs() throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      RunJobExample.main();
    } finally {
      System.setOut(old);
    }
    assertTrue(buf.toString(StandardCharsets.UTF_8).contains("\"jobType\":\"keyrotate\""));
  }
}
