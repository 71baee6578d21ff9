package io.keyrotate.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes the README's quick-start commands (after {@code package}, so the jar exists): the first
 * command's {@code java -jar} steps run as written, in the project root, with the store directory moved
 * to a temporary one; its leading build step is what Maven just did and is checked, not re-run. The second
 * command must be {@code mvn -B verify} (this very build).
 */
class ReadmeQuickStartIT {
  static final String JAR = "src-examples/target/keyrotate.jar";

  @TempDir Path tmp;

  /** The non-comment lines of the README's first fenced block. */
  static List<String> quickStart(Path readme) throws IOException {
    List<String> lines = Files.readAllLines(readme);
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("```")) {
        start = i;
        break;
      }
    }
    assertTrue(start >= 0 && start < 5, "the quick start is the README's first block, at the top");
    List<String> commands = new ArrayList<>();
    for (int i = start + 1; !lines.get(i).startsWith("```"); i++) {
      String l = lines.get(i).strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        commands.add(l);
      }
    }
    return commands;
  }

  @Test
  void readme_quickStartCommands_runAndShowTheSummary() throws IOException {
    Path root = Path.of(System.getProperty("keyrotate.root", "..")).toAbsolutePath().normalize();
    List<String> commands = quickStart(root.resolve("README.md"));
    assertEquals(2, commands.size(), commands.toString());
    assertEquals("mvn -B verify", commands.get(1));

    String[] steps = commands.get(0).split(" && ");
    assertTrue(steps[0].startsWith("mvn ") && steps[0].contains(" package"), steps[0]);
    assertTrue(steps.length >= 3, commands.get(0));
    Path jar = root.resolve(JAR);
    assertTrue(Files.isRegularFile(jar), "the build made " + jar);
    Path store = tmp.resolve("kr");
    String last = "";
    for (int i = 1; i < steps.length; i++) {
      String step = steps[i].replace("/tmp/kr", store.toString());
      assertTrue(step.startsWith("java -jar " + JAR + " "), step);
      List<String> cmd = new ArrayList<>(Cmd.javaCommand("-jar", JAR));
      cmd.addAll(List.of(step.substring(("java -jar " + JAR + " ").length()).split(" +")));
      Cmd.Result r = Cmd.execIn(cmd, root);
      r.expect(0);
      last = r.out();
    }
    assertTrue(last.contains(" complete in "), last);
    assertTrue(last.contains("encrypt") && last.contains("rewrap") && last.contains("internal data: 3 rotated"), last);
  }
}
