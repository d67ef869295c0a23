package io.github.aobackgroundjobs.dashboard;

import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.dashboard.internal.DashboardContext;
import io.github.aobackgroundjobs.dashboard.internal.DashboardHandler;
import io.github.aobackgroundjobs.dashboard.internal.EventHub;
import io.github.aobackgroundjobs.dashboard.internal.JobViews;
import io.github.aobackgroundjobs.spi.JobQueryRepository;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.webhook.WebhookVerifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The live job notifications (the bell) and the admin dashboard, independent of any web
 * server: {@link #handle} turns a {@link DashboardRequest} into a {@link DashboardResponse}.
 * Mount it with {@link DashboardHttpServer} (JDK {@code HttpServer}) or {@link DashboardServlet}
 * (Jakarta Servlet 6).
 *
 * <p>Built once per application; thread-safe. It registers a listener on the repository's
 * {@link JobRepositoryBase#updates()}, so every change published there (each write the client,
 * worker and sweeper make, and {@link JobRepositoryBase#onUpdated} for changes made elsewhere)
 * reaches open pages live. {@link #close()} removes the
 * listener and ends every open event stream.
 *
 * <pre>{@code
 * Dashboard<Long> dashboard = Dashboard.builder(repository)
 *         .authenticator(request -> Optional.of(new DashboardUser("alice", Set.of())))
 *         .actions(JobActions.of(client))
 *         .build();
 * }</pre>
 *
 * @param <K> the key type
 */
public final class Dashboard<K> implements AutoCloseable {

    /** The role that opens the admin view and API, unless {@link Builder#adminRole} says otherwise. */
    public static final String DEFAULT_ADMIN_ROLE = "admin";
    /** Default events buffered per subscriber before a stalled one is dropped. */
    public static final int DEFAULT_SUBSCRIBER_BUFFER = 256;
    /** Default number of updates waiting for the dispatcher before updates are lost (and pages resync). */
    public static final int DEFAULT_INBOX_SIZE = 10_000;
    /** Default interval of keep-alive comments on idle event streams. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    /** Default number of live streams (open bell or admin pages) one user may have; past it 429. */
    public static final int DEFAULT_MAX_STREAMS_PER_USER = 10;
    /** Default number of threads writing every open stream, however many there are. */
    public static final int DEFAULT_STREAM_WRITERS = 4;
    /** Default number of jobs in the bell's list. */
    public static final int DEFAULT_ACTIVE_JOBS_LIMIT = 50;

    private final DashboardHandler<K> handler;
    private final EventHub<K> hub;
    private final Registration registration;

    private Dashboard(Builder<K> b) {
        JobViews<K> views = new JobViews<>(b.serializer, b.renderers, b.linkOrigins, b.clock);
        this.hub = new EventHub<>(
                (job, admin) -> views.toJson(job, admin),
                b.inboxSize,
                b.subscriberBuffer,
                b.heartbeat,
                b.streamWriters,
                b.maxStreamsPerUser,
                EventHub.WRITE_TIMEOUT);
        DashboardContext<K> context = new DashboardContext<>(
                b.repository,
                b.queryRepository,
                b.actions,
                b.authenticator,
                b.adminRole,
                b.clock,
                b.serializer.mapper(),
                views,
                hub,
                b.secret.clone(),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.queues)),
                List.copyOf(b.routes),
                b.activeJobsLimit,
                b.webhookVerifier,
                b.recurring);
        this.handler = new DashboardHandler<>(context);
        this.registration = b.repository.updates().addListener(hub::publish);
    }

    /**
     * Starts a dashboard over a repository. If the repository also implements
     * {@link JobQueryRepository}, the admin view and the stream's catch-up use it.
     *
     * @param repository the job records
     * @param <K> the key type
     * @return a builder
     */
    public static <K> Builder<K> builder(JobRepositoryBase<K> repository) {
        return new Builder<>(repository);
    }

    /**
     * Answers one request. Never throws for a request: errors become 4xx/5xx responses without
     * internals.
     *
     * @param request the request
     * @return the response; for an event stream, the adapter must call
     *     {@link EventStream#start} after sending the headers
     * @throws NullPointerException if the request is null
     */
    public DashboardResponse handle(DashboardRequest request) {
        return handler.handle(Objects.requireNonNull(request, "'request' cannot be null."));
    }

    /** @return open event streams */
    public int subscriberCount() {
        return hub.subscriberCount();
    }

    /** @return event streams dropped because the browser did not keep up */
    public long droppedSubscriberCount() {
        return hub.droppedCount();
    }

    /**
     * Stops listening to the repository and ends every open event stream; a stream started
     * afterwards ends at once. Calling it again does nothing.
     */
    @Override
    public void close() {
        registration.close();
        hub.close();
    }

    /**
     * Builds a {@link Dashboard}. Not thread-safe.
     *
     * @param <K> the key type
     */
    public static final class Builder<K> {
        private final JobRepositoryBase<K> repository;
        private JobQueryRepository<K> queryRepository;
        private Object recurring;
        private JobActions<K> actions;
        private DashboardAuthenticator authenticator;
        private String adminRole = DEFAULT_ADMIN_ROLE;
        private Clock clock = Clock.systemUTC();
        private JobSerializer serializer = JobSerializer.defaults();
        private final Map<String, JobRenderer<K>> renderers = new LinkedHashMap<>();
        private final Map<String, JobQueue> queues = new LinkedHashMap<>();
        private final List<DashboardContext.ExtraRoute> routes = new ArrayList<>();
        private byte[] secret;
        private int subscriberBuffer = DEFAULT_SUBSCRIBER_BUFFER;
        private int inboxSize = DEFAULT_INBOX_SIZE;
        private Duration heartbeat = DEFAULT_HEARTBEAT;
        private int activeJobsLimit = DEFAULT_ACTIVE_JOBS_LIMIT;
        private int maxStreamsPerUser = DEFAULT_MAX_STREAMS_PER_USER;
        private int streamWriters = DEFAULT_STREAM_WRITERS;
        private WebhookVerifier webhookVerifier;
        private final java.util.Set<String> linkOrigins = new java.util.LinkedHashSet<>();

        @SuppressWarnings("unchecked")
        private Builder(JobRepositoryBase<K> repository) {
            this.repository = Objects.requireNonNull(repository, "'repository' cannot be null.");
            if (repository instanceof JobQueryRepository<?> q) {
                this.queryRepository = (JobQueryRepository<K>) q;
            }
            this.secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        }

        /**
         * @param queryRepository answers the admin view's queries (default: the repository, if it implements it)
         * @return this
         */
        public Builder<K> queryRepository(JobQueryRepository<K> queryRepository) {
            this.queryRepository = Objects.requireNonNull(queryRepository, "'queryRepository' cannot be null.");
            return this;
        }

        /**
         * @param actions what Retry, Cancel and Clear do (required)
         * @return this
         */
        public Builder<K> actions(JobActions<K> actions) {
            this.actions = Objects.requireNonNull(actions, "'actions' cannot be null.");
            return this;
        }

        /**
         * @param authenticator who makes each request (required); a {@link PasswordAuthenticator}
         *     also gets a login page
         * @return this
         */
        public Builder<K> authenticator(DashboardAuthenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "'authenticator' cannot be null.");
            return this;
        }

        /**
         * @param adminRole the role that opens the admin view (default {@value #DEFAULT_ADMIN_ROLE})
         * @return this
         * @throws IllegalArgumentException if blank
         */
        public Builder<K> adminRole(String adminRole) {
            Objects.requireNonNull(adminRole, "'adminRole' cannot be null.");
            if (adminRole.isBlank()) {
                throw new IllegalArgumentException("'adminRole' cannot be blank.");
            }
            this.adminRole = adminRole;
            return this;
        }

        /**
         * @param clock the clock action times and windows are read from
         * @return this
         */
        public Builder<K> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
            return this;
        }

        /**
         * @param serializer writes the JSON and reads error data (default {@link JobSerializer#defaults()})
         * @return this
         */
        public Builder<K> serializer(JobSerializer serializer) {
            this.serializer = Objects.requireNonNull(serializer, "'serializer' cannot be null.");
            return this;
        }

        /**
         * Registers type-specific output for one request type, replacing a renderer registered for
         * it before.
         *
         * @param requestType the request type name, as in the job records
         * @param renderer the renderer
         * @return this
         */
        public Builder<K> renderer(String requestType, JobRenderer<K> renderer) {
            Objects.requireNonNull(requestType, "'requestType' cannot be null.");
            renderers.put(requestType, Objects.requireNonNull(renderer, "'renderer' cannot be null."));
            return this;
        }

        /**
         * Shows the lengths of queues (and their poison queues) in the admin view, where the
         * queue can tell.
         *
         * @param queue the queue service
         * @param queueNames the queues to show
         * @return this
         */
        public Builder<K> queues(JobQueue queue, String... queueNames) {
            Objects.requireNonNull(queue, "'queue' cannot be null.");
            for (String name : queueNames) {
                queues.put(Objects.requireNonNull(name, "'queueNames' cannot contain null."), queue);
            }
            return this;
        }

        /**
         * Lets {@link JobOutput#link} targets on these origins show as links. Without it only
         * paths on the dashboard's own site are links; an absolute URL elsewhere is shown as text.
         *
         * @param origins origins such as {@code https://reports.example.com} or {@code http://localhost:8081}
         * @return this
         * @throws IllegalArgumentException if one is not an http(s) origin (scheme, host, optional port, nothing else)
         */
        public Builder<K> linkOrigins(String... origins) {
            Objects.requireNonNull(origins, "'origins' cannot be null.");
            for (String origin : origins) {
                Objects.requireNonNull(origin, "'origins' cannot contain null.");
                String normalized = io.github.aobackgroundjobs.dashboard.internal.LinkPolicy.origin(origin)
                        .filter(o -> o.equalsIgnoreCase(origin))
                        .orElseThrow(() -> new IllegalArgumentException("'origins' must be http(s) origins such as "
                                + "https://reports.example.com (no path, no trailing slash), not '" + origin + "'."));
                linkOrigins.add(normalized);
            }
            return this;
        }

        /**
         * Adds an endpoint behind the dashboard's sign-in, cross-site protection and headers.
         * It takes precedence over the dashboard's own paths. A route for a method and path added
         * before is replaced.
         *
         * @param method GET or POST
         * @param path the exact path below the mount point, starting with {@code /}
         * @param route the handler
         * @return this
         * @throws IllegalArgumentException if the method or path is not valid
         */
        public Builder<K> route(String method, String path, DashboardRoute route) {
            Objects.requireNonNull(method, "'method' cannot be null.");
            Objects.requireNonNull(path, "'path' cannot be null.");
            Objects.requireNonNull(route, "'route' cannot be null.");
            String m = method.toUpperCase(Locale.ROOT);
            if (!m.equals("GET") && !m.equals("POST")) {
                throw new IllegalArgumentException("'method' must be GET or POST, not " + method + ".");
            }
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("'path' must start with '/'.");
            }
            // As with renderers, the last one given for a key is the one that answers.
            routes.removeIf(r -> r.method().equals(m) && r.path().equals(path));
            routes.add(new DashboardContext.ExtraRoute(m, path, route));
            return this;
        }

        /**
         * Shows the application's recurring jobs and retention in the admin view, with the
         * actions run now, pause, resume and delete (for definitions no longer declared). Needs
         * {@code backgroundjobs-scheduler} on the class path.
         *
         * @param scheduler the application's {@code RecurringScheduler}, over the same repository
         * @return this
         */
        public Builder<K> recurring(io.github.aobackgroundjobs.scheduler.RecurringScheduler<K> scheduler) {
            this.recurring = Objects.requireNonNull(scheduler, "'scheduler' cannot be null.");
            return this;
        }

        /**
         * @param secret the key cross-site-request tokens are signed with, at least 32 bytes;
         *     instances behind one load balancer must share it (default: random)
         * @return this
         * @throws IllegalArgumentException if shorter than 32 bytes
         */
        public Builder<K> secret(byte[] secret) {
            Objects.requireNonNull(secret, "'secret' cannot be null.");
            if (secret.length < 32) {
                throw new IllegalArgumentException("'secret' must be at least 32 bytes.");
            }
            this.secret = secret.clone();
            return this;
        }

        /**
         * @param size events buffered per open stream before a stalled browser is dropped
         *     (default {@value #DEFAULT_SUBSCRIBER_BUFFER}), 8..100,000
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder<K> subscriberBuffer(int size) {
            if (size < 8 || size > 100_000) {
                throw new IllegalArgumentException("'subscriberBuffer' must be between 8 and 100000.");
            }
            this.subscriberBuffer = size;
            return this;
        }

        /**
         * @param size updates waiting for the dispatcher (default {@value #DEFAULT_INBOX_SIZE}), 16..1,000,000
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder<K> inboxSize(int size) {
            if (size < 16 || size > 1_000_000) {
                throw new IllegalArgumentException("'inboxSize' must be between 16 and 1000000.");
            }
            this.inboxSize = size;
            return this;
        }

        /**
         * @param heartbeat keep-alive interval of idle streams, 1 second to 5 minutes
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder<K> heartbeat(Duration heartbeat) {
            Objects.requireNonNull(heartbeat, "'heartbeat' cannot be null.");
            if (heartbeat.compareTo(Duration.ofSeconds(1)) < 0 || heartbeat.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("'heartbeat' must be between 1 second and 5 minutes.");
            }
            this.heartbeat = heartbeat;
            return this;
        }

        /**
         * @param max live streams one signed-in user may have open at once (each open bell or
         *     admin page holds one), 1..10,000 (default {@value #DEFAULT_MAX_STREAMS_PER_USER});
         *     one more is answered 429
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder<K> maxStreamsPerUser(int max) {
            if (max < 1 || max > 10_000) {
                throw new IllegalArgumentException("'maxStreamsPerUser' must be between 1 and 10000.");
            }
            this.maxStreamsPerUser = max;
            return this;
        }

        /**
         * @param threads threads that write every open stream, 1..64 (default
         *     {@value #DEFAULT_STREAM_WRITERS}); the number does not grow with the streams
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder<K> streamWriters(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("'streamWriters' must be between 1 and 64.");
            }
            this.streamWriters = threads;
            return this;
        }

        /**
         * @param limit jobs listed in a user's bell, 1..500 (default {@value #DEFAULT_ACTIVE_JOBS_LIMIT})
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder<K> activeJobsLimit(int limit) {
            if (limit < 1 || limit > 500) {
                throw new IllegalArgumentException("'activeJobsLimit' must be between 1 and 500.");
            }
            this.activeJobsLimit = limit;
            return this;
        }

        /**
         * Turns on the webhook receiver for workers in other processes: point their
         * {@link io.github.aobackgroundjobs.webhook.WebhookNotifier} at {@code <dashboard URL>/webhook}.
         * A post whose timestamp and signature check out (and is not a replay) makes the
         * dashboard re-read the job from the repository and publish it; anything else is
         * answered 401 and publishes nothing.
         *
         * @param verifier holds the shared secret and the replay window
         * @return this
         */
        public Builder<K> webhookReceiver(WebhookVerifier verifier) {
            this.webhookVerifier = Objects.requireNonNull(verifier, "'verifier' cannot be null.");
            return this;
        }

        /**
         * @return the dashboard, listening to the repository
         * @throws IllegalStateException if the authenticator or the actions are missing
         */
        public Dashboard<K> build() {
            if (authenticator == null) {
                throw new IllegalStateException("'authenticator' must be set.");
            }
            if (actions == null) {
                throw new IllegalStateException("'actions' must be set.");
            }
            return new Dashboard<>(this);
        }
    }
}
