package io.github.aobackgroundjobs.samples.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The URL the demo prints at its start is one a browser can open, whatever {@code --bind} says. */
class DemoUrlTest {

    @Test
    void anIpv6AddressIsPrintedInBracketsAndLoopbackOrWildcardAsLocalhost() {
        assertThat(NotificationDemo.url("::1", 8080)).isEqualTo("http://[::1]:8080/");
        assertThat(URI.create(NotificationDemo.url("::1", 8080)).getPort()).isEqualTo(8080);
        assertThat(NotificationDemo.url("fe80::1", 9090)).isEqualTo("http://[fe80::1]:9090/");
        assertThat(NotificationDemo.url("::", 8080)).isEqualTo("http://localhost:8080/");
        assertThat(NotificationDemo.url("0.0.0.0", 8080)).isEqualTo("http://localhost:8080/");
        assertThat(NotificationDemo.url("127.0.0.1", 8080)).isEqualTo("http://localhost:8080/");
        assertThat(NotificationDemo.url("192.168.1.5", 8080)).isEqualTo("http://192.168.1.5:8080/");
    }
}
