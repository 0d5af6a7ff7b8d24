package outbox.domain;

/** Whether a shard's binlog reader on this instance is connected to the database. */
public enum ReaderConnection {
    /** streaming from the binlog (or reading the table for a snapshot) */
    CONNECTED,
    /** running but without a binlog connection: it reads nothing until it reconnects */
    DISCONNECTED,
    /** no reader runs here: the shard is not owned, or its reader is starting or waiting to restart */
    ABSENT
}
