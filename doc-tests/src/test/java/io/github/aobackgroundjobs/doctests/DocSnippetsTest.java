package io.github.aobackgroundjobs.doctests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every Java snippet in README.md and docs/ compiles, as a reader would paste it. */
class DocSnippetsTest {

    static Path root() {
        Path dir = Path.of(System.getProperty("backgroundjobs.root", "..")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("README.md not found above " + System.getProperty("backgroundjobs.root"));
        }
        return dir;
    }

    static List<Snippet> allSnippets() throws IOException {
        Path root = root();
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Snippet> snippets = new ArrayList<>();
        for (Path file : files) {
            snippets.addAll(Snippet.in(file));
        }
        return snippets;
    }

    @Test
    void theDocsHaveJavaSnippets() throws IOException {
        assertThat(allSnippets()).as("README.md and docs/ show Java code").hasSizeGreaterThanOrEqualTo(10);
    }

    @TestFactory
    Stream<DynamicTest> everySnippetCompiles() throws IOException {
        SnippetCompiler compiler = new SnippetCompiler();
        return allSnippets().stream()
                .map(snippet -> DynamicTest.dynamicTest(snippet.where(), () -> {
                    SnippetCompiler.Result result = compiler.compile(snippet);
                    assertThat(result.ok())
                            .as("%s does not compile:%n%s%n%s", snippet.where(), snippet.code(), result.errors())
                            .isTrue();
                }));
    }
}
