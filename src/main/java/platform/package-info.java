/**
 * The deployment shell around the four application modules: embedded servers for the zero-configuration run,
 * module detection and HTTP plumbing shared by every inbound web adapter. Not an application module itself.
 */
@NullMarked
package platform;

import org.jspecify.annotations.NullMarked;
