package io.github.aobackgroundjobs.azure.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fixture used from a project outside this one: a tiny Maven project in a temporary
 * directory (no {@code node_modules} above it), importing the BOM and depending on this build's
 * {@code backgroundjobs-azure-testing}, runs the user tests in {@code com.example.orders} with
 * {@code mvn -o test}. This build's artifacts go into a private local repository whose tail is
 * the user's, so nothing is downloaded and nothing is written to the shared repository.
 */
class ConsumerProjectIT {

    private static final long BUILD_TIMEOUT_MINUTES = 6;
    private static final String GROUP_PATH = "io/github/aobackgroundjobs";

    @Test
    void aProjectOutsideThisOneRunsItsTestsOnTheFixture() throws Exception {
        String version = property("consumer.version");
        Path repository = Path.of(property("consumer.repository"));
        deleteRecursively(repository);
        install(repository, "backgroundjobs-parent", version, Path.of(property("consumer.parentPom")), "pom");
        install(repository, "backgroundjobs-bom", version, Path.of(property("consumer.bomPom")), "pom");
        install(repository, "backgroundjobs-azure-testing", version, Path.of(property("consumer.pom")), "pom");
        install(repository, "backgroundjobs-azure-testing", version, Path.of(property("consumer.jar")), "jar");

        Path project = Files.createTempDirectory("azurite-consumer-");
        try {
            Files.writeString(project.resolve("pom.xml"), pom(version));
            Path tests = Files.createDirectories(project.resolve("src/test/java/com/example/orders"));
            for (String test : List.of("OrdersQueueTest.java", "OrdersOnNpmAzuriteTest.java")) {
                Files.copy(Path.of("src/test/java/com/example/orders", test), tests.resolve(test));
            }
            Path log = Path.of(property("consumer.log"));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(property("consumer.mavenHome"), "bin", "mvn").toString(),
                    "-B",
                    "-o",
                    "-f",
                    project.resolve("pom.xml").toString(),
                    "-Dmaven.repo.local=" + repository,
                    "-Dmaven.repo.local.tail=" + property("consumer.userRepository"),
                    "-Dmaven.repo.local.tail.ignoreAvailability=true",
                    "test"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(project.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            // The user's default (auto: Docker when an engine answers), and the npm Azurite found
            // the way a user without node_modules above the project points at it.
            environment.remove("BACKGROUNDJOBS_AZURITE");
            environment.put(
                    "BACKGROUNDJOBS_AZURITE_EXECUTABLE",
                    Path.of(property("backgroundjobs.root"), "node_modules", ".bin", "azurite")
                            .toString());
            Process build = builder.start();
            if (!build.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                build.descendants().forEach(ProcessHandle::destroyForcibly);
                build.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError(
                        "The consumer build did not finish within " + BUILD_TIMEOUT_MINUTES + " minutes: " + log);
            }
            String output = Files.readString(log);
            assertThat(build.exitValue()).as(output).isZero();
            assertThat(output).contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0");
        } finally {
            deleteRecursively(project);
        }
    }

    private static void install(Path repository, String artifactId, String version, Path file, String extension)
            throws IOException {
        Path dir = Files.createDirectories(
                repository.resolve(GROUP_PATH).resolve(artifactId).resolve(version));
        Files.copy(
                file, dir.resolve(artifactId + "-" + version + "." + extension), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String pom(String version) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>orders</artifactId>
                  <version>1.0</version>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <maven.compiler.release>17</maven.compiler.release>
                  </properties>
                  <dependencyManagement>
                    <dependencies>
                      <dependency>
                        <groupId>io.github.aobackgroundjobs</groupId>
                        <artifactId>backgroundjobs-bom</artifactId>
                        <version>%1$s</version>
                        <type>pom</type>
                        <scope>import</scope>
                      </dependency>
                      <dependency>
                        <groupId>com.fasterxml.jackson</groupId>
                        <artifactId>jackson-bom</artifactId>
                        <version>2.21.8</version>
                        <type>pom</type>
                        <scope>import</scope>
                      </dependency>
                      <dependency>
                        <groupId>com.azure</groupId>
                        <artifactId>azure-sdk-bom</artifactId>
                        <version>1.3.7</version>
                        <type>pom</type>
                        <scope>import</scope>
                      </dependency>
                      <dependency>
                        <groupId>org.junit</groupId>
                        <artifactId>junit-bom</artifactId>
                        <version>5.14.4</version>
                        <type>pom</type>
                        <scope>import</scope>
                      </dependency>
                    </dependencies>
                  </dependencyManagement>
                  <dependencies>
                    <dependency>
                      <groupId>io.github.aobackgroundjobs</groupId>
                      <artifactId>backgroundjobs-azure-testing</artifactId>
                      <scope>test</scope>
                    </dependency>
                    <dependency>
                      <groupId>com.azure</groupId>
                      <artifactId>azure-storage-queue</artifactId>
                      <version>12.29.0</version>
                      <scope>test</scope>
                      <exclusions>
                        <exclusion><groupId>com.azure</groupId><artifactId>azure-core-http-netty</artifactId></exclusion>
                      </exclusions>
                    </dependency>
                    <dependency>
                      <groupId>com.azure</groupId>
                      <artifactId>azure-storage-blob</artifactId>
                      <scope>test</scope>
                      <exclusions>
                        <exclusion><groupId>com.azure</groupId><artifactId>azure-core-http-netty</artifactId></exclusion>
                      </exclusions>
                    </dependency>
                    <dependency>
                      <groupId>com.azure</groupId>
                      <artifactId>azure-core-http-jdk-httpclient</artifactId>
                      <version>1.1.7</version>
                      <scope>test</scope>
                    </dependency>
                    <dependency>
                      <groupId>org.junit.jupiter</groupId>
                      <artifactId>junit-jupiter</artifactId>
                      <scope>test</scope>
                    </dependency>
                    <dependency>
                      <groupId>org.assertj</groupId>
                      <artifactId>assertj-core</artifactId>
                      <version>3.27.7</version>
                      <scope>test</scope>
                    </dependency>
                    <dependency>
                      <groupId>org.slf4j</groupId>
                      <artifactId>slf4j-simple</artifactId>
                      <version>2.0.20</version>
                      <scope>test</scope>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>3.3.1</version>
                      </plugin>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.14.0</version>
                      </plugin>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-surefire-plugin</artifactId>
                        <version>3.5.4</version>
                        <configuration>
                          <argLine>-Djdk.httpclient.allowRestrictedHeaders=content-length</argLine>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(version);
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("The build sets -D" + name + " (see azure-testing/pom.xml)");
        }
        return value;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
