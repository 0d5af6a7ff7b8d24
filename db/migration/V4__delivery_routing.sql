-- The delivery service a delivery was routed to, the rule that chose it and the rule set version it belonged to.
-- NULL only for deliveries created before routing existed.
ALTER TABLE delivery ADD COLUMN delivery_service VARCHAR(64) NULL;
ALTER TABLE delivery ADD COLUMN routing_rule VARCHAR(64) NULL;
ALTER TABLE delivery ADD COLUMN routing_rule_set_version BIGINT NULL;
