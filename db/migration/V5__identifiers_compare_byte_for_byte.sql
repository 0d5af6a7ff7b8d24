-- Identifiers compare byte for byte. Until now their collation came from the server's and the database's defaults
-- (utf8mb4_unicode_ci on the embedded server), under which 'Ab-1' = 'ab-1', 'ss-1' = 'ß-1', 'é' = 'e' + U+0301
-- and, as a PAD SPACE collation, 'TS-1' = 'TS-1 ': the unique key on (order_service, order_id) made a second,
-- different order a "conflicting hand-over" that could never be delivered. Nothing is normalised now.
--
-- The collation is binary *and* NO PAD: MariaDB's utf8mb4_bin and MySQL's utf8mb4_bin still ignore trailing
-- spaces. MariaDB calls it utf8mb4_nopad_bin (10.2+), MySQL 8 utf8mb4_0900_bin (8.0.17+), so the statement is
-- built for the server it runs on. jOOQ's code generator reads these scripts too and needs none of this.
-- [jooq ignore start]
SET @relay_identifier_collation = IF(VERSION() LIKE '%MariaDB%', 'utf8mb4_nopad_bin', 'utf8mb4_0900_bin');

SET @relay_ddl = CONCAT('ALTER TABLE delivery',
    ' MODIFY id CHAR(36) CHARACTER SET utf8mb4 COLLATE ', @relay_identifier_collation, ' NOT NULL,',
    ' MODIFY order_service VARCHAR(64) CHARACTER SET utf8mb4 COLLATE ', @relay_identifier_collation, ' NOT NULL,',
    ' MODIFY order_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE ', @relay_identifier_collation, ' NOT NULL,',
    ' MODIFY status VARCHAR(32) CHARACTER SET utf8mb4 COLLATE ', @relay_identifier_collation, ' NOT NULL,',
    ' MODIFY rider_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE ', @relay_identifier_collation, ' NULL,',
    ' MODIFY delivery_service VARCHAR(64) CHARACTER SET utf8mb4 COLLATE ', @relay_identifier_collation, ' NULL,',
    ' MODIFY routing_rule VARCHAR(64) CHARACTER SET utf8mb4 COLLATE ', @relay_identifier_collation, ' NULL');
PREPARE relay_statement FROM @relay_ddl;
EXECUTE relay_statement;
DEALLOCATE PREPARE relay_statement;

SET @relay_ddl = CONCAT('ALTER TABLE routing_rule_set',
    ' MODIFY changed_by VARCHAR(100) CHARACTER SET utf8mb4 COLLATE ', @relay_identifier_collation, ' NOT NULL');
PREPARE relay_statement FROM @relay_ddl;
EXECUTE relay_statement;
DEALLOCATE PREPARE relay_statement;
-- [jooq ignore stop]
