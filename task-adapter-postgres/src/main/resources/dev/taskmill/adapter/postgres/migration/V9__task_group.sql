-- A task group's tasks carry its id as job_id (POST /v2/task_groups/): its state summary and
-- its cancel read them by it. Only tasks of a group have one, so the index holds those alone.
CREATE INDEX task_job_id_position ON task (job_id, position) WHERE job_id IS NOT NULL;
