package io.github.aobackgroundjobs.doctests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's quick start, as its statements would run in a main, runs a job to SUCCEEDED. */
class QuickStartTest {

    @Test
    void theQuickStartRunsAJobToSucceeded() throws Exception {
        Snippet quickStart =
                Snippet.in(DocSnippetsTest.root().resolve("README.md")).get(0);
        SnippetCompiler.Result compiled = new SnippetCompiler().compile(quickStart);
        assertThat(compiled.ok())
                .as("the quick start compiles:%n%s", compiled.errors())
                .isTrue();
        assertThat(compiled.shape())
                .as("the quick start is statements a main runs")
                .isEqualTo("statements");

        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                Map<String, byte[]> classes = compiled.classes();
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        Class<?> type = loader.loadClass(quickStart.className());
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        Method run = type.getDeclaredMethod("run");
        run.setAccessible(true);

        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            run.invoke(constructor.newInstance());
        } finally {
            System.setOut(original);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .as("the quick start prints the finished job")
                .contains("SUCCEEDED {\"file\":\"Sales Q3.pdf\"}");
    }
}
