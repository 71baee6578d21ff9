/** YAML binding of keyrotate job files, built on snakeyaml-engine. */
@org.jspecify.annotations.NullMarked
module io.keyrotate.yaml {
  requires transitive io.keyrotate.api;
  requires org.snakeyaml.engine;
  requires static transitive org.jspecify;
}
