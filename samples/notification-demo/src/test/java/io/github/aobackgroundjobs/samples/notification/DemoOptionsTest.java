package io.github.aobackgroundjobs.samples.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's flags: a mistyped or unusable one stops the start with a message naming it. */
class DemoOptionsTest {

    private static DemoOptions parse(String... args) {
        return DemoOptions.parse(args, Map.of());
    }

    @Test
    void aMisspeltFlagIsRefusedNamingItInsteadOfIgnored() {
        assertThatThrownBy(() -> parse("--demo-pasword=secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown option '--demo-pasword'; the demo takes --port, --bind,");
        assertThatThrownBy(() -> parse("--prot=9090"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'--prot'");
    }

    @Test
    void aNumberThatIsNoNumberNamesTheFlagAndTheValue() {
        assertThatThrownBy(() -> parse("--port=abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'port' must be a whole number from 0 to 65535, not 'abc'.");
        assertThatThrownBy(() -> DemoOptions.parse(new String[0], Map.of("DEMO_STEP_MILLIS", "1s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'step-millis' must be a whole number from 0 to 60000, not '1s'.");
        assertThatThrownBy(() -> parse("--port=70000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'port' must be a whole number from 0 to 65535, not '70000'.");
    }

    @Test
    void anEmptySignInPasswordIsRefusedNotUsed() {
        assertThatThrownBy(() -> parse("--demo-password="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'demo-password' cannot be empty; leave it out for a random one.");
        assertThatThrownBy(() -> parse("--admin-password="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'admin-password' cannot be empty");
    }

    @Test
    void theDocumentedFlagsStillParse() {
        DemoOptions options =
                parse("--port=0", "--step-millis=10", "--demo-password=d", "--admin-password=a", "--db-password=");
        assertThat(options.port()).isZero();
        assertThat(options.stepDelay().toMillis()).isEqualTo(10);
        assertThat(options.demoPassword()).isEqualTo("d");
        assertThat(options.adminPassword()).isEqualTo("a");
        assertThat(options.dbPassword()).isEmpty();
        assertThat(parse().demoPassword()).hasSize(12);
    }

    @Test
    void environmentVariablesAreReadWhateverTheDefaultLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        // Upper-cased in Turkish, "admin-password" would be "ADMİN_PASSWORD" (dotted capital I).
        java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
        try {
            DemoOptions options = DemoOptions.parse(new String[0], Map.of("DEMO_ADMIN_PASSWORD", "from-env"));
            assertThat(options.adminPassword()).isEqualTo("from-env");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
