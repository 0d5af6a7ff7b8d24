package outbox.domain;

/** What the relay of one shard is doing on this instance. */
public enum ShardState {
    /** another instance relays it (or the relay is off) */
    NOT_OWNED,
    /** its binlog reader is starting */
    STARTING,
    /** relaying */
    RUNNING,
    /** a send failed; the shard waits and retries the same records, in order */
    RETRYING
}
