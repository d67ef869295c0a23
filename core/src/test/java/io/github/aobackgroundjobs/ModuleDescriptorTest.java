package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module exports what applications and implementers use, and never the engine. */
class ModuleDescriptorTest {

    @Test
    void coreExportsItsApiAndSpiButNotTheEngine() throws Exception {
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(Path.of("target", "classes", "module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        assertThat(descriptor.name()).isEqualTo("io.github.aobackgroundjobs.core");
        assertThat(descriptor.exports().stream()
                        .filter(e -> !e.isQualified())
                        .map(ModuleDescriptor.Exports::source)
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(
                        "io.github.aobackgroundjobs",
                        "io.github.aobackgroundjobs.spi",
                        "io.github.aobackgroundjobs.delivery",
                        "io.github.aobackgroundjobs.webhook",
                        "io.github.aobackgroundjobs.memory");
    }
}
