/** Implementation helpers shared by keyrotate modules; not API, exported only to keyrotate modules. */
@NullMarked
package io.keyrotate.internal;

import org.jspecify.annotations.NullMarked;
