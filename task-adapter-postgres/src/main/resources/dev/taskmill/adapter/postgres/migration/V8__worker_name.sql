-- The worker that claimed a task, as the status page names workers (taskmill-<node>-<n>): set
-- by the claim, cleared when the task goes back to waiting. Tasks claimed before this version
-- have none.
ALTER TABLE task ADD COLUMN worker_name text;
