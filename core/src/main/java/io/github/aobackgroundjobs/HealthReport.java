package io.github.aobackgroundjobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a health probe ({@link QueueWorker#checkHealth()}, {@link QueueJobClient#checkHealth}):
 * up when every check is up. Immutable.
 *
 * @param up true if every check is up
 * @param checks the checks, in the order they were made
 */
public record HealthReport(boolean up, List<HealthReport.Check> checks) {

    /**
     * One thing checked.
     *
     * @param name what was checked: {@code repository}, {@code queue:<queue name>}, {@code worker},
     *     {@code store}
     * @param up true if it is healthy
     * @param details what was seen, for people (an error message, a state, a count); keys and
     *     values are never null
     */
    public record Check(String name, boolean up, Map<String, String> details) {

        /**
         * Copies the details, keeping their order.
         *
         * @param name what was checked
         * @param up true if it is healthy
         * @param details what was seen
         * @throws NullPointerException if the name, the details or one of their keys or values is null
         */
        public Check {
            Objects.requireNonNull(name, "'name' cannot be null.");
            // Map.copyOf refuses null keys and values, and keeps no order: keep the caller's.
            Objects.requireNonNull(details, "'details' cannot be null.");
            Map<String, String> copy = new LinkedHashMap<>();
            details.forEach((k, v) -> copy.put(
                    Objects.requireNonNull(k, "'details' cannot hold a null key."),
                    Objects.requireNonNull(v, "'details' cannot hold a null value (key '" + k + "').")));
            details = Collections.unmodifiableMap(copy);
        }
    }

    /**
     * Copies the checks. {@link #of} computes {@code up} from them.
     *
     * @param up true if every check is up
     * @param checks the checks
     * @throws NullPointerException if {@code checks} is or holds null
     * @throws IllegalArgumentException naming {@code 'up'} if it says otherwise than the checks (up
     *     with a check down, or down with every check up)
     */
    public HealthReport {
        checks = List.copyOf(Objects.requireNonNull(checks, "'checks' cannot be null."));
        for (Check check : checks) {
            if (up && !check.up()) {
                throw new IllegalArgumentException("'up' is true but check '" + check.name()
                        + "' is down; a report is up when every check is up.");
            }
        }
        if (!up && checks.stream().allMatch(Check::up)) {
            throw new IllegalArgumentException(
                    "'up' is false but every check is up; a report is up when every check is up.");
        }
    }

    /**
     * @param checks the checks made
     * @return a report that is up when every check is up (and when there is none)
     * @throws NullPointerException if {@code checks} is or holds null
     */
    public static HealthReport of(List<Check> checks) {
        return new HealthReport(
                Objects.requireNonNull(checks, "'checks' cannot be null.").stream()
                        .allMatch(Check::up),
                checks);
    }

    /**
     * @param name a check's name
     * @return the first check of that name, if it was made
     * @throws NullPointerException if {@code name} is null
     */
    public Optional<Check> check(String name) {
        Objects.requireNonNull(name, "'name' cannot be null.");
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
