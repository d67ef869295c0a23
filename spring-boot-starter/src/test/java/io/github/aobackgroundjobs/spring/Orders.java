package io.github.aobackgroundjobs.spring;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/** A business service of the test application: saves an order and queues its job in one transaction. */
public class Orders {

    private final JdbcTemplate jdbc;
    private final SpringQueueJobClient<Long> jobs;
    private final AtomicLong lastJobId = new AtomicLong();

    Orders(JdbcTemplate jdbc, SpringQueueJobClient<Long> jobs) {
        this.jdbc = jdbc;
        this.jobs = jobs;
    }

    public void createTable() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS orders (item VARCHAR(100) NOT NULL)");
    }

    @Transactional
    public long place(String user, String item, boolean failAfterQueueing) {
        jdbc.update("INSERT INTO orders (item) VALUES (?)", item);
        long id = jobs.queueJob(GreetingJob.QUEUE, user, new GreetingJob.Greeting(item));
        lastJobId.set(id);
        if (failAfterQueueing) {
            throw new IllegalStateException("The order '" + item + "' failed after its job was queued.");
        }
        return id;
    }

    /** @return the id of the last job queued, also when its transaction then rolled back */
    public long lastJobId() {
        return lastJobId.get();
    }

    public int count(String item) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE item = ?", Integer.class, item);
        return n == null ? 0 : n;
    }
}
