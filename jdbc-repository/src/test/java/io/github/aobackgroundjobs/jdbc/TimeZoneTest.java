package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Instants round-trip exactly with the JVM and the database session far from UTC and on
 * opposite sides of it, including around a daylight-saving change.
 */
class TimeZoneTest {

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void instantsRoundTripExactlyWhateverTheZones(RepositoryFixture.Database database) {
        assertThat(TimeZone.getDefault().getRawOffset())
                .as("JVM zone from the surefire configuration")
                .isEqualTo(14 * 3_600_000);
        RepositoryFixture<Long> fixture = RepositoryFixture.longKeys(database);
        if (database == RepositoryFixture.Database.POSTGRESQL) {
            String sessionZone = Jdbi.create(fixture.dataSource)
                    .withHandle(h ->
                            h.createQuery("SHOW TimeZone").mapTo(String.class).one());
            assertThat(sessionZone).isEqualTo(TestDatabases.SESSION_ZONE.getId());
        }
        JdbiJobRepository<Long> repo = fixture.repository;
        // Before, at and after the 2026 European DST change, and the edges of the day in UTC.
        Instant[] instants = {
            Instant.parse("2026-03-29T00:59:59.999999Z"), Instant.parse("2026-03-29T01:00:00Z"),
            Instant.parse("2026-10-25T00:30:00.000001Z"), Instant.parse("2026-12-31T23:59:59.999999Z"),
            Instant.parse("1999-01-01T00:00:00Z"), Instant.parse("2100-02-28T12:00:00.5Z"),
        };
        for (Instant instant : instants) {
            BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
            job.setUserName("tz");
            job.setRequestType("Tz");
            job.setRequestData("{}");
            job.setQueueName("tz-queue");
            job.setCreated(instant);
            job.setNextAttemptAt(instant);
            long id = repo.insert(job).getId();
            Instant claimAt = instant.plusNanos(1_000);
            repo.claim(new ClaimRequest<>(id, "w", claimAt, Duration.ofSeconds(1), 1, "{}"));
            BackgroundJobInfo<Long> read = repo.getJob(id);
            assertThat(read.getCreated()).isEqualTo(instant);
            assertThat(read.getStarted()).isEqualTo(claimAt);
            assertThat(read.getLeaseExpiresAt()).isEqualTo(claimAt.plusSeconds(1));
            assertThat(read.getQueueLatencyMillis()).isZero();
        }
        // The stored value is the instant, whatever zone a reader renders it in.
        Instant rendered = Jdbi.create(fixture.dataSource)
                .withHandle(h -> h.createQuery(
                                "SELECT created FROM " + fixture.repository.tableName() + " ORDER BY id LIMIT 1")
                        .map((rs, ctx) ->
                                rs.getObject(1, java.time.OffsetDateTime.class).toInstant())
                        .one());
        assertThat(rendered).isEqualTo(instants[0]);
        assertThat(ZoneId.systemDefault().getRules().getOffset(instants[0])).isNotEqualTo(ZoneOffset.UTC);
    }
}
