package io.github.aobackgroundjobs.doctests;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a snippet in memory against the test class path, in the first of three shapes that
 * compiles: statements in a method, members of a class, or a whole compilation unit. A snippet
 * that declares a top-level public type is tried as a whole compilation unit first, and the types
 * it declares are visible to the later snippets of the same file, as to a reader going down the
 * page (the function app at the top of a page, then its test).
 */
final class SnippetCompiler {

    /** What every snippet may use without importing it, as a reader of the docs would expect. */
    private static final String IMPORTS = String.join(
            "\n",
            "import io.github.aobackgroundjobs.*;",
            "import io.github.aobackgroundjobs.spi.*;",
            "import io.github.aobackgroundjobs.delivery.*;",
            "import io.github.aobackgroundjobs.memory.*;",
            "import io.github.aobackgroundjobs.webhook.*;",
            "import io.github.aobackgroundjobs.jdbc.*;",
            "import io.github.aobackgroundjobs.azure.*;",
            "import io.github.aobackgroundjobs.dashboard.*;",
            "import java.time.*;",
            "import java.util.*;",
            "import javax.sql.DataSource;",
            "import com.microsoft.azure.functions.*;",
            "import com.microsoft.azure.functions.annotation.*;",
            "");

    /** What a compilation produced. */
    record Result(boolean ok, String shape, String errors, Map<String, byte[]> classes) {}

    private static final Pattern PUBLIC_TYPE =
            Pattern.compile("(?m)^public\\s+(?:final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");

    private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();

    /** Per Markdown file, a directory with the classes of its snippets compiled so far as units. */
    private final Map<Path, Path> unitClasses = new HashMap<>();

    Result compile(Snippet snippet) {
        List<String> imports = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (String line : snippet.code().split("\n", -1)) {
            if (line.startsWith("import ")) {
                imports.add(line);
            } else {
                body.append(line).append('\n');
            }
        }
        String header = String.join("\n", imports) + "\n" + IMPORTS;
        String name = snippet.className();
        String params = snippet.given();
        String fields = params.isBlank() ? "" : String.join(";\n", params.split(",\\s*")) + ";\n";
        List<String> errors = new ArrayList<>();
        String[] statements = {
            "statements",
            header + "class " + name + " {\n void run(" + params + ") throws Exception {\n" + body + "\n}\n}\n"
        };
        String[] members = {"members", header + "class " + name + " {\n" + fields + body + "\n}\n"};
        String[] unit = {"unit", header + body};
        Matcher publicType = PUBLIC_TYPE.matcher(body);
        boolean declaresType = publicType.find();
        String unitName = declaresType ? publicType.group(1) : name;
        String[][] shapes =
                declaresType ? new String[][] {unit, statements, members} : new String[][] {statements, members, unit};
        Path earlier = unitClasses.computeIfAbsent(snippet.file(), file -> {
            try {
                Path target = Files.createDirectories(Path.of("target"));
                return Files.createTempDirectory(target, "snippet-classes-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        for (String[] shape : shapes) {
            boolean isUnit = shape == unit;
            Result result = compile(isUnit ? unitName : name, shape[0], shape[1], earlier);
            if (result.ok()) {
                if (isUnit) {
                    keep(result.classes(), earlier);
                }
                return result;
            }
            errors.add("as " + shape[0] + ":\n" + result.errors());
        }
        return new Result(false, "none", String.join("\n", errors), Map.of());
    }

    private static void keep(Map<String, byte[]> classes, Path dir) {
        try {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                Path file = dir.resolve(c.getKey().replace('.', '/') + ".class");
                Files.createDirectories(file.getParent());
                Files.write(file, c.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Result compile(String name, String shape, String source, Path earlier) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null);
        Map<String, ByteArrayOutputStream> out = new HashMap<>();
        JavaFileManager files = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(
                    JavaFileManager.Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                out.put(className, bytes);
                return new SimpleJavaFileObject(URI.create("mem:///" + className + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return bytes;
                    }
                };
            }
        };
        JavaFileObject unit =
                new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                };
        String classPath = System.getProperty("java.class.path") + File.pathSeparator + earlier;
        List<String> options = List.of("-classpath", classPath, "-proc:none", "-nowarn");
        boolean ok = compiler.getTask(null, files, diagnostics, options, null, List.of(unit))
                .call();
        try {
            files.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder errors = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.append("  line ")
                        .append(d.getLineNumber())
                        .append(": ")
                        .append(d.getMessage(Locale.ROOT))
                        .append('\n');
            }
        }
        Map<String, byte[]> classes = new HashMap<>();
        out.forEach((k, v) -> classes.put(k, v.toByteArray()));
        return new Result(ok, shape, errors.toString(), classes);
    }
}
