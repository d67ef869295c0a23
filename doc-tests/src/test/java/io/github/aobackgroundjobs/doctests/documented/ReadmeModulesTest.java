package io.github.aobackgroundjobs.doctests.documented;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README.md's Dependency section and Modules table name every artifact the BOM manages. */
class ReadmeModulesTest {

    private static Path root() {
        Path dir = Path.of(System.getProperty("backgroundjobs.root", "..")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("README.md above the working directory").isNotNull();
        return dir;
    }

    private static String section(String readme, String heading) {
        int start = readme.indexOf(heading);
        assertThat(start).as(heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + heading.length());
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    @Test
    void everyArtifactOfTheBomIsNamedInTheDependencySectionAndTheModulesTable() throws IOException {
        Path root = root();
        String bom = Files.readString(root.resolve("bom/pom.xml"), StandardCharsets.UTF_8);
        List<String> artifacts = new ArrayList<>();
        Matcher m = Pattern.compile("<artifactId>(backgroundjobs-[a-z-]+)</artifactId>")
                .matcher(bom.substring(bom.indexOf("<dependencyManagement>")));
        while (m.find()) {
            if (!artifacts.contains(m.group(1))) {
                artifacts.add(m.group(1));
            }
        }
        assertThat(artifacts).contains("backgroundjobs-core", "backgroundjobs-scheduler");
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        String dependency = section(readme, "## Dependency");
        String modules = section(readme, "## Modules");
        for (String artifact : artifacts) {
            assertThat(dependency).as("## Dependency names %s", artifact).contains(artifact);
            assertThat(modules).as("## Modules names %s", artifact).contains("`" + artifact + "`");
        }
    }
}
