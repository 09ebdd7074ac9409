-- The queue: waiting tasks in admission order. Claiming reads it from the front; a partial
-- index holds only the waiting tasks, so that no plan, whatever share of the table the
-- statistics last saw waiting, walks the finished tasks in position order to find them.
CREATE INDEX task_waiting_position ON task (position) WHERE state = 'waiting';

-- A held claim lives from its task's admission until the task releases its claims, in the
-- statements that insert and update the task; retention deletes only tasks that released
-- theirs. The foreign key only cost a check of the task row per claim admitted.
ALTER TABLE held_claim DROP CONSTRAINT held_claim_task_id_fkey;

-- Running tasks are few (at most the workers of all nodes): the node watch finds a lost
-- node's through the (state, position) index, and a claim no longer pays for one more.
DROP INDEX task_running_node;
