package io.github.aobackgroundjobs.samples.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a newcomer sees: the README's demo command lets Maven's progress and the demo's log
 * through, and the demo itself reports its start and ends with the URL and the credentials.
 */
class DemoStartOutputTest {

    @Test
    void theReadmesDemoCommandIsNotQuietAndComesFirst() throws Exception {
        Path root = Path.of(System.getProperty("backgroundjobs.root", "../.."));
        String readme = Files.readString(root.resolve("README.md"));
        int start = readme.indexOf("```bash\n") + "```bash\n".length();
        List<String> commands = List.of(
                readme.substring(start, readme.indexOf("```", start)).strip().split("\n"));
        assertThat(commands).hasSize(2);
        assertThat(commands.get(0))
                .startsWith("./mvnw -B -ntp -pl samples/notification-demo -am compile exec:java")
                .doesNotContain(" -q ", "--quiet");
        assertThat(commands.get(1)).startsWith("./mvnw -B verify");
    }

    @Test
    void theDemoReportsItsStartAndEndsWithTheUrlAndTheCredentials() throws Exception {
        Process demo = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        NotificationDemo.class.getName(),
                        "--port=0",
                        "--db=jdbc:h2:mem:demo-start;DB_CLOSE_DELAY=-1",
                        "--demo-password=demo-pass",
                        "--admin-password=admin-pass")
                .redirectErrorStream(true)
                .start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                lines.add(line);
                if (line.contains("admin: admin / ")) {
                    break;
                }
            }
        } finally {
            demo.destroy();
            demo.waitFor(15, TimeUnit.SECONDS);
        }
        String all = String.join("\n", lines);
        assertThat(lines).as(all).isNotEmpty();
        assertThat(lines.get(0)).as(all).startsWith("Starting the notification demo: job records in ");
        assertThat(all).as("the demo's own log").contains("INFO io.github.aobackgroundjobs.jdbc.SchemaMigrator");
        assertThat(all).containsPattern("Listening on http://localhost:\\d+/");
        int n = lines.size();
        assertThat(lines.get(n - 3)).as(all).matches("  Notification demo: http://localhost:\\d+/ .*");
        assertThat(lines.get(n - 2)).isEqualTo("    user:  demo  / demo-pass");
        assertThat(lines.get(n - 1)).isEqualTo("    admin: admin / admin-pass");
    }
}
