package analytics.domain.archive;

/** Why an open batch was finished and its files put into the archive. */
public enum RotationReason {
    /** it holds the configured number of records */
    RECORD_COUNT,
    /** a record of a later record-time hour arrived */
    RECORD_HOUR,
    /** nothing arrived for the idle timeout (wall clock: a replay may cut elsewhere) */
    IDLE,
    /** its partition is given to another consumer, or the writer stops */
    HAND_OVER
}
