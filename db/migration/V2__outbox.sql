-- The transactional outbox, split per destination topic and by key hash.
--
-- outbox_topic is the registry: which tables feed which Kafka topic and how many shards there are. The shard
-- count is part of the schema on purpose: changing it is a migration (drain, then re-create), never a runtime
-- flag that could send events of one delivery to two tables and so lose their order.
-- A row's shard is CRC-32(UTF-8 bytes of aggregate_id) mod shard_count.
CREATE TABLE outbox_topic (
    topic        VARCHAR(249) NOT NULL PRIMARY KEY,
    table_prefix VARCHAR(64)  NOT NULL,
    shard_count  INT          NOT NULL,
    CONSTRAINT uk_outbox_topic_prefix UNIQUE (table_prefix)
);

INSERT INTO outbox_topic (topic, table_prefix, shard_count) VALUES ('delivery.events', 'outbox_delivery', 8);

CREATE TABLE outbox_delivery_0 (
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
    CONSTRAINT uk_outbox_delivery_0_event UNIQUE (event_id),
    CONSTRAINT uk_outbox_delivery_0_sequence UNIQUE (aggregate_id, sequence)
);

CREATE TABLE outbox_delivery_1 (
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
    CONSTRAINT uk_outbox_delivery_1_event UNIQUE (event_id),
    CONSTRAINT uk_outbox_delivery_1_sequence UNIQUE (aggregate_id, sequence)
);

CREATE TABLE outbox_delivery_2 (
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
    CONSTRAINT uk_outbox_delivery_2_event UNIQUE (event_id),
    CONSTRAINT uk_outbox_delivery_2_sequence UNIQUE (aggregate_id, sequence)
);

CREATE TABLE outbox_delivery_3 (
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
    CONSTRAINT uk_outbox_delivery_3_event UNIQUE (event_id),
    CONSTRAINT uk_outbox_delivery_3_sequence UNIQUE (aggregate_id, sequence)
);

CREATE TABLE outbox_delivery_4 (
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
    CONSTRAINT uk_outbox_delivery_4_event UNIQUE (event_id),
    CONSTRAINT uk_outbox_delivery_4_sequence UNIQUE (aggregate_id, sequence)
);

CREATE TABLE outbox_delivery_5 (
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
    CONSTRAINT uk_outbox_delivery_5_event UNIQUE (event_id),
    CONSTRAINT uk_outbox_delivery_5_sequence UNIQUE (aggregate_id, sequence)
);

CREATE TABLE outbox_delivery_6 (
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
    CONSTRAINT uk_outbox_delivery_6_event UNIQUE (event_id),
    CONSTRAINT uk_outbox_delivery_6_sequence UNIQUE (aggregate_id, sequence)
);

CREATE TABLE outbox_delivery_7 (
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
    CONSTRAINT uk_outbox_delivery_7_event UNIQUE (event_id),
    CONSTRAINT uk_outbox_delivery_7_sequence UNIQUE (aggregate_id, sequence)
);
