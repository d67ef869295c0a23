package io.github.aobackgroundjobs.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StaticResourcesTest {

    @Test
    void theListNamesEveryFileOfTheStaticDirectoryAndNoOther() throws IOException {
        Path dir = Path.of("src/main/resources/io/github/aobackgroundjobs/dashboard/static");
        Set<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertThat(StaticResources.FILES).isEqualTo(files);
    }

    @Test
    void everyListedFileIsServedWithItsTypeAndOtherNamesAreNot() {
        StaticResources resources = new StaticResources();
        for (String name : StaticResources.FILES) {
            assertThat(resources.get(name))
                    .as(name)
                    .hasValueSatisfying(r -> assertThat(r.bytes()).isNotEmpty());
        }
        assertThat(resources.get("bell.js").orElseThrow().contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(resources.get("icon.svg").orElseThrow().contentType()).isEqualTo("image/svg+xml");
        assertThat(resources.get("missing.js")).isEmpty();
        assertThat(resources.get("../static/bell.js")).isEmpty();
        assertThat(resources.get("")).isEmpty();
    }
}
