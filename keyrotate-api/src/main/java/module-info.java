/**
 * The keyrotate API: the job model ({@code io.keyrotate.job}), the service-provider interfaces a storage
 * server implements ({@code io.keyrotate.spi}), and the exception hierarchy and small value types
 * ({@code io.keyrotate}). It depends on nothing but jspecify annotations.
 */
// "module": the qualified export names modules that are compiled after this one.
@SuppressWarnings("module")
@org.jspecify.annotations.NullMarked
module io.keyrotate.api {
  requires static transitive org.jspecify;

  exports io.keyrotate;
  exports io.keyrotate.job;
  exports io.keyrotate.spi;
  exports io.keyrotate.internal to
      io.keyrotate.core,
      io.keyrotate.yaml;
}
