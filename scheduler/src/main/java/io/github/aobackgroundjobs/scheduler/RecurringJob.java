package io.github.aobackgroundjobs.scheduler;

import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.RequestTypes;
import io.github.aobackgroundjobs.spi.JobValidation;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A recurring job's definition, as declared in code: each fire time of its schedule queues
 * one ordinary job (a record plus a queue message) with this request, on this queue, for this
 * user. The name is its identity: declaring a name that is stored already replaces that
 * definition.
 *
 * <p>Everything is validated by {@link Builder#build()}, which also serializes the request to
 * JSON once, so a definition that was built can always be stored and fired. Immutable and
 * thread-safe.
 */
public final class RecurringJob {

    /** Default policy for missed fire times. */
    public static final MissedFirePolicy DEFAULT_MISSED_FIRE_POLICY = MissedFirePolicy.RUN_ONCE;
    /** Default lateness after which a fire time counts as missed. */
    public static final Duration DEFAULT_LATENESS = Duration.ofMinutes(1);
    /** Default zone of cron expressions. */
    public static final ZoneId DEFAULT_ZONE = ZoneOffset.UTC;
    /** Longest name. */
    public static final int MAX_NAME_LENGTH = 100;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    private final String name;
    private final Schedule schedule;
    private final ZoneId zone;
    private final String queueName;
    private final String userName;
    private final String requestType;
    private final String requestJson;
    private final MissedFirePolicy missedFirePolicy;
    private final Duration lateness;

    private RecurringJob(Builder b, String requestType, String requestJson) {
        this.name = b.name;
        this.schedule = b.schedule;
        this.zone = b.zone;
        this.queueName = b.queueName;
        this.userName = b.userName;
        this.requestType = requestType;
        this.requestJson = requestJson;
        this.missedFirePolicy = b.missedFirePolicy;
        this.lateness = b.lateness;
    }

    /**
     * @param name the unique name: letters, digits, {@code . _ : -}, at most {@value #MAX_NAME_LENGTH}
     *     characters, starting with a letter or digit
     * @return a builder
     * @throws IllegalArgumentException naming {@code 'name'} if the name is null or invalid
     */
    public static Builder builder(String name) {
        return new Builder(requireName(name));
    }

    /**
     * @param name a candidate name
     * @return the name
     * @throws IllegalArgumentException naming {@code 'name'} if invalid
     */
    static String requireName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("'name' cannot be null.");
        }
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'name' must be 1-" + MAX_NAME_LENGTH
                    + " letters, digits, '.', '_', ':' or '-', starting with a letter or digit, not '" + name + "'.");
        }
        return name;
    }

    /** @return the unique name */
    public String name() {
        return name;
    }

    /** @return the schedule */
    public Schedule schedule() {
        return schedule;
    }

    /** @return the zone cron expressions are evaluated in */
    public ZoneId zone() {
        return zone;
    }

    /** @return the queue each fired job is sent to */
    public String queueName() {
        return queueName;
    }

    /** @return the user each fired job belongs to (its bell shows them) */
    public String userName() {
        return userName;
    }

    /** @return the request type name of the fired jobs */
    public String requestType() {
        return requestType;
    }

    /** @return the request, as JSON */
    public String requestJson() {
        return requestJson;
    }

    /** @return what happens to missed fire times */
    public MissedFirePolicy missedFirePolicy() {
        return missedFirePolicy;
    }

    /** @return how late a fire time may be queued before it counts as missed */
    public Duration lateness() {
        return lateness;
    }

    @Override
    public String toString() {
        return "RecurringJob[" + name + ", " + schedule + " in " + zone + " -> " + queueName + "]";
    }

    /** Builds a {@link RecurringJob}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private Schedule schedule;
        private ZoneId zone = DEFAULT_ZONE;
        private String queueName;
        private String userName;
        private String requestType;
        private Object request;
        private MissedFirePolicy missedFirePolicy = DEFAULT_MISSED_FIRE_POLICY;
        private Duration lateness = DEFAULT_LATENESS;
        private JobSerializer serializer = JobSerializer.defaults();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param expression a cron expression: five fields, or six with seconds first (see {@link Schedule})
         * @return this
         * @throws IllegalArgumentException naming {@code 'cron'} if null or invalid, as {@link Schedule#cron} says
         */
        public Builder cron(String expression) {
            this.schedule = Schedule.cron(expression);
            return this;
        }

        /**
         * @param interval a fixed interval of at least one second, whole milliseconds, at most
         *     {@link Schedule#MAX_INTERVAL} (see {@link Schedule#every})
         * @return this
         * @throws IllegalArgumentException naming {@code 'interval'} if invalid, as {@link Schedule#every} says
         */
        public Builder every(Duration interval) {
            this.schedule = Schedule.every(interval);
            return this;
        }

        /**
         * @param schedule the schedule
         * @return this
         */
        public Builder schedule(Schedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "'schedule' cannot be null.");
            return this;
        }

        /**
         * @param zoneId the zone cron expressions are evaluated in (default UTC), e.g. {@code "Europe/Berlin"}
         * @return this
         * @throws IllegalArgumentException naming {@code 'zone'} if the zone is null or unknown
         */
        public Builder zone(String zoneId) {
            if (zoneId == null) {
                throw new IllegalArgumentException("'zone' cannot be null.");
            }
            try {
                this.zone = ZoneId.of(zoneId);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("'zone' is not a known time zone: '" + zoneId + "'.", e);
            }
            return this;
        }

        /**
         * @param zone the zone cron expressions are evaluated in (default UTC)
         * @return this
         */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "'zone' cannot be null.");
            return this;
        }

        /**
         * @param queueName the queue each fired job is sent to
         * @return this
         * @throws IllegalArgumentException naming {@code 'queueName'} if it is null or not a valid queue name
         */
        public Builder queue(String queueName) {
            this.queueName = JobValidation.requireQueueName(queueName);
            return this;
        }

        /**
         * @param userName the user each fired job belongs to
         * @return this
         * @throws IllegalArgumentException naming {@code 'userName'} if null or invalid
         */
        public Builder user(String userName) {
            this.userName = JobValidation.requireUserName(userName);
            return this;
        }

        /**
         * @param request the request each fired job gets; its request type is
         *     {@link RequestTypes#nameOf} of its class unless {@link #requestType} is set
         * @return this
         * @throws IllegalArgumentException naming {@code 'request'} if it is null
         */
        public Builder request(Object request) {
            if (request == null) {
                throw new IllegalArgumentException("'request' cannot be null.");
            }
            this.request = request;
            return this;
        }

        /**
         * @param requestType an explicit request type name (for a job overriding {@code requestTypeName()})
         * @return this
         * @throws IllegalArgumentException naming {@code 'requestType'} if null or invalid
         */
        public Builder requestType(String requestType) {
            this.requestType = JobValidation.requireRequestType(requestType);
            return this;
        }

        /**
         * @param policy what happens to missed fire times (default {@link MissedFirePolicy#RUN_ONCE})
         * @return this
         */
        public Builder missedFirePolicy(MissedFirePolicy policy) {
            this.missedFirePolicy = Objects.requireNonNull(policy, "'missedFirePolicy' cannot be null.");
            return this;
        }

        /**
         * @param lateness how long after its time a fire may still be queued; later it counts as
         *     missed (default 1 minute, at least 1 s, at most {@link Long#MAX_VALUE} milliseconds,
         *     which the JDBC store keeps it in)
         * @return this
         * @throws IllegalArgumentException naming {@code 'lateness'} if under one second or longer than
         *     {@link Long#MAX_VALUE} milliseconds
         */
        public Builder lateness(Duration lateness) {
            Objects.requireNonNull(lateness, "'lateness' cannot be null.");
            if (lateness.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("'lateness' must be at least 1 s, not " + lateness + ".");
            }
            if (lateness.compareTo(Duration.ofMillis(Long.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException(
                        "'lateness' must be at most " + Long.MAX_VALUE + " ms, not " + lateness + ".");
            }
            this.lateness = lateness;
            return this;
        }

        /**
         * @param serializer the serializer of the request (default {@link JobSerializer#defaults()}); use the one
         *     the job reads requests with
         * @return this
         */
        public Builder serializer(JobSerializer serializer) {
            this.serializer = Objects.requireNonNull(serializer, "'serializer' cannot be null.");
            return this;
        }

        /**
         * @return the definition
         * @throws IllegalStateException naming the field if the schedule, queue, user or request is missing
         * @throws IllegalArgumentException naming {@code 'request'} if the request does not serialize to JSON
         */
        public RecurringJob build() {
            requireSet(schedule, "schedule");
            requireSet(queueName, "queueName");
            requireSet(userName, "userName");
            requireSet(request, "request");
            String type = requestType != null
                    ? requestType
                    : JobValidation.requireRequestType(RequestTypes.nameOf(request.getClass()));
            String json = serializer.toJson(request, "request");
            return new RecurringJob(this, type, json);
        }

        private void requireSet(Object value, String field) {
            if (value == null) {
                throw new IllegalStateException("'" + field + "' of recurring job '" + name + "' is not set.");
            }
        }
    }
}
