-- The nodes using the database, each heartbeating; a running task names the node running it.
CREATE TABLE node (
    id        uuid PRIMARY KEY,
    started   timestamptz NOT NULL DEFAULT clock_timestamp(),
    heartbeat timestamptz NOT NULL DEFAULT clock_timestamp()
);

ALTER TABLE task ADD COLUMN node uuid;

CREATE INDEX task_running_node ON task (node) WHERE state = 'running';
