-- A delivery handed over by an order service. Its version is also the sequence number of the last event it
-- published, so the row and the outbox agree on "how many changes has this delivery seen".
CREATE TABLE delivery (
    id                        CHAR(36)      NOT NULL PRIMARY KEY,
    order_service             VARCHAR(64)   NOT NULL,
    order_id                  VARCHAR(64)   NOT NULL,
    status                    VARCHAR(32)   NOT NULL,
    shop_name                 VARCHAR(200)  NOT NULL,
    pickup_address            VARCHAR(500)  NOT NULL,
    pickup_latitude           DECIMAL(9, 6) NOT NULL,
    pickup_longitude          DECIMAL(9, 6) NOT NULL,
    dropoff_address           VARCHAR(500)  NOT NULL,
    dropoff_latitude          DECIMAL(9, 6) NOT NULL,
    dropoff_longitude         DECIMAL(9, 6) NOT NULL,
    requested_at              DATETIME(6)   NOT NULL,
    rider_id                  VARCHAR(64)   NULL,
    rider_assigned_at         DATETIME(6)   NULL,
    pickup_ready_requested_at DATETIME(6)   NULL,
    picked_up_at              DATETIME(6)   NULL,
    delivered_at              DATETIME(6)   NULL,
    cancelled_at              DATETIME(6)   NULL,
    cancel_reason             VARCHAR(500)  NULL,
    version                   BIGINT        NOT NULL,
    created_at                DATETIME(6)   NOT NULL,
    updated_at                DATETIME(6)   NOT NULL,
    -- idempotent hand-over: one delivery per order of an order service
    CONSTRAINT uk_delivery_order UNIQUE (order_service, order_id)
);

-- listing by status, newest first, with keyset-friendly tie breaker
CREATE INDEX idx_delivery_status_created ON delivery (status, created_at, id);
