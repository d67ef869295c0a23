package io.github.aobackgroundjobs.doctests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fenced {@code java} block of a Markdown file. An HTML comment right above the block,
 * {@code <!-- given: Type name, Type name -->}, declares the variables the snippet uses without
 * declaring them (a repository built elsewhere); they become parameters of the method the snippet
 * is compiled in.
 */
record Snippet(Path file, int line, String code, String given) {

    private static final Pattern GIVEN = Pattern.compile("<!--\\s*given:\\s*(.*?)\\s*-->");

    /** @return the file's java blocks, in order */
    static List<Snippet> in(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Snippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).trim().equals("```java")) {
                continue;
            }
            String given = "";
            for (int back = i - 1; back >= Math.max(0, i - 2); back--) {
                Matcher m = GIVEN.matcher(lines.get(back));
                if (m.find()) {
                    given = m.group(1);
                    break;
                }
            }
            StringBuilder code = new StringBuilder();
            int start = i + 1;
            for (i = start; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
                code.append(lines.get(i)).append('\n');
            }
            snippets.add(new Snippet(file, start + 1, code.toString(), given));
        }
        return snippets;
    }

    /** @return file:line, for messages */
    String where() {
        return file.getFileName() + ":" + line;
    }

    /** @return a Java identifier unique to this snippet */
    String className() {
        return "Snippet_" + file.getFileName().toString().replaceAll("[^A-Za-z0-9]", "_") + "_" + line;
    }
}
