-- The tasks a node claimed that still hold their claims (PostgresTaskRepository.CLAIMED_BY):
-- what the node itself compares with its workers, and what the others end or release when it
-- is lost. Few at any time, whatever the number of tasks stored.
CREATE INDEX task_claimed_by_node ON task (node) WHERE NOT claims_released AND state <> 'waiting' AND node IS NOT NULL;
