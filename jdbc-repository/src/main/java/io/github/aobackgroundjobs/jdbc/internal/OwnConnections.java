package io.github.aobackgroundjobs.jdbc.internal;

import java.lang.reflect.Method;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the pool behind a data source that would lend the application's own transactional
 * connection. The repository writes on connections it owns and switches them to auto-commit;
 * through Spring's {@code TransactionAwareDataSourceProxy} inside a Spring transaction it would
 * be handed the transaction's connection, and switching that to auto-commit commits the
 * application's open transaction. Spring is not a dependency: the proxy is recognized by its
 * class name and unwrapped through its public {@code getTargetDataSource()}.
 */
public final class OwnConnections {

    private static final Logger LOG = LoggerFactory.getLogger(OwnConnections.class);

    static final String TRANSACTION_AWARE_PROXY = "org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy";

    private static final int MAX_LAYERS = 10;

    private OwnConnections() {}

    /**
     * @param dataSource what the repository was given
     * @return the data source behind every transaction-aware proxy layer, or {@code dataSource}
     *     itself if it is none
     * @throws IllegalArgumentException if a proxy has no target data source
     */
    public static DataSource of(DataSource dataSource) {
        DataSource current = dataSource;
        for (int layer = 0; layer < MAX_LAYERS && isTransactionAware(current.getClass()); layer++) {
            DataSource target = target(current);
            LOG.info(
                    "The jobs repository takes its connections from {} behind {}: its own writes must not join the"
                            + " application's transactions",
                    target.getClass().getName(),
                    current.getClass().getName());
            current = target;
        }
        return current;
    }

    private static boolean isTransactionAware(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(TRANSACTION_AWARE_PROXY)) {
                return true;
            }
        }
        return false;
    }

    private static DataSource target(DataSource proxy) {
        Object target;
        try {
            Method getter = proxy.getClass().getMethod("getTargetDataSource");
            target = getter.invoke(proxy);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "'dataSource' is a " + proxy.getClass().getName() + " whose target data source cannot be read;"
                            + " give the repository the pool behind it.",
                    e);
        }
        if (!(target instanceof DataSource ds)) {
            throw new IllegalArgumentException(
                    "'dataSource' is a " + proxy.getClass().getName()
                            + " without a target data source; give the repository the pool behind it.");
        }
        return ds;
    }
}
