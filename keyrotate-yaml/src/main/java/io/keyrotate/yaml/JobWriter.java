package io.keyrotate.yaml;

import io.keyrotate.job.Dates;
import io.keyrotate.job.Durations;
import io.keyrotate.job.Encryption;
import io.keyrotate.job.Filter;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.KeyValueFilter;
import io.keyrotate.job.Notify;
import io.keyrotate.job.Retry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.NonPrintableStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Writes a job in the shape of the product document's sample: {@code apiVersion}, {@code bucket},
 * {@code prefix}, {@code encryption} (always, {@code {}} for the defaults), then only the {@code flags}
 * sections and fields that differ from the defaults. The emitter quotes every string that the reader's
 * schema (YAML 1.2 core) would otherwise read as something else, and escapes what is not printable.
 */
final class JobWriter {
  private static final DumpSettings SETTINGS =
      DumpSettings.builder()
          .setDefaultFlowStyle(FlowStyle.BLOCK)
          .setSchema(new CoreSchema())
          .setIndent(2)
          .setIndicatorIndent(2)
          .setIndentWithIndicator(true)
          .setSplitLines(false)
          .setWidth(Integer.MAX_VALUE)
          .setNonPrintableStyle(NonPrintableStyle.ESCAPE)
          .setDereferenceAliases(true)
          .build();

  private JobWriter() {}

  /** A string that must be quoted: unquoted it would read back as a template placeholder. */
  private record Quoted(String text) {}

  private static final class Representer extends StandardRepresenter {
    Representer() {
      super(SETTINGS);
      representers.put(
          Quoted.class,
          data -> representScalar(Tag.STR, ((Quoted) data).text(), ScalarStyle.DOUBLE_QUOTED));
    }
  }

  private static Object text(String s) {
    return JobReader.PLACEHOLDER.matcher(s).matches() ? new Quoted(s) : s;
  }

  static String write(KeyRotateJob job) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", job.apiVersion());
    body.put("bucket", job.bucket());
    List<String> prefixes = job.prefixes();
    if (prefixes.size() == 1) {
      body.put("prefix", text(prefixes.get(0)));
    } else if (!prefixes.isEmpty()) {
      List<Object> list = new ArrayList<>(prefixes.size());
      for (String p : prefixes) {
        list.add(text(p));
      }
      body.put("prefix", list);
    }
    body.put("encryption", encryption(job.encryption()));
    Map<String, Object> flags = new LinkedHashMap<>();
    if (!job.filter().equals(Filter.none())) {
      flags.put("filter", filter(job.filter()));
    }
    Notify notify = job.notification();
    if (notify != null) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("endpoint", text(notify.endpoint().toString()));
      String token = notify.token();
      if (token != null) {
        n.put("token", text(token));
      }
      flags.put("notify", n);
    }
    if (!job.retry().equals(Retry.defaults())) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("attempts", job.retry().attempts());
      r.put("delay", Durations.format(job.retry().delay()));
      flags.put("retry", r);
    }
    if (!flags.isEmpty()) {
      body.put("flags", flags);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(JobReader.ROOT, body);
    return new Dump(SETTINGS, new Representer()).dumpToString(doc);
  }

  private static Map<String, Object> encryption(Encryption e) {
    Map<String, Object> m = new LinkedHashMap<>();
    String key = e.key();
    if (key != null) {
      m.put("key", text(key));
    }
    if (!e.context().isEmpty()) {
      m.put("context", Encryption.encodeContext(e.context()));
    }
    return m;
  }

  private static Map<String, Object> filter(Filter f) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (f.newerThan() != null) {
      m.put("newerThan", Durations.format(f.newerThan()));
    }
    if (f.olderThan() != null) {
      m.put("olderThan", Durations.format(f.olderThan()));
    }
    if (f.createdAfter() != null) {
      m.put("createdAfter", Dates.format(f.createdAfter()));
    }
    if (f.createdBefore() != null) {
      m.put("createdBefore", Dates.format(f.createdBefore()));
    }
    if (!f.tags().isEmpty()) {
      m.put("tags", entries(f.tags()));
    }
    if (!f.metadata().isEmpty()) {
      m.put("metadata", entries(f.metadata()));
    }
    if (f.kmsKey() != null) {
      m.put("kmskey", text(f.kmsKey()));
    }
    if (f.plaintextOnly()) {
      m.put("plaintextOnly", true);
    }
    if (f.forceEncryptLocked()) {
      m.put("forceEncryptLocked", true);
    }
    return m;
  }

  private static List<Object> entries(List<KeyValueFilter> list) {
    List<Object> out = new ArrayList<>(list.size());
    for (KeyValueFilter e : list) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", text(e.key()));
      m.put("value", text(e.value()));
      out.add(m);
    }
    return out;
  }
}
