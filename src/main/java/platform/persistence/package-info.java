/** Transactions that say what became of a change when they fail. */
@NullMarked
package platform.persistence;

import org.jspecify.annotations.NullMarked;
