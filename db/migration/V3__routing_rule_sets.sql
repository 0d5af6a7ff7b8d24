-- Routing rule sets, one row per version. Operators edit and activate a rule set as a whole, so each version is
-- one JSON document; the highest version is the active one. Rows are never updated or deleted: they are the
-- history of who changed the routing, when, and why.
CREATE TABLE routing_rule_set (
    version      BIGINT        NOT NULL PRIMARY KEY,
    document     LONGTEXT      NOT NULL,
    changed_by   VARCHAR(100)  NOT NULL,
    changed_at   DATETIME(6)   NOT NULL,
    change_note  VARCHAR(500)  NULL
);

-- Version 1: every delivery goes to the in-house riders until an operator sets rules.
INSERT INTO routing_rule_set (version, document, changed_by, changed_at, change_note)
VALUES (1,
        '{"timeZone":"UTC","services":["in-house"],"zones":[],"rules":[],"fallback":"in-house"}',
        'migration', '2026-01-01 00:00:00.000000', 'initial rule set: everything to in-house riders');
