-- Recurring definitions, one row per name, locked while a fire is claimed.
CREATE TABLE IF NOT EXISTS ${definitions} (
    name                VARCHAR(100) NOT NULL PRIMARY KEY,
    kind                VARCHAR(10)  NOT NULL,
    schedule            VARCHAR(200) NOT NULL,
    zone                VARCHAR(60)  NOT NULL,
    queue_name          VARCHAR(63)  NOT NULL,
    user_name           VARCHAR(50)  NOT NULL,
    request_type        VARCHAR(50)  NOT NULL,
    request_data        TEXT NOT NULL,
    missed_fire_policy  VARCHAR(10)  NOT NULL,
    lateness_ms         BIGINT       NOT NULL,
    declared            BOOLEAN      NOT NULL,
    paused              BOOLEAN      NOT NULL DEFAULT FALSE,
    next_fire_at        TIMESTAMP WITH TIME ZONE,
    last_fire_at        TIMESTAMP WITH TIME ZONE,
    last_job_id         VARCHAR(40),
    last_run_summary    VARCHAR(1000),
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row per fire time queued (QUEUED, with its job), run (RAN, a task) or skipped as missed
-- (SKIPPED, covering fire_time through skipped_through): the key makes a fire time unique.
CREATE TABLE IF NOT EXISTS ${fires} (
    definition_name     VARCHAR(100) NOT NULL,
    fire_time           TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome             VARCHAR(10)  NOT NULL,
    job_id              VARCHAR(40),
    skipped_through     TIMESTAMP WITH TIME ZONE,
    recorded_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (definition_name, fire_time)
);

-- Retention of fire records (fire_time < ?).
CREATE INDEX IF NOT EXISTS ${fires_index}_time ON ${fires} (fire_time);
