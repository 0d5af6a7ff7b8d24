/** Logging: which known harmless messages of embedded servers are not errors. */
@NullMarked
package platform.logging;

import org.jspecify.annotations.NullMarked;
