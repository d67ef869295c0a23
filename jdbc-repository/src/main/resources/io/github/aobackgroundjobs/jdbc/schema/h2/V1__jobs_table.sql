-- The jobs table and the indexes the worker side needs (claiming is by primary key).
CREATE TABLE IF NOT EXISTS ${table} (
    id                ${id_column},
    user_name         VARCHAR(50)  NOT NULL,
    request_type      VARCHAR(50)  NOT NULL,
    request_data      CHARACTER LARGE OBJECT NOT NULL,
    queue_name        VARCHAR(63)  NOT NULL,
    status            SMALLINT     NOT NULL,
    created           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    sent_at           TIMESTAMP(6) WITH TIME ZONE,
    send_count        INTEGER      DEFAULT 0 NOT NULL,
    next_attempt_at   TIMESTAMP(6) WITH TIME ZONE,
    started           TIMESTAMP(6) WITH TIME ZONE,
    completed         TIMESTAMP(6) WITH TIME ZONE,
    queue_latency_ms  BIGINT,
    duration_ms       BIGINT,
    cleared           BOOLEAN      DEFAULT FALSE NOT NULL,
    result_data       CHARACTER LARGE OBJECT,
    exception_data    CHARACTER LARGE OBJECT,
    retry_count       INTEGER      DEFAULT 0 NOT NULL,
    lease_owner       VARCHAR(100),
    lease_expires_at  TIMESTAMP(6) WITH TIME ZONE,
    version           BIGINT       DEFAULT 0 NOT NULL,
    progress_percent  SMALLINT,
    progress_message  VARCHAR(200),
    cancel_requested  BOOLEAN      DEFAULT FALSE NOT NULL
);

-- A user's notification list: findActiveJobs (user_name = ? AND NOT cleared ORDER BY created DESC).
CREATE INDEX IF NOT EXISTS ${index}_user_active ON ${table} (user_name, cleared, created DESC, id DESC);

-- The sweeper: PENDING jobs never sent (sent_at IS NULL, updated_at < ?) or sent long ago (sent_at < ?).
CREATE INDEX IF NOT EXISTS ${index}_sweep ON ${table} (status, sent_at, updated_at);

-- Stale-lease recovery: RUNNING jobs whose lease expired (lease_expires_at < ?).
CREATE INDEX IF NOT EXISTS ${index}_lease ON ${table} (status, lease_expires_at);
