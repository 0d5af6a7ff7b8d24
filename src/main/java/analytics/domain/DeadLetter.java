package analytics.domain;

import org.jspecify.annotations.Nullable;

/**
 * A record of {@code delivery.events} (or of the re-drive topic) the analytics step could not read, kept unchanged
 * on the dead-letter topic with why and where from, so that nothing is lost and an operator can re-drive it after
 * a fix. The header names below are the dead-letter topic's contract (also in
 * {@code docs/contracts/asyncapi-analytics-channels.yaml}).
 */
public record DeadLetter(Reason reason, String detail, String sourceTopic, int sourcePartition, long sourceOffset,
        @Nullable String key) {

    /** Where records that cannot be read go, keyed as they came (by delivery id if they had one). */
    public static final String TOPIC = "analytics.delivery-events.dlt";
    /**
     * Where an operator's re-drive puts dead letters back. Owned by analytics and co-partitioned with
     * {@code delivery.events}: the step reads both, and a re-driven event meets its delivery's state in the same task.
     */
    public static final String REDRIVE_TOPIC = "analytics.delivery-events.redrive";

    /** why, as one of {@link Reason#code()} */
    public static final String REASON_HEADER = "dlt.reason";
    /** what exactly was wrong, for a person */
    public static final String DETAIL_HEADER = "dlt.detail";
    public static final String SOURCE_TOPIC_HEADER = "dlt.source.topic";
    public static final String SOURCE_PARTITION_HEADER = "dlt.source.partition";
    public static final String SOURCE_OFFSET_HEADER = "dlt.source.offset";

    /**
     * A dead letter can only go back if it has a delivery id as key: the key decides the partition, and so the state
     * it meets, and no fix can give a record another key.
     */
    public boolean redrivable() {
        return key != null && reason != Reason.NO_KEY;
    }

    public enum Reason {
        /** no delivery id as the record key */
        NO_KEY("no-key"),
        /** envelope headers missing or malformed, or they disagree with the payload */
        BAD_ENVELOPE("bad-envelope"),
        /** an event type this version does not know */
        UNKNOWN_EVENT_TYPE("unknown-event-type"),
        /** a payload schema version this version does not know */
        UNSUPPORTED_SCHEMA_VERSION("unsupported-schema-version"),
        /** the payload is not the JSON of its event type, or lacks a required field */
        UNREADABLE_PAYLOAD("unreadable-payload");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
