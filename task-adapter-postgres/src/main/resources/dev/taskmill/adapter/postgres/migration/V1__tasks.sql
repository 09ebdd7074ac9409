-- Tasks as the domain's Task holds them; instants as nanoseconds since the epoch, so that
-- they read back exactly as they were written. JSON values keep their text (json, not jsonb).
CREATE SEQUENCE task_position;

CREATE TABLE task (
    id              uuid PRIMARY KEY,
    position        bigint NOT NULL UNIQUE,
    operation       text NOT NULL,
    args            json NOT NULL,
    claims          json NOT NULL,
    tags            text[] NOT NULL,
    cancellable     boolean NOT NULL,
    timeout_nanos   bigint,
    job_id          text,
    schedule_id     text,
    response        text NOT NULL,
    reasons         json NOT NULL,
    state           text NOT NULL,
    progress        json NOT NULL,
    result          json,
    exception       text,
    traceback       text,
    submit_nanos    bigint NOT NULL,
    submitter       text,
    start_nanos     bigint,
    finish_nanos    bigint,
    claims_released boolean NOT NULL,
    version         bigint NOT NULL
);

-- listings by state, and the waiting queue, in admission order
CREATE INDEX task_state_position ON task (state, position);
-- listings by tag
CREATE INDEX task_tags ON task USING gin (tags);
-- listings of one user's tasks
CREATE INDEX task_submitter_position ON task (submitter, position) WHERE submitter IS NOT NULL;
-- retention
CREATE INDEX task_expiry ON task (finish_nanos) WHERE claims_released;

-- The claims tasks still hold: a row lives from admission until its task releases its claims.
CREATE TABLE held_claim (
    task_id       uuid NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    ordinal       int NOT NULL,
    position      bigint NOT NULL,
    resource_type text NOT NULL,
    resource_id   text NOT NULL,
    operation     text NOT NULL,
    PRIMARY KEY (task_id, ordinal)
);

CREATE INDEX held_claim_resource ON held_claim (resource_type, resource_id, position);
