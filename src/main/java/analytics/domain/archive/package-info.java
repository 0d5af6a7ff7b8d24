/**
 * The archive's rules, as the Kafka Connect S3 sink has them: which file a record goes to (its source partition,
 * the hour of its record time), what a file is called (topic, partition and first offset, so that a replay writes
 * the same names), when an open batch is finished (record count, a later record-time hour, idle time) and which
 * files a restarted writer must delete before it writes a partition again.
 */
@NullMarked
package analytics.domain.archive;

import org.jspecify.annotations.NullMarked;
