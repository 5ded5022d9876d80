package io.github.proxywasm4j.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the filter author's guide of the generated project (the archetype's {@code GUIDE.md}) into
 * a filter project, so that every snippet in it is compiled and tested (issue 13). A fenced block
 * after {@code <!-- tested filter: ROOT -->} is a complete filter registering root id ROOT; it
 * becomes {@code assembly/guide_ROOT.ts}. A fenced block after {@code <!-- tested test: CLASS -->}
 * holds test methods for the filter above it; they become {@code src/test/java/guide/CLASS.java}
 * inside the class shape the guide shows. {@code assembly/index.ts} imports every filter, so one
 * module registers all root ids.
 */
public final class GuideSnippets {
    private static final Pattern SNIPPET =
            Pattern.compile(
                    "<!-- tested (filter|test): ([A-Za-z0-9_]+) -->\\s*```(ts|java)\\n(.*?)\\n```",
                    Pattern.DOTALL);

    private static final String TEST_CLASS =
            """
            package guide;

            import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;
            import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThatThrownBy;

            import io.github.proxywasm4j.host.FilterAction;
            import io.github.proxywasm4j.host.Headers;
            import io.github.proxywasm4j.host.upstream.HttpCallResponse;
            import io.github.proxywasm4j.host.HttpStream;
            import io.github.proxywasm4j.host.PluginStartException;
            import io.github.proxywasm4j.host.ProxyWasmPlugin;
            import io.github.proxywasm4j.host.SharedState;
            import io.github.proxywasm4j.host.upstream.StubHttpUpstream;
            import io.github.proxywasm4j.host.VirtualClock;
            import io.github.proxywasm4j.host.LogLevel;
            import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
            import java.nio.file.Path;
            import java.time.Duration;
            import java.util.List;
            import org.junit.jupiter.api.Test;
            import org.junit.jupiter.api.extension.RegisterExtension;

            class %s {
                @RegisterExtension
                static final ProxyWasmExtension wasm =
                        ProxyWasmExtension.forModule(Path.of(System.getProperty("wasm.module", "target/wasm/optimized.wasm")))
                                .withRootId("%s")
                                .build();

            %s
            }
            """;

    private GuideSnippets() {}

    /** The guide in this repository, seen from a case folder ({@code it/target/it/<case>}). */
    public static Path guide(Path caseDir) {
        return archetypeResources(caseDir).resolve("GUIDE.md");
    }

    static Path archetypeResources(Path caseDir) {
        return caseDir.toAbsolutePath()
                .normalize()
                .getParent()
                .getParent()
                .getParent()
                .getParent()
                .resolve("archetype/src/main/resources/archetype-resources");
    }

    /**
     * Writes the guide's filters and tests, and the generated project's {@code assembly/safe.ts},
     * into a case folder; returns the test class names.
     */
    public static List<String> writeProject(Path caseDir) throws IOException {
        var text = Files.readString(guide(caseDir), StandardCharsets.UTF_8);
        var assembly = Files.createDirectories(caseDir.resolve("assembly"));
        var tests = Files.createDirectories(caseDir.resolve("src/test/java/guide"));
        Files.copy(
                archetypeResources(caseDir).resolve("assembly/safe.ts"),
                assembly.resolve("safe.ts"));
        var index = new StringBuilder("export * from \"@solo-io/proxy-runtime/proxy\";\n");
        var classes = new ArrayList<String>();
        String root = null;
        var m = SNIPPET.matcher(text);
        while (m.find()) {
            var kind = m.group(1);
            var name = m.group(2);
            var language = m.group(3);
            var body = m.group(4);
            if (kind.equals("filter")) {
                require(language.equals("ts"), "the filter " + name + " is not a ts block");
                root = name;
                Files.writeString(assembly.resolve("guide_" + name + ".ts"), body + "\n");
                index.append("import \"./guide_").append(name).append("\";\n");
            } else {
                require(language.equals("java"), "the test " + name + " is not a java block");
                require(root != null, "the test " + name + " comes before any filter");
                var indented = body.lines().map(l -> l.isBlank() ? "" : "    " + l).toList();
                Files.writeString(
                        tests.resolve(name + ".java"),
                        TEST_CLASS.formatted(name, root, String.join("\n", indented)));
                classes.add(name);
            }
        }
        require(!classes.isEmpty(), "no <!-- tested ... --> snippets in " + guide(caseDir));
        // The generated project's example callout filter is the guide's, tested here as well.
        var example = archetypeResources(caseDir).resolve("assembly/ext_auth_example.ts");
        require(
                Files.readString(example)
                        .equals(Files.readString(assembly.resolve("guide_ext_auth.ts"))),
                "the ext_auth filter differs from " + example + "; keep the two the same");
        Files.writeString(assembly.resolve("index.ts"), index.toString());
        return classes;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException("GUIDE.md: " + problem);
        }
    }
}
