package io.github.aobackgroundjobs.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * An unpooled data source whose every connection runs in a given time zone. The PostgreSQL
 * driver sets each session's zone to the JVM's at connect time, overriding the server's setting
 * and {@code -c TimeZone} options, so the zone is set once the connection is open.
 */
final class SessionZoneDataSource implements DataSource {

    private final DataSource delegate;
    private final String setZone;

    SessionZoneDataSource(DataSource delegate, ZoneId zone) {
        this.delegate = delegate;
        this.setZone = "SET TIME ZONE '" + zone.getId() + "'";
    }

    private Connection inZone(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(setZone);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return inZone(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return inZone(delegate.getConnection(username, password));
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
