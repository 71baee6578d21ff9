package io.keyrotate.yaml;

import io.keyrotate.JobDefinitionException;
import io.keyrotate.internal.Texts;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Turns untrusted text into one snakeyaml node tree, or a {@link JobDefinitionException} with a line and
 * column. Nothing else escapes: every failure of the YAML library is translated here.
 *
 * <p>The library's own exception is never attached as the cause: its message quotes the surrounding
 * source lines, which may hold the notify token.
 */
final class YamlSource {
  /** The largest job text accepted, in characters. */
  static final int MAX_CHARS = 1 << 20;

  private static final LoadSettings SETTINGS =
      LoadSettings.builder()
          .setLabel("job")
          .setSchema(new CoreSchema())
          .setAllowDuplicateKeys(false)
          .setAllowRecursiveKeys(false)
          // JobReader refuses non-string keys itself, with a position and the field path.
          .setAllowNonScalarKeys(true)
          .setMaxAliasesForCollections(GuardedParser.MAX_ALIASES)
          .setCodePointLimit(MAX_CHARS)
          .setParseComments(false)
          .setUseMarks(true)
          .build();

  private YamlSource() {}

  /**
   * Composes the single document of {@code text}.
   *
   * @return the root node, or {@code null} for an empty document
   */
  static @Nullable Node compose(String text) {
    if (text.length() > MAX_CHARS) {
      throw new JobDefinitionException(
          "keyrotate",
          "the job text has " + text.length() + " characters; at most " + MAX_CHARS + " are accepted");
    }
    GuardedParser parser =
        new GuardedParser(new ParserImpl(SETTINGS, new StreamReader(SETTINGS, text)));
    try {
      Optional<Node> root = new Composer(SETTINGS, parser).getSingleNode();
      return root.orElse(null);
    } catch (JobDefinitionException e) {
      throw e;
    } catch (ReaderException e) {
      int[] lc = lineColumn(text, e.getPosition());
      throw new JobDefinitionException(
              parser.path(),
              lc[0],
              lc[1],
              String.format(
                  "is not valid YAML: the character U+%04X is not allowed in YAML text",
                  e.getCodePoint()),
              null);
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
      String context = e.getContext() == null ? "" : Texts.clip(e.getContext()) + ", ";
      String problem = e.getProblem() == null ? "syntax error" : Texts.clip(e.getProblem());
      throw error(
          parser.path(),
          mark.isPresent() ? mark : parser.lastMark(),
          "is not valid YAML: " + context + problem);
    } catch (RuntimeException e) {
      // YamlEngineException without a position (limits), or anything unexpected from the library.
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : Texts.clip(e.getMessage());
      throw error(parser.path(), parser.lastMark(), "could not be read as YAML: " + why);
    }
  }

  /** An error at a snakeyaml mark (0-based) or without a position. */
  static JobDefinitionException error(String field, Optional<Mark> mark, String problem) {
    if (mark.isEmpty()) {
      return new JobDefinitionException(field, problem);
    }
    return new JobDefinitionException(
        field, mark.get().getLine() + 1, mark.get().getColumn() + 1, problem, null);
  }

  /** The 1-based line and column of a code-point offset in {@code text}. */
  static int[] lineColumn(String text, int codePointOffset) {
    int line = 1;
    int column = 1;
    int cp = 0;
    for (int i = 0; i < text.length() && cp < codePointOffset; cp++) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new int[] {line, column};
  }
}
