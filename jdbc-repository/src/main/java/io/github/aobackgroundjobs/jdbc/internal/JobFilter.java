package io.github.aobackgroundjobs.jdbc.internal;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The WHERE clause of the dashboard query. Filter values are always bound parameters, never
 * SQL text, so quotes, {@code %}, {@code _} and {@code ;--} are plain data; only status codes
 * (numbers from the enum) are written into the text.
 */
public final class JobFilter {

    private final String where;
    private final List<Consumer<SqlStatement<?>>> bindings;

    private JobFilter(String where, List<Consumer<SqlStatement<?>>> bindings) {
        this.where = where;
        this.bindings = bindings;
    }

    /**
     * Builds the clause of a query.
     *
     * @param query the filters
     * @return the clause and its bindings
     */
    public static JobFilter of(JobQuery query) {
        List<String> conditions = new ArrayList<>();
        List<Consumer<SqlStatement<?>>> bindings = new ArrayList<>();
        if (query.userName() != null) {
            conditions.add("user_name = :userName");
            bindings.add(s -> s.bind("userName", query.userName()));
        }
        if (query.requestType() != null) {
            conditions.add("request_type = :requestType");
            bindings.add(s -> s.bind("requestType", query.requestType()));
        }
        if (!query.statuses().isEmpty()) {
            StringBuilder in = new StringBuilder();
            for (JobStatus status : query.statuses()) {
                in.append(in.length() == 0 ? "" : ", ").append(status.code());
            }
            conditions.add(query.statuses().size() == 1 ? "status = " + in : "status IN (" + in + ")");
        }
        if (query.createdFromInstant() != null) {
            conditions.add("created >= :createdFrom");
            bindings.add(s -> s.bind("createdFrom", SqlValues.instant(query.createdFromInstant())));
        }
        if (query.createdBeforeInstant() != null) {
            conditions.add("created < :createdBefore");
            bindings.add(s -> s.bind("createdBefore", SqlValues.instant(query.createdBeforeInstant())));
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return new JobFilter(where, List.copyOf(bindings));
    }

    /** @return {@code ""} or {@code " WHERE ..."} */
    public String where() {
        return where;
    }

    /**
     * Binds the filter values to a statement built with {@link #where()}.
     *
     * @param statement the statement
     * @param <S> its type
     * @return the statement
     */
    public <S extends SqlStatement<S>> S bind(S statement) {
        bindings.forEach(b -> b.accept(statement));
        return statement;
    }
}
