package io.github.aobackgroundjobs.spring;

import javax.sql.DataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/** The pool behind the application's {@code DataSource}. */
final class DataSources {

    private DataSources() {}

    /**
     * A transaction-aware proxy would hand the repository the connection of the caller's
     * transaction, so the worker's writes would commit or roll back with it; the repository
     * borrows and commits its own connections, so it gets the pool behind the proxy.
     */
    static DataSource pool(DataSource dataSource) {
        DataSource current = dataSource;
        while (current instanceof TransactionAwareDataSourceProxy proxy && proxy.getTargetDataSource() != null) {
            current = proxy.getTargetDataSource();
        }
        return current;
    }
}
