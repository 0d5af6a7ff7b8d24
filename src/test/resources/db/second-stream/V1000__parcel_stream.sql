-- A second event stream, for tests only (SecondEventStreamIntegrationTest): its own topic and two shard tables of
-- the outbox shape. Adding a stream takes exactly this migration and an @Externalized event type; no outbox code.
INSERT INTO outbox_topic (topic, table_prefix, shard_count) VALUES ('test.parcels', 'outbox_parcel', 2);

CREATE TABLE outbox_parcel_0 (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event_id       CHAR(36)     NOT NULL,
    aggregate_type VARCHAR(64)  NOT NULL,
    aggregate_id   VARCHAR(64)  NOT NULL,
    event_type     VARCHAR(128) NOT NULL,
    sequence       BIGINT       NOT NULL,
    occurred_at    DATETIME(6)  NOT NULL,
    payload        JSON         NOT NULL,
    headers        JSON         NOT NULL,
    created_at     DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT uk_outbox_parcel_0_event UNIQUE (event_id),
    CONSTRAINT uk_outbox_parcel_0_sequence UNIQUE (aggregate_id, sequence)
);

CREATE TABLE outbox_parcel_1 (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event_id       CHAR(36)     NOT NULL,
    aggregate_type VARCHAR(64)  NOT NULL,
    aggregate_id   VARCHAR(64)  NOT NULL,
    event_type     VARCHAR(128) NOT NULL,
    sequence       BIGINT       NOT NULL,
    occurred_at    DATETIME(6)  NOT NULL,
    payload        JSON         NOT NULL,
    headers        JSON         NOT NULL,
    created_at     DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT uk_outbox_parcel_1_event UNIQUE (event_id),
    CONSTRAINT uk_outbox_parcel_1_sequence UNIQUE (aggregate_id, sequence)
);
