-- Pulp 2.4+ clients know no state 'timed out': a task past its time limit is in 'error', and a
-- task in 'error' or 'skipped' names its cause with a code (ErrorCode). Rows stored before get
-- the code their exception shows; TaskRows reads a row an earlier version writes after this by
-- the same rules.
ALTER TABLE task ADD COLUMN error_code text;
UPDATE task SET state = 'error', error_code = 'TMK0002' WHERE state = 'timed out';
UPDATE task SET error_code = CASE
        WHEN exception LIKE 'NodeLostError:%' THEN 'TMK0003'
        WHEN exception LIKE 'IllegalStateException: Taskmill stopped%' THEN 'TMK0004'
        ELSE 'TMK0001' END
    WHERE state = 'error' AND error_code IS NULL;
UPDATE task SET error_code = 'TMK0005' WHERE state = 'skipped' AND error_code IS NULL;
