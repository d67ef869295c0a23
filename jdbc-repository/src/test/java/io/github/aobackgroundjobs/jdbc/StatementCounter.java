package io.github.aobackgroundjobs.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Wraps a data source so that every SQL statement run through it is counted, whichever layer
 * runs it (Jdbi or plain JDBC): each {@code execute*} call counts one, and a JDBC batch counts
 * one per statement added to it.
 */
final class StatementCounter {

    private static final Set<String> EXECUTES =
            Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate");

    private final AtomicInteger count = new AtomicInteger();

    /** @return statements run so far */
    int count() {
        return count.get();
    }

    /** Forgets the statements run so far. */
    void reset() {
        count.set(0);
    }

    /**
     * @param target the real data source
     * @return a data source whose connections count their statements
     */
    DataSource wrap(DataSource target) {
        return proxy(
                DataSource.class,
                target,
                (result, method) ->
                        result instanceof Connection c ? proxy(Connection.class, c, this::statements) : result);
    }

    private Object statements(Object result, Method method) {
        if (result instanceof Statement s) {
            AtomicInteger batched = new AtomicInteger();
            return proxy(statementInterface(s), s, (r, m) -> r, (m) -> {
                switch (m.getName()) {
                    case "addBatch" -> batched.incrementAndGet();
                    case "executeBatch", "executeLargeBatch" -> count.addAndGet(batched.getAndSet(0));
                    case "clearBatch" -> batched.set(0);
                    default -> {
                        if (EXECUTES.contains(m.getName())) {
                            count.incrementAndGet();
                        }
                    }
                }
            });
        }
        return result;
    }

    private static Class<? extends Statement> statementInterface(Statement s) {
        if (s instanceof java.sql.CallableStatement) {
            return java.sql.CallableStatement.class;
        }
        return s instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
    }

    @FunctionalInterface
    private interface ResultWrapper {
        Object wrap(Object result, Method method);
    }

    @FunctionalInterface
    private interface CallObserver {
        void before(Method method);
    }

    private static <T> T proxy(Class<T> type, Object target, ResultWrapper wrapper) {
        return proxy(type, target, wrapper, m -> {});
    }

    private static <T> T proxy(Class<T> type, Object target, ResultWrapper wrapper, CallObserver observer) {
        InvocationHandler handler = (self, method, args) -> {
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                return method.invoke(target, args);
            }
            observer.before(method);
            try {
                return wrapper.wrap(method.invoke(target, args), method);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(
                Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
