/**
 * Reading and writing keyrotate job files (YAML): {@link io.keyrotate.yaml.KeyRotateYaml}.
 */
@NullMarked
package io.keyrotate.yaml;

import org.jspecify.annotations.NullMarked;
