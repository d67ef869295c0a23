package io.github.aobackgroundjobs.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Principal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The order endpoint keeps each customer to {@value OrderLimit#MAX_UNFINISHED_PER_CUSTOMER}
 * unfinished reports (without it, one customer queued without end), and refuses an item no
 * database stores as given, before anything is saved.
 */
class OrderLimitTest {

    @RegisterExtension
    static final RunningSample SAMPLE = new RunningSample("order-limit");

    @Test
    void aCustomerAtTheCapIsRefusedWith429AndNothingIsSaved() {
        OrderController orders = SAMPLE.application().getBean(OrderController.class);
        Principal mallory = () -> "mallory";
        for (int i = 0; i < OrderLimit.MAX_UNFINISHED_PER_CUSTOMER; i++) {
            assertThat(orders.place(mallory, Map.of("item", "Kettle " + i))
                            .getStatusCode()
                            .value())
                    .isEqualTo(200);
        }

        ResponseEntity<?> refused = orders.place(mallory, Map.of("item", "one more"));

        assertThat(refused.getStatusCode().value()).isEqualTo(429);
        assertThat(refused.getBody())
                .isEqualTo(Map.of(
                        "error",
                        "You have 20 reports queued or running; the shop takes at most 20 per customer."
                                + " Wait until one of them finishes, then order again."));
        assertThat(ordersOf("mallory")).isEqualTo(20);
        assertThat(orders.place(() -> "trudy", Map.of("item", "Kettle"))
                        .getStatusCode()
                        .value())
                .as("another customer is not held up")
                .isEqualTo(200);
    }

    @Test
    void anItemNoDatabaseStoresAsGivenIsRefusedNamingIt() {
        OrderController orders = SAMPLE.application().getBean(OrderController.class);
        Principal eve = () -> "eve";

        assertThatThrownBy(() -> orders.place(eve, Map.of("item", "Kettle \ud83d")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'item' cannot contain an unpaired surrogate (U+D83D), at index 7.");
        assertThatThrownBy(() -> orders.place(eve, Map.of("item", "Ket\u0000tle")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'item' cannot contain the NUL character (U+0000), at index 3.");
        assertThatThrownBy(() -> orders.place(eve, Map.of("item", " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'item' must be 1 to 200 characters.");
        assertThat(ordersOf("eve")).isZero();
        assertThat(orders.place(eve, Map.of("item", "Kettle \ud83d\ude00"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThat(SAMPLE.application()
                        .getBean(JdbcTemplate.class)
                        .queryForObject("SELECT item FROM shop_orders WHERE customer = 'eve'", String.class))
                .isEqualTo("Kettle \ud83d\ude00");
    }

    private static int ordersOf(String customer) {
        Integer count = SAMPLE.application()
                .getBean(JdbcTemplate.class)
                .queryForObject("SELECT COUNT(*) FROM shop_orders WHERE customer = ?", Integer.class, customer);
        return count == null ? 0 : count;
    }
}
