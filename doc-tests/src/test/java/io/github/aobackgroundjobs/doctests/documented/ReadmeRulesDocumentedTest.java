package io.github.aobackgroundjobs.doctests.documented;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README.md's statements about the build itself: every relative link leads to a file (and a
 * heading, where it names one), the core module depends on Jackson and SLF4J only, and the
 * Dependency section names the version the build makes.
 */
class ReadmeRulesDocumentedTest {

    private static Path root() {
        Path dir = Path.of(System.getProperty("backgroundjobs.root", "..")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("README.md above the working directory").isNotNull();
        return dir;
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
    private static String anchor(String heading) {
        String text = heading.replaceAll("`", "").strip().toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static List<String> anchors(Path markdown) throws IOException {
        List<String> anchors = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.startsWith("#")) {
                anchors.add(anchor(line.replaceFirst("^#+", "")));
            }
        }
        return anchors;
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndItsHeading() throws IOException {
        Path root = root();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher link = Pattern.compile("\\]\\(([^)\\s]+)\\)").matcher(readme);
        int checked = 0;
        while (link.find()) {
            String target = link.group(1);
            if (target.startsWith("http://") || target.startsWith("https://")) {
                continue;
            }
            int hash = target.indexOf('#');
            Path file = root.resolve(hash < 0 ? target : target.substring(0, hash));
            assertThat(file).as("the target of %s", target).exists();
            if (hash >= 0) {
                assertThat(anchors(file)).as("the headings of %s", file).contains(target.substring(hash + 1));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void coreDependsOnJacksonAndSlf4jOnly() throws IOException {
        String pom = Files.readString(root().resolve("core/pom.xml"), StandardCharsets.UTF_8);
        String dependencies = pom.substring(pom.indexOf("<dependencies>"), pom.indexOf("</dependencies>"));
        Matcher dependency = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL)
                .matcher(dependencies);
        List<String> compile = new ArrayList<>();
        while (dependency.find()) {
            String body = dependency.group(1);
            if (!body.contains("<scope>test</scope>")) {
                Matcher group = Pattern.compile("<groupId>([^<]+)</groupId>").matcher(body);
                assertThat(group.find()).isTrue();
                compile.add(group.group(1));
            }
        }
        assertThat(compile)
                .isNotEmpty()
                .allMatch(g -> g.startsWith("com.fasterxml.jackson") || g.equals("org.slf4j"), "Jackson or SLF4J");
    }

    @Test
    void theDependencySectionNamesTheVersionTheBuildMakes() throws IOException {
        Path root = root();
        String bom = Files.readString(root.resolve("bom/pom.xml"), StandardCharsets.UTF_8);
        Matcher version = Pattern.compile("<version>([^<]+)</version>").matcher(bom);
        assertThat(version.find()).isTrue();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme)
                .contains("<artifactId>backgroundjobs-bom</artifactId>\n      <version>" + version.group(1)
                        + "</version>");
    }
}
