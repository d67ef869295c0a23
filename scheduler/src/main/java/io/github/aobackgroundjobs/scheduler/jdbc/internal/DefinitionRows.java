package io.github.aobackgroundjobs.scheduler.jdbc.internal;

import io.github.aobackgroundjobs.scheduler.MissedFirePolicy;
import io.github.aobackgroundjobs.scheduler.spi.DefinitionState;
import io.github.aobackgroundjobs.scheduler.spi.StoredDefinition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/** Reads and binds definition rows; instants as UTC offsets, microseconds. */
public final class DefinitionRows implements RowMapper<DefinitionState> {

    /** Every column, in the order {@link #bindDefinition} names them. */
    public static final String COLUMNS =
            "name, kind, schedule, zone, queue_name, user_name, request_type, request_data, "
                    + "missed_fire_policy, lateness_ms";

    /** The parameters of {@link #COLUMNS}. */
    public static final String PARAMETERS =
            ":name, :kind, :schedule, :zone, :queueName, :userName, :requestType, :requestData, :policy, :latenessMs";

    @Override
    public DefinitionState map(ResultSet rs, StatementContext ctx) throws SQLException {
        StoredDefinition definition = new StoredDefinition(
                rs.getString("name"),
                StoredDefinition.Kind.valueOf(rs.getString("kind")),
                rs.getString("schedule"),
                ZoneId.of(rs.getString("zone")),
                rs.getString("queue_name"),
                rs.getString("user_name"),
                rs.getString("request_type"),
                rs.getString("request_data"),
                MissedFirePolicy.valueOf(rs.getString("missed_fire_policy")),
                Duration.ofMillis(rs.getLong("lateness_ms")));
        return new DefinitionState(
                definition,
                rs.getBoolean("declared"),
                rs.getBoolean("paused"),
                instant(rs, "next_fire_at"),
                instant(rs, "last_fire_at"),
                rs.getString("last_job_id"),
                rs.getString("last_run_summary"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /**
     * @param t an instant, or null
     * @return it at offset 0, cut to microseconds (what both databases keep)
     */
    public static OffsetDateTime utc(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /**
     * @param update the statement
     * @param d the definition
     * @return the statement with the definition's parameters bound
     */
    public static Update bindDefinition(Update update, StoredDefinition d) {
        return update.bind("name", d.name())
                .bind("kind", d.kind().name())
                .bind("schedule", d.schedule())
                .bind("zone", d.zone().getId())
                .bind("queueName", d.queueName())
                .bind("userName", d.userName())
                .bind("requestType", d.requestType())
                .bind("requestData", d.requestJson())
                .bind("policy", d.missedFirePolicy().name())
                .bind("latenessMs", d.lateness().toMillis());
    }
}
