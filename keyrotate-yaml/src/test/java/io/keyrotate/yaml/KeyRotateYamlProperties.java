package io.keyrotate.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyrotate.job.Filter;
import io.keyrotate.job.KeyRotateJob;
import java.io.StringReader;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

class KeyRotateYamlProperties {

  @Property(tries = 1000)
  void parse_ofWrite_isIdentity(@ForAll("jobs") KeyRotateJob job) {
    String yaml = KeyRotateYaml.write(job);
    assertEquals(job, KeyRotateYaml.parse(yaml), yaml);
  }

  @Property(tries = 1000)
  @StatisticsReport(onFailureOnly = true)
  void jobs_generator_coversEverySection(@ForAll("jobs") KeyRotateJob job) {
    Statistics.label("filter").collect(!job.filter().equals(Filter.none()));
    Statistics.label("notify").collect(job.notification() != null);
    Statistics.label("prefix").collect(!job.prefixes().isEmpty());
    Statistics.label("context").collect(!job.encryption().context().isEmpty());
    Statistics.label("tags").collect(!job.filter().tags().isEmpty());
    for (String label : new String[] {"filter", "notify", "prefix", "context", "tags"}) {
      Statistics.label(label).coverage(c -> c.check(true).percentage(p -> p > 10));
    }
  }

  @Property(tries = 200)
  void write_isStableAndReaderAgreesWithString(@ForAll("jobs") KeyRotateJob job) {
    String yaml = KeyRotateYaml.write(job);
    assertEquals(yaml, KeyRotateYaml.write(KeyRotateYaml.parse(yaml)));
    assertEquals(job, KeyRotateYaml.parse(new StringReader(yaml)));
  }

  @Provide
  Arbitrary<KeyRotateJob> jobs() {
    return Jobs.jobs();
  }
}
