-- The dashboard page query, newest first, for each of its common filters (and its capped count).
-- status is included so that the statistics' counts by status read the index only.
CREATE INDEX IF NOT EXISTS ${index}_created ON ${table} (created DESC, id DESC) INCLUDE (status);
CREATE INDEX IF NOT EXISTS ${index}_user_created ON ${table} (user_name, created DESC, id DESC);
CREATE INDEX IF NOT EXISTS ${index}_status_created ON ${table} (status, created DESC, id DESC);
CREATE INDEX IF NOT EXISTS ${index}_type_created ON ${table} (request_type, created DESC, id DESC);

-- The live stream's catch-up after a reconnect: updated_at > ? ORDER BY updated_at.
CREATE INDEX IF NOT EXISTS ${index}_updated ON ${table} (updated_at);

-- Statistics (throughput, durations, recent failures by completed time) and purge (completed < ? AND status IN ...).
-- request_type and duration_ms are included so that throughput and per-type durations read the index only.
CREATE INDEX IF NOT EXISTS ${index}_completed ON ${table} (completed, status) INCLUDE (request_type, duration_ms)
    WHERE completed IS NOT NULL;
