-- The jobs table and the indexes the worker side needs (claiming is by primary key).
CREATE TABLE IF NOT EXISTS ${table} (
    id                ${id_column},
    user_name         VARCHAR(50)  NOT NULL,
    request_type      VARCHAR(50)  NOT NULL,
    request_data      TEXT         NOT NULL,
    queue_name        VARCHAR(63)  NOT NULL,
    status            SMALLINT     NOT NULL,
    created           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at           TIMESTAMP WITH TIME ZONE,
    send_count        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMP WITH TIME ZONE,
    started           TIMESTAMP WITH TIME ZONE,
    completed         TIMESTAMP WITH TIME ZONE,
    queue_latency_ms  BIGINT,
    duration_ms       BIGINT,
    cleared           BOOLEAN      NOT NULL DEFAULT FALSE,
    result_data       TEXT,
    exception_data    TEXT,
    retry_count       INTEGER      NOT NULL DEFAULT 0,
    lease_owner       VARCHAR(100),
    lease_expires_at  TIMESTAMP WITH TIME ZONE,
    version           BIGINT       NOT NULL DEFAULT 0,
    progress_percent  SMALLINT,
    progress_message  VARCHAR(200),
    cancel_requested  BOOLEAN      NOT NULL DEFAULT FALSE
);

-- A user's notification list: findActiveJobs (user_name = ? AND NOT cleared ORDER BY created DESC).
CREATE INDEX IF NOT EXISTS ${index}_user_active ON ${table} (user_name, created DESC, id DESC) WHERE cleared = FALSE;

-- The sweeper: PENDING jobs never sent (sent_at IS NULL, updated_at < ?) or sent long ago (sent_at < ?).
CREATE INDEX IF NOT EXISTS ${index}_sweep ON ${table} (sent_at, updated_at) WHERE status = 0;

-- Stale-lease recovery: RUNNING jobs whose lease expired (lease_expires_at < ?).
CREATE INDEX IF NOT EXISTS ${index}_lease ON ${table} (lease_expires_at) WHERE status = 1;
