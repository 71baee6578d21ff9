/**
 * YAML binding of keyrotate job files, built on snakeyaml-engine: {@link io.keyrotate.yaml.KeyRotateYaml}.
 */
@org.jspecify.annotations.NullMarked
module io.keyrotate.yaml {
  requires transitive io.keyrotate.api;
  requires org.snakeyaml.engine;
  requires static transitive org.jspecify;

  exports io.keyrotate.yaml;
}
