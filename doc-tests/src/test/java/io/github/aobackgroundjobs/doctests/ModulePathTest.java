package io.github.aobackgroundjobs.doctests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The published modules that declare a {@code module-info} resolve on a module path built from
 * their own dependencies, and export their API but not their engine.
 */
class ModulePathTest {
    private static final String CORE = "io.github.aobackgroundjobs.core";
    private static final String JDBC = "io.github.aobackgroundjobs.jdbc";
    private static final String TESTKIT = "io.github.aobackgroundjobs.testkit";

    @Test
    void theNamedModulesResolveAndHideTheirInternals() {
        Path[] path = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> p.toString().contains("aobackgroundjobs")
                        || p.toString().contains("backgroundjobs")
                        || p.toString().contains("jackson")
                        || p.toString().contains("slf4j")
                        || p.toString().contains("jdbi")
                        || p.toString().contains("junit")
                        || p.toString().contains("opentest4j")
                        || p.toString().contains("apiguardian")
                        || p.toString().contains("assertj")
                        || p.toString().contains("byte-buddy")
                        || p.toString().contains("antlr")
                        || p.toString().contains("geantyref")
                        || p.toString().contains("caffeine"))
                .toArray(Path[]::new);
        ModuleFinder finder = ModuleFinder.of(path);

        Configuration resolved =
                ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of(CORE, JDBC, TESTKIT));

        Set<String> names =
                resolved.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet());
        assertThat(names).as("core, jdbc and testkit resolve").contains(CORE, JDBC, TESTKIT);
        assertThat(exports(resolved, JDBC))
                .as("the JDBC module exports its API, not its SQL")
                .containsExactly("io.github.aobackgroundjobs.jdbc");
        assertThat(exports(resolved, TESTKIT))
                .as("the testkit exports its suites")
                .containsExactly("io.github.aobackgroundjobs.testkit");
        assertThat(exports(resolved, CORE))
                .as("core exports everything but its engine")
                .doesNotContain("io.github.aobackgroundjobs.internal")
                .contains("io.github.aobackgroundjobs", "io.github.aobackgroundjobs.spi");
    }

    private static Set<String> exports(Configuration configuration, String module) {
        ModuleDescriptor descriptor =
                configuration.findModule(module).orElseThrow().reference().descriptor();
        assertThat(descriptor.isAutomatic()).as(module + " has a module-info").isFalse();
        return descriptor.exports().stream()
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
    }
}
