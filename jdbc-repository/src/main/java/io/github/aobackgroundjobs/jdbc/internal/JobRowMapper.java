package io.github.aobackgroundjobs.jdbc.internal;

import static io.github.aobackgroundjobs.jdbc.internal.SqlValues.readInstant;
import static io.github.aobackgroundjobs.jdbc.internal.SqlValues.readInteger;
import static io.github.aobackgroundjobs.jdbc.internal.SqlValues.readLong;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Maps a row of the jobs table to a {@link BackgroundJobInfo}.
 *
 * @param <K> the key type
 */
public final class JobRowMapper<K> implements RowMapper<BackgroundJobInfo<K>> {

    private final JobKeyType<K> keyType;

    /** @param keyType the key type of the table */
    public JobRowMapper(JobKeyType<K> keyType) {
        this.keyType = keyType;
    }

    @Override
    public BackgroundJobInfo<K> map(ResultSet rs, StatementContext ctx) throws SQLException {
        BackgroundJobInfo<K> job = new BackgroundJobInfo<>();
        job.setId(keyType.cast(rs.getObject("id", keyType.javaType())));
        job.setUserName(rs.getString("user_name"));
        job.setRequestType(rs.getString("request_type"));
        job.setRequestData(rs.getString("request_data"));
        job.setQueueName(rs.getString("queue_name"));
        job.setStatus(JobStatus.fromCode(rs.getInt("status")));
        job.setCreated(readInstant(rs, "created"));
        job.setUpdatedAt(readInstant(rs, "updated_at"));
        job.setSentAt(readInstant(rs, "sent_at"));
        job.setSendCount(rs.getInt("send_count"));
        job.setNextAttemptAt(readInstant(rs, "next_attempt_at"));
        job.setStarted(readInstant(rs, "started"));
        job.setCompleted(readInstant(rs, "completed"));
        job.setQueueLatencyMillis(readLong(rs, "queue_latency_ms"));
        job.setDurationMillis(readLong(rs, "duration_ms"));
        job.setCleared(rs.getBoolean("cleared"));
        job.setResultData(rs.getString("result_data"));
        job.setExceptionData(rs.getString("exception_data"));
        job.setAttempts(rs.getInt("retry_count"));
        job.setLeaseOwner(rs.getString("lease_owner"));
        job.setLeaseExpiresAt(readInstant(rs, "lease_expires_at"));
        job.setVersion(rs.getLong("version"));
        job.setProgressPercent(readInteger(rs, "progress_percent"));
        job.setProgressMessage(rs.getString("progress_message"));
        job.setCancelRequested(rs.getBoolean("cancel_requested"));
        return job;
    }
}
